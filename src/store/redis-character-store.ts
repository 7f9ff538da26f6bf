// Players' characters (`/character`) in Redis: one hash per channel and one per server, user id → JSON.
import type { RedisClient } from './redis-connection.js';
import type { CharacterStore, CharacterStoreScope, PlayerCharacter } from '../core/ports.js';
import type { Keys } from './keys.js';

export class RedisCharacterStore implements CharacterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private key(scope: CharacterStoreScope): string {
    return scope.kind === 'channel'
      ? this.keys.channelCharacters(scope.channelId)
      : this.keys.guildCharacters(scope.guildId);
  }

  async get(scope: CharacterStoreScope, userId: string): Promise<PlayerCharacter | undefined> {
    const raw = await this.redis.hget(this.key(scope), userId);
    return raw === null ? undefined : (JSON.parse(raw) as PlayerCharacter);
  }

  async set(scope: CharacterStoreScope, userId: string, character: PlayerCharacter): Promise<void> {
    await this.redis.hset(this.key(scope), userId, JSON.stringify(character));
  }

  async clear(scope: CharacterStoreScope, userId: string): Promise<boolean> {
    return (await this.redis.hdel(this.key(scope), userId)) === 1;
  }
}
