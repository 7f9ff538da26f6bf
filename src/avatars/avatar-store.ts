// Persona avatars in Redis, so every Troupe process serves the same pictures whichever one stored them.
// An avatar is stored under its content hash: storing the same picture twice is one key, and a URL never
// changes meaning (which is what lets the HTTP route tell clients to cache it for good).
import type { RedisClient } from '../store/redis-connection.js';
import type { Keys } from '../store/keys.js';
import { avatarId, squareAvatar } from './avatar-image.js';

export const AVATAR_ID_PATTERN = /^[a-f0-9]{32}$/;

export interface AvatarStore {
  /** Makes `image` a square avatar, stores it and returns its id. Throws `AvatarImageError`. */
  put(image: Uint8Array): Promise<string>;
  /** The avatar's PNG, or `undefined`. */
  get(id: string): Promise<Uint8Array | undefined>;
  /** The avatar id last given to a persona's own bot (its user id), if Troupe gave it one. */
  givenToBot(botUserId: string): Promise<string | undefined>;
  /** Remembers that the bot now wears avatar `id`. */
  markGivenToBot(botUserId: string, id: string): Promise<void>;
}

export class RedisAvatarStore implements AvatarStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async put(image: Uint8Array): Promise<string> {
    const png = await squareAvatar(image);
    const id = avatarId(png);
    await this.redis.set(this.keys.avatar(id), Buffer.from(png));
    return id;
  }

  async get(id: string): Promise<Uint8Array | undefined> {
    if (!AVATAR_ID_PATTERN.test(id)) return undefined;
    const bytes = await this.redis.getBuffer(this.keys.avatar(id));
    return bytes === null ? undefined : new Uint8Array(bytes);
  }

  async givenToBot(botUserId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.botAvatar(botUserId))) ?? undefined;
  }

  async markGivenToBot(botUserId: string, id: string): Promise<void> {
    await this.redis.set(this.keys.botAvatar(botUserId), id);
  }
}

/** Where a persona's stored avatar is served, under `publicUrl` (no trailing slash needed). */
export function avatarPath(id: string): string {
  return `/avatars/${id}.png`;
}

/**
 * The avatar URL a persona posts with: its own `avatarUrl`, else its stored image at `publicUrl`, else
 * none (Discord's default picture).
 */
export function personaAvatarUrl(
  persona: { avatarUrl?: string | undefined; avatarImage?: string | undefined },
  publicUrl: string | undefined,
): string | undefined {
  if (persona.avatarUrl) return persona.avatarUrl;
  if (!persona.avatarImage || !publicUrl) return undefined;
  return `${publicUrl.replace(/\/+$/, '')}${avatarPath(persona.avatarImage)}`;
}
