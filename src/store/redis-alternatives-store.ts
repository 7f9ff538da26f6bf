// The alternatives last offered for a channel's persona message, in Redis until one is picked or they
// expire: one JSON string per channel. A newer /alternatives replaces the set, and a button of the
// older one is refused by its set id.
import type { RedisClient } from './redis-connection.js';
import type { AlternativeSet, AlternativesStore } from '../core/ports.js';
import type { Keys } from './keys.js';

export class RedisAlternativesStore implements AlternativesStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async save(channelId: string, set: AlternativeSet, ttlMs: number): Promise<void> {
    await this.redis.set(
      this.keys.alternatives(channelId),
      JSON.stringify(set),
      'PX',
      Math.max(1, Math.round(ttlMs)),
    );
  }

  async get(channelId: string): Promise<AlternativeSet | undefined> {
    const raw = await this.redis.get(this.keys.alternatives(channelId));
    return raw === null ? undefined : (JSON.parse(raw) as AlternativeSet);
  }

  async clear(channelId: string): Promise<void> {
    await this.redis.del(this.keys.alternatives(channelId));
  }
}
