// /regenerate — the channel's last persona message asked for again (the API's `seed`: a new one, the
// same context), then replaced in place (a webhook message edit) and in history. Admins', or every
// member's where `/channel regenerate:everyone` (each member then waits between two: retake-access.ts).
// So it carries no default permission: who may is the channel's setting, checked when it runs.
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { admitRetake, regenerate as regenerateLast } from '../src/core/capabilities/index.js';
import { retakeRequester } from '../src/discord/admin-check.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

export const regenerate: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('regenerate')
    .setDescription(
      'Ask again for the last persona message and replace it in place (admins, or as /channel allows)',
    )
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    // A model request: longer than Discord's 3 s to acknowledge, at worst.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const requester = retakeRequester(interaction, ctx.adminRoleIds);
    const admitted = await admitRetake(ctx.deps, interaction.channelId, requester, { spend: true });
    if (!admitted.ok) return answerResult(interaction, admitted);
    await answerResult(interaction, await regenerateLast(ctx.deps, interaction.channelId, admitted.target));
  },
};
