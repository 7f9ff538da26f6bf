// Channel routes other than messages and webhooks: read a channel, show typing (TYPING_START to the
// other bots, recorded in `typingEvents`), and start a thread.
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { emitTypingStart } from '../events.js';
import { invalidForm } from '../errors.js';
import type { Route } from '../http.js';
import { created, noContent, ok, optionalString } from '../http.js';
import { apiChannel } from '../payloads.js';
import { createThread } from '../world.js';
import { channelFor, sendPermission } from './access.js';

export const channelRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/channels/:channelId',
    auth: 'bot',
    handle: (req) => ok(apiChannel(req.ctx.state, channelFor(req).channel)),
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/typing',
    auth: 'bot',
    handle: (req) => {
      const channel = req.ctx.state.channel(req.params.channelId ?? '');
      const { bot } = channelFor(req, sendPermission(channel));
      emitTypingStart(req.ctx, channel, bot.userId);
      req.ctx.recorder.typingEvents.push({
        channelId: channel.id,
        ...(channel.guildId ? { guildId: channel.guildId } : {}),
        userId: bot.userId,
        atMs: Date.now(),
      });
      req.ctx.recorder.changed();
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/threads',
    auth: 'bot',
    handle: (req) => {
      const type = (req.body.type as number | undefined) ?? ChannelType.PrivateThread;
      const needed =
        type === ChannelType.PublicThread
          ? PermissionFlagsBits.CreatePublicThreads
          : PermissionFlagsBits.CreatePrivateThreads;
      const { bot, channel } = channelFor(req, needed);
      const name = optionalString(req.body, 'name') ?? '';
      if (name.length < 1 || name.length > 100) {
        throw invalidForm('name', {
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 100 in length.',
        });
      }
      const thread = createThread(req.ctx, channel.id, {
        name,
        ownerId: bot.userId,
        type: type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread,
      });
      return created(apiChannel(req.ctx.state, thread));
    },
  },
];
