// A server's own personas in Redis (made with /persona create, edit or import): one hash per guild,
// persona id → persona JSON; the GuildPersonaStore port. Plugged into FilePersonaCatalog as its source, so they join the
// shipped personas in that server only. Every read goes back through the persona schema: a value
// written by an older Troupe, or by hand, that no longer validates is skipped and logged, never half-used.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection.js';
import { personaSchema, type Persona } from '../core/persona.js';
import type { CoreLogger } from '../core/ports.js';
import { isText, type Text } from '../core/text.js';
import type { GuildPersonaStore } from '../personas/guild-persona-store.js';
import type { Keys } from './keys.js';

/** How long an import waits for "replace or keep both", s. */
export const PENDING_IMPORT_TTL_S = 15 * 60;

export class RedisGuildPersonaStore implements GuildPersonaStore {
  constructor(
    private readonly redis: RedisClient,
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

  /**
   * Keeps an imported persona while an admin decides (its id is taken): any process can finish it.
   * Returns the hold's id, for the buttons.
   */
  async holdImport(guildId: string, persona: Persona, notes: readonly Text[]): Promise<string> {
    const holdId = randomUUID();
    await this.redis.set(
      this.keys.pendingImport(holdId),
      JSON.stringify({ guildId, persona, notes }),
      'EX',
      PENDING_IMPORT_TTL_S,
    );
    return holdId;
  }

  /** Takes a held import back (once: a second click finds nothing), if it is this server's and valid. */
  async takeImport(
    guildId: string,
    holdId: string,
  ): Promise<{ persona: Persona; notes: Text[] } | undefined> {
    const json = await this.redis.getdel(this.keys.pendingImport(holdId));
    if (json === null) return undefined;
    const held = JSON.parse(json) as { guildId: string; persona: unknown; notes: unknown[] };
    const persona = personaSchema.safeParse(held.persona);
    // The notes are Texts, translated when shown (to whoever clicks, in their language).
    return held.guildId === guildId && persona.success
      ? { persona: persona.data, notes: held.notes.filter(isText) }
      : undefined;
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
