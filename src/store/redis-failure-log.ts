// Model failures per channel in Redis, so admins can find out why a persona passed its turn: a capped
// list of `TurnFailure` JSON, newest first, that expires when nothing fails for a while. Also the gate
// that keeps admin notices to one per key per interval across every process (SET NX PX).
import type { RedisClient } from './redis-connection.js';
import type { FailureLog, TurnFailure } from '../core/ports.js';
import type { Keys } from './keys.js';

/** Failures kept per channel. */
export const FAILURES_KEPT = 50;

/** A channel's failure list is dropped after this long without a new failure, ms. */
export const FAILURES_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export class RedisFailureLog implements FailureLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async record(channelId: string, failure: TurnFailure): Promise<void> {
    const key = this.keys.failures(channelId);
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(failure))
      .ltrim(key, 0, FAILURES_KEPT - 1)
      .pexpire(key, FAILURES_TTL_MS)
      .exec();
  }

  async recent(channelId: string, limit: number): Promise<TurnFailure[]> {
    const count = Math.min(Math.floor(limit), FAILURES_KEPT);
    if (!(count > 0)) return [];
    const raws = await this.redis.lrange(this.keys.failures(channelId), 0, count - 1);
    return raws.map((raw) => JSON.parse(raw) as TurnFailure);
  }

  async claimNotice(key: string, ttlMs: number): Promise<boolean> {
    const set = await this.redis.set(
      this.keys.noticeGate(key),
      '1',
      'PX',
      Math.max(1, Math.round(ttlMs)),
      'NX',
    );
    return set === 'OK';
  }
}
