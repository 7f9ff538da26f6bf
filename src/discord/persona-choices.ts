// Autocomplete for persona options: at most 25 choices (Discord's limit), fast enough for its 3 s (the
// shipped personas are in memory, a server's own are one HGETALL), matching what was typed against the
// id, the name and any alias, in any script, names that start with it first.
import type { Persona } from '../core/persona.js';
import { shorten } from '../core/shorten.js';
import type { CommandContext, GuildAutocomplete } from './slash-command.js';

export const MAX_CHOICES = 25;
/** Discord's limit on a choice's display name. */
const MAX_CHOICE_NAME = 100;

export type PersonaPool = 'all' | 'cast' | 'not-cast';

function matchRank(persona: Persona, typed: string): number | undefined {
  if (typed === '') return 1;
  const names = [persona.name, ...persona.aliases, persona.id].map((n) => n.toLocaleLowerCase());
  if (names.some((n) => n.startsWith(typed))) return 0;
  if (names.some((n) => n.includes(typed))) return 1;
  return undefined;
}

export function choicesFor(
  personas: readonly Persona[],
  typed: string,
): Array<{ name: string; value: string }> {
  const query = typed.trim().toLocaleLowerCase();
  return personas
    .flatMap((persona) => {
      const rank = matchRank(persona, query);
      return rank === undefined ? [] : [{ persona, rank }];
    })
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_CHOICES)
    .map(({ persona }) => {
      const label = persona.name === persona.id ? persona.name : `${persona.name} (${persona.id})`;
      return { name: shorten(label, MAX_CHOICE_NAME), value: persona.id };
    });
}

/** Answers an autocomplete for a persona option from the personas of `pool`. */
export async function respondWithPersonas(
  interaction: GuildAutocomplete,
  ctx: CommandContext,
  pool: PersonaPool,
): Promise<void> {
  const [all, settings] = await Promise.all([
    ctx.deps.personas.list({ guildId: interaction.guildId }),
    pool === 'all' ? undefined : ctx.deps.settings.get(interaction.channelId),
  ]);
  const cast = new Set(settings?.cast ?? []);
  const candidates = pool === 'all' ? all : all.filter((p) => (pool === 'cast') === cast.has(p.id));
  await interaction.respond(choicesFor(candidates, interaction.options.getFocused()));
}
