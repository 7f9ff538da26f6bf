// /mute persona: — the persona speaks only when addressed (or nudged) until /unmute.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { setMuted } from '../src/core/channel-admin.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

export const mute: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('mute')
    .setDescription('A persona speaks only when addressed')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('persona').setDescription('Which persona').setRequired(true).setAutocomplete(true),
    )
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const query = interaction.options.getString('persona', true);
    await answerResult(interaction, await setMuted(ctx.deps, interaction.channelId, query, true));
  },
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'cast'),
};
