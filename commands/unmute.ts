// /unmute persona: — the persona speaks freely again.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { setMuted } from '../src/core/channel-admin.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

export const unmute: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('unmute')
    .setDescription('A muted persona speaks freely again')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('persona').setDescription('Which persona').setRequired(true).setAutocomplete(true),
    )
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const query = interaction.options.getString('persona', true);
    await answerResult(interaction, await setMuted(ctx.deps, interaction.channelId, query, false));
  },
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'cast'),
};
