// /turns mode: — how the next speaker is chosen in this channel: natural (whoever is addressed or has
// something to say), round-robin, pooled, random, or manual (only /nudge). An admin's.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { setStrategy } from '../src/core/channel-admin.js';
import { text } from '../src/core/text.js';
import { STRATEGIES, type Strategy } from '../src/core/channel-settings.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

const data = new SlashCommandBuilder()
  .setName('turns')
  .setDescription('How the next speaker is chosen here (admins)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) =>
    o
      .setName('mode')
      .setDescription('natural: whoever is addressed or fits; manual: only /nudge')
      .setRequired(true)
      .addChoices(...STRATEGIES.map((s) => ({ name: s, value: s }))),
  )
  .toJSON();

export const turns: SlashCommand = {
  data,
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    const mode = interaction.options.getString('mode', true) as Strategy;
    if (!STRATEGIES.includes(mode))
      return answerResult(interaction, { ok: false, message: text('turns.unknown', { mode }) });
    await answerResult(interaction, await setStrategy(ctx.deps, interaction.channelId, mode));
  },
};
