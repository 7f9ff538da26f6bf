// /regenerate — the channel's last persona message asked for again (the API's `seed`: a new one, the
// same context), then replaced in place (a webhook message edit) and in history. An admin's, like
// /alternatives: it rewrites what the whole channel reads.
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { regenerate as regenerateLast } from '../src/core/capabilities/index.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

export const regenerate: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('regenerate')
    .setDescription('Ask again for the last persona message and replace it in place (admins)')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .toJSON(),
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    // A model request: longer than Discord's 3 s to acknowledge, at worst.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await answerResult(interaction, await regenerateLast(ctx.deps, interaction.channelId));
  },
};
