// /pause — nobody in the cast speaks on their own until /resume (a /nudge still works). Shown to the
// channel, so the people in it know why the personas went quiet.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { setPaused } from '../src/core/channel-admin.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

export const pause: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('pause')
    .setDescription('The personas stop speaking on their own')
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    await answerResult(interaction, await setPaused(ctx.deps, interaction.channelId, true), {
      visible: true,
    });
  },
};
