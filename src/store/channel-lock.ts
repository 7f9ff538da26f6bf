// One holder per channel, across every process (a turn in flight; a webhook being found or created): a
// Redis lock (SET NX PX) owned by a random token, renewed while it is held, released only by its owner.
// A crashed owner's lock expires after `ttlMs`, so a killed process never blocks a channel for long.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection.js';

/**
 * KEYS[1] lock key
 * ARGV[1] owner token
 * ARGV[2] ttl, ms (only for renew)
 * Returns 1 when the caller owned the lock (and released / renewed it), else 0.
 */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  release(): Promise<void>;
}

export interface ChannelLockOptions {
  /** Lock lifetime without renewal, ms. @defaultValue 30_000 */
  ttlMs?: number;
}

export class ChannelLock {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keyFor: (channelId: string) => string,
    options: ChannelLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  /** The lock, or undefined when another turn of the channel holds it. */
  async acquire(channelId: string): Promise<HeldLock | undefined> {
    const key = this.keyFor(channelId);
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    if (ok !== 'OK') return undefined;
    const renewal = setInterval(
      () => {
        this.redis.eval(RENEW, 1, key, token, this.ttlMs).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.ttlMs / 3)),
    );
    renewal.unref();
    return {
      release: async () => {
        clearInterval(renewal);
        await this.redis.eval(RELEASE, 1, key, token);
      },
    };
  }
}
