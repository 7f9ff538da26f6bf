// /resume — the personas speak on their own again after /pause. Shown to the channel.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { setPaused } from '../src/core/channel-admin.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

export const resume: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('resume')
    .setDescription('The personas speak on their own again')
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    await answerResult(interaction, await setPaused(ctx.deps, interaction.channelId, false), {
      visible: true,
    });
  },
};
