// /nudge persona: — that persona speaks now, whatever the turn order or the loop guard would say.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { nudge as nudgePersona } from '../src/core/channel-admin.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

export const nudge: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('nudge')
    .setDescription('Make a persona speak now')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('persona').setDescription('Which persona').setRequired(true).setAutocomplete(true),
    )
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const query = interaction.options.getString('persona', true);
    await answerResult(interaction, await nudgePersona(ctx.deps, interaction.channelId, query));
  },
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'cast'),
};
