// The port for a server's own personas (made with /persona create, edit or import): what the persona
// commands need. Redis implements it (store/redis-guild-persona-store.ts); the catalog reads through
// its `GuildPersonaSource` half, so those personas join the shipped ones in that server only.
import type { Persona } from '../core/persona.js';
import type { Text } from '../core/text.js';
import type { GuildPersonaSource } from './file-persona-catalog.js';

/** A server may keep this many personas of its own; autocomplete and the prompt roster stay small. */
export const MAX_GUILD_PERSONAS = 100;

export interface GuildPersonaStore extends GuildPersonaSource {
  /** How many personas the server keeps (bounded by MAX_GUILD_PERSONAS). */
  count(guildId: string): Promise<number>;
  /** Stores (or replaces) a persona; it must already be valid (through `validatePersona`). */
  save(guildId: string, persona: Persona): Promise<void>;
  /** True when there was one to remove. */
  remove(guildId: string, id: string): Promise<boolean>;
  /** Keeps an import whose id is taken while an admin chooses (expires); returns the hold's id. */
  holdImport(guildId: string, persona: Persona, notes: readonly Text[]): Promise<string>;
  /** The held import, once (a second click finds nothing), if it is this server's. */
  takeImport(guildId: string, holdId: string): Promise<{ persona: Persona; notes: Text[] } | undefined>;
}
