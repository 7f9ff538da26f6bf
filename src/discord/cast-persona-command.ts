// A slash command that takes one persona of this channel's cast (autocompleted) and runs one of the
// core's channel operations on it: /mute, /unmute, /nudge. Anyone may use them.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { AdminResult } from '../core/channel-admin.js';
import type { CoreDeps } from '../core/deps.js';
import { respondWithPersonas } from './persona-choices.js';
import { answerResult } from './replies.js';
import { adminNever, type SlashCommand } from './slash-command.js';

export function castPersonaCommand(spec: {
  name: string;
  description: string;
  run: (deps: CoreDeps, channelId: string, personaQuery: string) => Promise<AdminResult>;
}): SlashCommand {
  return {
    data: new SlashCommandBuilder()
      .setName(spec.name)
      .setDescription(spec.description)
      .setContexts(InteractionContextType.Guild)
      .addStringOption((o) =>
        o.setName('persona').setDescription('Which persona').setRequired(true).setAutocomplete(true),
      )
      .toJSON(),
    needsAdmin: adminNever,
    async execute(interaction, ctx) {
      const query = interaction.options.getString('persona', true);
      await answerResult(interaction, await spec.run(ctx.deps, interaction.channelId, query));
    },
    autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'cast'),
  };
}
