// A server's own personas in Redis (made with /persona create, edit or import): one hash per guild,
// persona id → persona JSON; the GuildPersonaStore port. Plugged into FilePersonaCatalog as its source, so they join the
// shipped personas in that server only. Every read goes back through the persona schema: a value
// written by an older Troupe, or by hand, that no longer validates is skipped and logged, never half-used.
import type { Redis } from 'ioredis';
import { personaSchema, type Persona } from '../core/persona.js';
import type { CoreLogger } from '../core/ports.js';
import type { GuildPersonaStore } from '../personas/guild-persona-store.js';
import type { Keys } from './keys.js';

export class RedisGuildPersonaStore implements GuildPersonaStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log?: CoreLogger,
  ) {}

  async list(guildId: string): Promise<Persona[]> {
    const stored = await this.redis.hgetall(this.keys.guildPersonas(guildId));
    return Object.entries(stored)
      .flatMap(([id, json]) => {
        const persona = this.parse(guildId, id, json);
        return persona ? [persona] : [];
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async get(guildId: string, id: string): Promise<Persona | undefined> {
    const json = await this.redis.hget(this.keys.guildPersonas(guildId), id);
    return json === null ? undefined : this.parse(guildId, id, json);
  }

  async count(guildId: string): Promise<number> {
    return this.redis.hlen(this.keys.guildPersonas(guildId));
  }

  /** Stores (or replaces) a persona; it must already be valid (through `validatePersona`). */
  async save(guildId: string, persona: Persona): Promise<void> {
    await this.redis.hset(this.keys.guildPersonas(guildId), persona.id, JSON.stringify(persona));
  }

  async remove(guildId: string, id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.guildPersonas(guildId), id)) > 0;
  }

  private parse(guildId: string, id: string, json: string): Persona | undefined {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      this.log?.warn({ guildId, personaId: id }, 'server persona is not JSON; skipped');
      return undefined;
    }
    const result = personaSchema.safeParse(data);
    if (result.success && result.data.id === id) return result.data;
    this.log?.warn({ guildId, personaId: id }, 'server persona no longer validates; skipped');
    return undefined;
  }
}
