// Stores a persona made in a server (by the form or an import) after the server rules: no bot token
// variable, a name no other persona there has, and room under the server's cap. Refusals are values.
import type { AdminResult } from '../../core/channel-admin.js';
import type { Persona } from '../../core/persona.js';
import { sentences, text } from '../../core/text.js';
import { MAX_GUILD_PERSONAS } from '../../personas/guild-persona-store.js';
import type { CommandContext } from '../slash-command.js';
import { asServerPersona, sameName } from './server-persona.js';

export interface SaveOptions {
  /** Create refuses an id already taken; edit and import replace it. */
  mode: 'create' | 'replace';
}

export async function saveServerPersona(
  ctx: CommandContext,
  guildId: string,
  input: Persona,
  options: SaveOptions,
): Promise<AdminResult & { persona?: Persona }> {
  const persona = asServerPersona(input);
  const all = await ctx.deps.personas.list({ guildId });
  const existing = all.find((p) => p.id === persona.id);
  if (existing && options.mode === 'create') {
    return {
      ok: false,
      message: text('persona.save.idTaken', { id: persona.id, name: existing.name }),
    };
  }
  const clash = sameName(all, persona.name, persona.id);
  if (clash) {
    return {
      ok: false,
      message: text('persona.save.nameTaken', { name: clash.name, id: clash.id }),
    };
  }
  const own = await ctx.guildPersonas.get(guildId, persona.id);
  if (!own && (await ctx.guildPersonas.count(guildId)) >= MAX_GUILD_PERSONAS) {
    return {
      ok: false,
      message: text('persona.save.full', { max: MAX_GUILD_PERSONAS }),
    };
  }
  await ctx.guildPersonas.save(guildId, persona);
  const saved = text(existing ? 'persona.save.saved' : 'persona.save.created', {
    name: persona.name,
    id: persona.id,
  });
  return {
    ok: true,
    persona,
    message: input.botTokenEnv !== undefined ? sentences(saved, text('persona.save.botTokenDropped')) : saved,
  };
}
