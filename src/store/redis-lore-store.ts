// Lore entries in Redis, per server and per channel: one hash per scope, entry number → entry JSON,
// and `#next`, the last number handed out (HINCRBY), so ids are short (`c3`, `s12`), never reused
// within a scope, and readable in `/lore remove`.
import type { RedisClient } from './redis-connection.js';
import type { LoreEntry, NewLoreEntry } from '../core/lore.js';
import type { LoreScope, LoreStore } from '../core/ports.js';
import type { Keys } from './keys.js';

const NEXT_FIELD = '#next';

/** Ids carry their scope: `c<n>` for a channel's entries, `s<n>` for a server's. */
function idPrefix(scope: LoreScope): string {
  return scope.kind === 'channel' ? 'c' : 's';
}

export class RedisLoreStore implements LoreStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private key(scope: LoreScope): string {
    return scope.kind === 'channel'
      ? this.keys.channelLore(scope.channelId)
      : this.keys.guildLore(scope.guildId);
  }

  async add(scope: LoreScope, entry: NewLoreEntry): Promise<LoreEntry> {
    const key = this.key(scope);
    const number = await this.redis.hincrby(key, NEXT_FIELD, 1);
    const stored: LoreEntry = { id: `${idPrefix(scope)}${number}`, ...entry };
    await this.redis.hset(key, String(number), JSON.stringify(stored));
    return stored;
  }

  async list(scope: LoreScope): Promise<LoreEntry[]> {
    const hash = await this.redis.hgetall(this.key(scope));
    return Object.entries(hash)
      .filter(([field]) => field !== NEXT_FIELD)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, raw]) => JSON.parse(raw) as LoreEntry);
  }

  async remove(scope: LoreScope, id: string): Promise<boolean> {
    const prefix = idPrefix(scope);
    if (!id.startsWith(prefix)) return false;
    const number = id.slice(prefix.length);
    if (!/^\d+$/.test(number)) return false;
    return (await this.redis.hdel(this.key(scope), number)) === 1;
  }
}
