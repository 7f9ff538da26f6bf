// /reset — forget this channel's history and start new model sessions (the cast and settings stay),
// after a confirm button, since it cannot be undone. An admin's, the button included.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { resetChannel } from '../src/core/channel-admin.js';
import { text } from '../src/core/text.js';
import { t } from '../src/i18n/i18n.js';
import { answer, updateWith } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways, customId } from '../src/discord/slash-command.js';

const NAME = 'reset';
export const CONFIRM_ID = customId(NAME, 'confirm');
export const CANCEL_ID = customId(NAME, 'cancel');

export const reset: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName(NAME)
    .setDescription("Forget this channel's history and start fresh sessions (admins)")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .toJSON(),
  needsAdmin: adminAlways,
  async execute(interaction) {
    const { locale } = interaction;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(CONFIRM_ID)
        .setLabel(t(locale, 'reset.button'))
        .setStyle(ButtonStyle.Danger),
      new ButtonBuilder()
        .setCustomId(CANCEL_ID)
        .setLabel(t(locale, 'reset.cancelButton'))
        .setStyle(ButtonStyle.Secondary),
    );
    await answer(interaction, text('reset.confirm'), { components: [row] });
  },
  async button(interaction, ctx) {
    if (interaction.customId !== CONFIRM_ID) return updateWith(interaction, text('reset.cancelled'));
    const result = await resetChannel(ctx.deps, interaction.channelId);
    await updateWith(interaction, result.message);
  },
};
