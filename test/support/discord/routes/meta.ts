// Who-am-I routes: gateway discovery (how discord.js finds the fake's WebSocket), the bot's user and
// application, and opening a DM channel.
import type { APIApplication, RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import { ApplicationFlags, GatewayIntentBits } from 'discord-api-types/v10';
import type { Route } from '../http.js';
import { ok, optionalString, requireBot } from '../http.js';
import { apiChannel, apiUser } from '../payloads.js';
import { invalidForm } from '../errors.js';
import { dmChannel } from '../world.js';
import { avatarHash } from './webhook-rules.js';

/** Discord lets a user change its avatar twice in a short while, then answers AVATAR_RATE_LIMITED. */
const AVATAR_CHANGES_ALLOWED = 2;

export const metaRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/gateway',
    auth: 'none',
    handle: ({ ctx }) => ok({ url: ctx.gatewayUrl() }),
  },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    auth: 'bot',
    handle: (req) => {
      const bot = requireBot(req);
      const guildCount = req.ctx.state.guildIdsOf(bot.userId).length;
      const info: RESTGetAPIGatewayBotResult = {
        url: req.ctx.gatewayUrl(),
        // Discord recommends about one shard per 1,000 guilds (and at least one).
        shards: Math.max(1, Math.ceil(guildCount / req.ctx.options.recommendedGuildsPerShard)),
        // remaining must cover the shard count or connect() throws; reset_after is how long
        // @discordjs/ws caches this answer.
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      };
      return ok(info);
    },
  },
  {
    method: 'GET',
    pattern: '/users/@me',
    auth: 'bot',
    handle: (req) => ok(apiUser(req.ctx.state.user(requireBot(req).userId))),
  },
  {
    // Modify Current User: a bot may change its username (2–32 characters) and avatar (image data).
    method: 'PATCH',
    pattern: '/users/@me',
    auth: 'bot',
    handle: (req) => {
      const user = req.ctx.state.user(requireBot(req).userId);
      const username = optionalString(req.body, 'username');
      if (username !== undefined && ([...username].length < 2 || [...username].length > 32)) {
        throw invalidForm('username', {
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 2 and 32 in length.',
        });
      }
      if ('avatar' in req.body) {
        if ((user.avatarChanges ?? 0) >= AVATAR_CHANGES_ALLOWED) {
          throw invalidForm('avatar', {
            code: 'AVATAR_RATE_LIMITED',
            message: 'You are changing your avatar too fast. Try again later.',
          });
        }
        user.avatar = avatarHash(req.body.avatar);
        user.avatarChanges = (user.avatarChanges ?? 0) + 1;
      }
      if (username !== undefined) user.username = username;
      return ok(apiUser(user));
    },
  },
  {
    method: 'GET',
    pattern: '/users/:userId',
    auth: 'bot',
    handle: (req) => {
      requireBot(req);
      return ok(apiUser(req.ctx.state.user(req.params.userId ?? '')));
    },
  },
  {
    method: 'GET',
    pattern: '/applications/@me',
    auth: 'bot',
    handle: (req) => {
      const bot = requireBot(req);
      const user = req.ctx.state.user(bot.userId);
      const application: APIApplication = {
        id: bot.applicationId,
        name: user.username,
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        bot: apiUser(user),
        summary: '',
        verify_key: '0'.repeat(64),
        team: null,
        flags: portalFlags(bot.allowedPrivilegedIntents),
        flags_new: '0',
      };
      return ok(application);
    },
  },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    auth: 'bot',
    handle: (req) => {
      const bot = requireBot(req);
      const recipientId = optionalString(req.body, 'recipient_id') ?? '';
      req.ctx.state.user(recipientId);
      return ok(apiChannel(req.ctx.state, dmChannel(req.ctx, recipientId, bot.userId)));
    },
  },
];

/** The application flags that say which privileged intents are switched on in the portal. */
function portalFlags(allowed: number): number {
  return (
    (allowed & GatewayIntentBits.MessageContent ? ApplicationFlags.GatewayMessageContent : 0) |
    (allowed & GatewayIntentBits.GuildMembers ? ApplicationFlags.GatewayGuildMembers : 0) |
    (allowed & GatewayIntentBits.GuildPresences ? ApplicationFlags.GatewayPresence : 0)
  );
}
