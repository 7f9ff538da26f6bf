// The one webhook per channel that personas speak through, owned by our application and named
// WEBHOOK_NAME. Found or created once across every process sharing the Redis: the `{ id, token }` is
// cached under keys.webhook(channelId), and only the holder of keys.webhookLock(channelId) may look for
// it on Discord or create it (the others wait for the cache), so two processes never create two. A
// webhook Discord says is gone (10015) is dropped from the cache only if nobody replaced it meanwhile;
// when the channel's webhooks change (WEBHOOKS_UPDATE), the cache is dropped and looked up again.
import type { APIWebhook, Client } from 'discord.js';
import { Routes } from 'discord.js';
import type { RedisClient } from '../store/redis-connection.js';
import type { CoreLogger } from '../core/ports.js';
import { ChannelLock } from '../store/channel-lock.js';
import type { Keys } from '../store/keys.js';
import { BotIdentity, type BotIds } from './bot-identity.js';

/** Our webhooks' name in every channel (people see it under Integrations → Webhooks). */
export const WEBHOOK_NAME = 'Troupe';

/** How long one process may spend finding or creating a webhook before the lock frees itself, ms. */
const LOCK_TTL_MS = 15_000;
/** How often a process waiting for another's webhook looks at the cache, ms. */
const WAIT_POLL_MS = 50;

/** A webhook's id and token. The token is a secret: never log it. */
export interface ChannelWebhook {
  id: string;
  token: string;
}

/** KEYS[1] the cache key; ARGV[1] the stale webhook's id. Deletes the cache only if it still holds that id. */
const DROP_IF_STALE = `
local raw = redis.call('GET', KEYS[1])
if raw and cjson.decode(raw).id == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class WebhookStore {
  private readonly memory = new Map<string, ChannelWebhook>();
  private readonly pending = new Map<string, Promise<ChannelWebhook>>();
  private readonly lock: ChannelLock;

  /**
   * `identity` tells our webhooks from others': the main bot's ids (bot-identity.ts: from READY, or, in a
   * worker, which has no gateway session, fetched over REST); the client's own from READY by default.
   */
  constructor(
    private readonly client: Client,
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly log: CoreLogger,
    private readonly identity: BotIds = new BotIdentity(client),
  ) {
    this.lock = new ChannelLock(redis, (channelId) => keys.webhookLock(channelId), { ttlMs: LOCK_TTL_MS });
  }

  /** The webhook of a channel (never a thread: threads post through their parent's). */
  get(channelId: string): Promise<ChannelWebhook> {
    const known = this.memory.get(channelId);
    if (known) return Promise.resolve(known);
    let pending = this.pending.get(channelId);
    if (!pending) {
      pending = this.load(channelId).finally(() => this.pending.delete(channelId));
      this.pending.set(channelId, pending);
    }
    return pending;
  }

  /** Forgets a webhook Discord no longer knows, unless another process already replaced it. */
  async invalidate(channelId: string, stale: ChannelWebhook): Promise<void> {
    if (this.memory.get(channelId)?.id === stale.id) this.memory.delete(channelId);
    await this.redis.eval(DROP_IF_STALE, 1, this.keys.webhook(channelId), stale.id);
  }

  /**
   * Forgets the channel's webhook everywhere (its webhooks changed: ours may have been deleted, or moved
   * to another channel, where posting through it would put personas in the wrong place). The next post
   * looks it up on Discord again, and finds it there if it is still ours and still in this channel.
   */
  async forget(channelId: string): Promise<void> {
    this.memory.delete(channelId);
    await this.redis.del(this.keys.webhook(channelId));
  }

  /** True for a webhook this process knows as one of ours (the gateway also checks the application id). */
  isKnown(webhookId: string): boolean {
    for (const webhook of this.memory.values()) if (webhook.id === webhookId) return true;
    return false;
  }

  private async load(channelId: string): Promise<ChannelWebhook> {
    const deadline = Date.now() + 2 * LOCK_TTL_MS;
    for (;;) {
      const cached = await this.cached(channelId);
      if (cached) return this.remember(channelId, cached);
      const held = await this.lock.acquire(channelId);
      if (held) {
        try {
          // Another process may have finished between our read and our lock.
          const again = await this.cached(channelId);
          if (again) return this.remember(channelId, again);
          const webhook = await this.findOrCreate(channelId);
          await this.redis.set(this.keys.webhook(channelId), JSON.stringify(webhook));
          return this.remember(channelId, webhook);
        } finally {
          await held.release();
        }
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the webhook of channel ${channelId}`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  private async cached(channelId: string): Promise<ChannelWebhook | undefined> {
    const raw = await this.redis.get(this.keys.webhook(channelId));
    if (raw === null) return undefined;
    try {
      const value = JSON.parse(raw) as Partial<ChannelWebhook>;
      if (typeof value.id === 'string' && typeof value.token === 'string')
        return { id: value.id, token: value.token };
    } catch {
      // fall through: a broken cache entry is replaced below
    }
    this.log.warn({ channelId }, 'unreadable webhook cache entry; looking the webhook up again');
    return undefined;
  }

  private remember(channelId: string, webhook: ChannelWebhook): ChannelWebhook {
    this.memory.set(channelId, webhook);
    return webhook;
  }

  /** Ours if it exists (PluralKit's rule: our application, our name, a token we can use), else a new one. */
  private async findOrCreate(channelId: string): Promise<ChannelWebhook> {
    const appId = this.identity.applicationId;
    const botId = this.identity.userId;
    const existing = (await this.client.rest.get(Routes.channelWebhooks(channelId))) as APIWebhook[];
    const ours = existing.find(
      (w) =>
        w.token !== undefined &&
        w.name === WEBHOOK_NAME &&
        ((appId !== undefined && w.application_id === appId) ||
          (botId !== undefined && w.user?.id === botId)),
    );
    if (ours?.token) return { id: ours.id, token: ours.token };
    const created = (await this.client.rest.post(Routes.channelWebhooks(channelId), {
      body: { name: WEBHOOK_NAME },
      reason: 'Troupe: the personas speak through this webhook',
    })) as APIWebhook;
    if (!created.token) throw new Error('Discord created a webhook without a token');
    this.log.info({ channelId, webhookId: created.id }, 'created webhook');
    return { id: created.id, token: created.token };
  }
}
