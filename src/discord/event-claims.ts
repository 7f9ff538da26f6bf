// Several processes may run on one bot token, and Discord then sends each of them every event. The
// first process to claim an event (SET NX with an expiry) handles it; the rest drop it, so a message
// becomes one line and a slash command gets one answer.
import type { RedisClient } from '../store/redis-connection.js';
import type { Keys } from '../store/keys.js';

/** Long enough to outlast any redelivery (a resumed session replays minutes at most), ms. */
export const CLAIM_TTL_MS = 10 * 60 * 1000;

export class EventClaims {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** True for the first caller per `eventId` within `ttlMs`, in any process. */
  async claim(eventId: string, ttlMs = CLAIM_TTL_MS): Promise<boolean> {
    return (await this.redis.set(this.keys.gatewayEvent(eventId), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
