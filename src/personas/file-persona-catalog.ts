// The personas a channel can cast: the shipped files, plus (when a source is given) a server's own
// personas, which shadow a shipped persona with the same id in that server only.
import type { Persona } from '../core/persona.js';
import type { PersonaCatalog } from '../core/ports.js';

/** A server's own personas (stored elsewhere, for example in Redis). */
export interface GuildPersonaSource {
  list(guildId: string): Promise<Persona[]>;
  get(guildId: string, id: string): Promise<Persona | undefined>;
}

export interface FilePersonaCatalogOptions {
  guildSource?: GuildPersonaSource;
}

export class FilePersonaCatalog implements PersonaCatalog {
  private readonly shipped: ReadonlyMap<string, Persona>;
  private readonly guildSource: GuildPersonaSource | undefined;

  /** `personas` as `loadPersonaDir` returns them; ids must be unique. */
  constructor(personas: readonly Persona[], options: FilePersonaCatalogOptions = {}) {
    const byId = new Map<string, Persona>();
    for (const persona of personas) {
      // The loader already refuses duplicates; reaching this is a wiring bug, not a user's mistake.
      if (byId.has(persona.id)) throw new Error(`FilePersonaCatalog: duplicate persona id "${persona.id}"`);
      byId.set(persona.id, persona);
    }
    this.shipped = byId;
    this.guildSource = options.guildSource;
  }

  async get(id: string, scope: { guildId?: string } = {}): Promise<Persona | undefined> {
    if (scope.guildId !== undefined && this.guildSource) {
      const own = await this.guildSource.get(scope.guildId, id);
      if (own) return own;
    }
    return this.shipped.get(id);
  }

  /** Shipped and server personas together, sorted by id; a server persona replaces a shipped one. */
  async list(scope: { guildId?: string } = {}): Promise<Persona[]> {
    const merged = new Map(this.shipped);
    if (scope.guildId !== undefined && this.guildSource) {
      for (const persona of await this.guildSource.list(scope.guildId)) merged.set(persona.id, persona);
    }
    return [...merged.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
