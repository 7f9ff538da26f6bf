// The persona a command option names, among those this server can use (its own and the shipped ones).
import { matchPersona, type Persona } from '../../core/persona.js';
import type { CommandContext } from '../slash-command.js';

export async function findPersona(
  ctx: CommandContext,
  guildId: string,
  query: string,
): Promise<Persona | undefined> {
  return matchPersona(await ctx.deps.personas.list({ guildId }), query);
}
