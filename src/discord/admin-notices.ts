// Tells a channel's admins about a problem only they can fix (the channel is at Discord's webhook cap,
// the bot lacks Manage Webhooks), as a plain message from the bot in that channel. Once per channel and
// topic per NOTICE_REPEAT_MS across all processes (SET NX with an expiry), so a channel where every turn
// fails is told once, not on every turn.
import type { Client } from 'discord.js';
import { Routes } from 'discord.js';
import type { Redis } from 'ioredis';
import type { CoreLogger } from '../core/ports.js';
import type { Keys } from '../store/keys.js';

/** After this long, a problem still there is mentioned again, ms. */
export const NOTICE_REPEAT_MS = 24 * 60 * 60 * 1000;

export class AdminNotices {
  constructor(
    private readonly client: Client,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: CoreLogger,
  ) {}

  /** Posts `text` in the channel unless this topic was already posted there recently. */
  async tellOnce(channelId: string, topic: string, text: string): Promise<boolean> {
    const first = await this.redis.set(this.keys.notice(channelId, topic), '1', 'PX', NOTICE_REPEAT_MS, 'NX');
    if (first !== 'OK') return false;
    await this.notify(channelId, text);
    return true;
  }

  /** Posts `text` in the channel as the bot; best effort (a channel we cannot write to is only logged). */
  async notify(channelId: string, text: string): Promise<void> {
    try {
      await this.client.rest.post(Routes.channelMessages(channelId), {
        body: { content: text, allowed_mentions: { parse: [] } },
      });
    } catch (err) {
      this.log.warn({ err, channelId }, 'could not post an admin notice');
    }
  }
}
