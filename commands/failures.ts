// /failures — why a persona passed: this channel's latest model failures (a moderation rejection, a
// rejected API key, throttling…) with the persona and the time. An admin's: what it tells is for whoever
// runs the scene and the deployment (moderation, keys, quotas), not for the players.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { recentFailures } from '../src/core/capabilities/index.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

export const failures: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('failures')
    .setDescription("This channel's latest model failures: why a persona passed (admins)")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .toJSON(),
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    await answerResult(interaction, await recentFailures(ctx.deps, interaction.channelId));
  },
};
