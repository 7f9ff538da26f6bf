// /usage scope: persona: — the tokens this channel (or the whole server) used, optionally one persona's:
// requests, prompt tokens and how many of them the session cache served (the cache hit ratio),
// completion tokens, and an estimated cost from the price table (the guide's prices unless
// MODEL_PRICES says otherwise). Anyone may look; the answer is private.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { usageReport } from '../src/core/capabilities/index.js';
import { text } from '../src/core/text.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { answer, answerResult } from '../src/discord/replies.js';
import type { CommandContext, SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

/** The id of the persona typed (an id when picked from autocomplete; a name or alias when typed), or null. */
async function personaIdOf(ctx: CommandContext, guildId: string, query: string): Promise<string | null> {
  const q = query.trim().toLocaleLowerCase();
  const all = await ctx.deps.personas.list({ guildId });
  const persona =
    all.find((p) => p.id === q) ??
    all.find((p) => [p.name, ...p.aliases].some((name) => name.toLocaleLowerCase() === q));
  // Usage outlives personas: a deleted one's id still finds its rows.
  return persona?.id ?? (/^[a-z0-9-~]+$/u.test(q) ? q : null);
}

export const usage: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('usage')
    .setDescription('Tokens used, session-cache hits and the estimated cost')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('scope')
        .setDescription('This channel (default) or the whole server')
        .addChoices({ name: 'this channel', value: 'channel' }, { name: 'the server', value: 'server' }),
    )
    .addStringOption((o) => o.setName('persona').setDescription('Only this persona').setAutocomplete(true))
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const server = interaction.options.getString('scope') === 'server';
    const query = interaction.options.getString('persona');
    const persona = query === null ? undefined : await personaIdOf(ctx, interaction.guildId, query);
    if (persona === null) return answer(interaction, text('persona.notFound', { query: query ?? '' }));
    const report = await usageReport(ctx.deps, {
      ...(server ? { guildId: interaction.guildId } : { channelId: interaction.channelId }),
      ...(persona === undefined ? {} : { personaId: persona }),
    });
    await answerResult(interaction, report);
  },
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'all'),
};
