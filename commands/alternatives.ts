// /alternatives count: — other versions of the channel's last persona message (the API's `n`, 1–4),
// shown only to whoever asked, with a button per version and one to regenerate. A click puts that
// version in place of the posted message (a webhook message edit) and of its history line, so the next
// prompt reads what the channel shows. Admins', or every member's where `/channel regenerate:everyone`:
// it rewrites what everyone in the channel reads and every use is a paid model request, so each member
// then waits between two (retake-access.ts). No default permission: the channel's setting decides.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import {
  admitRetake,
  isCooldownRefusal,
  MAX_ALTERNATIVES,
  offerAlternatives,
  pickAlternative,
  type OfferedAlternatives,
} from '../src/core/capabilities/index.js';
import { lines, text, type Text } from '../src/core/text.js';
import { retakeRequester } from '../src/discord/admin-check.js';
import { answer, clip, MAX_REPLY_CHARS, notePrivately, updateWith } from '../src/discord/replies.js';
import { t } from '../src/i18n/i18n.js';
import { regenerateIfStillLast } from '../src/discord/regenerate-if-still-last.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminNever, customId } from '../src/discord/slash-command.js';

const NAME = 'alternatives';
/** What /alternatives asks for without a count: enough to choose from, cheap enough to ask often. */
export const DEFAULT_ALTERNATIVES = 3;

/** `alternatives:pick:<setId>:<k>`: the set id makes a button of an older panel refusable. */
export const pickId = (setId: string, k: number) => customId(NAME, 'pick', setId, String(k));
/** `alternatives:regenerate:<messageId>`: only while that message is still the last persona message. */
export const regenerateId = (messageId: string) => customId(NAME, 'regenerate', messageId);

/** Room the panel's header may take in any language, characters. */
const HEADER_ROOM = 200;

/** The versions, each clipped so all of them fit one message (the button puts in the full text). */
function panelText(offered: OfferedAlternatives): Text {
  const room = Math.floor((MAX_REPLY_CHARS - HEADER_ROOM) / offered.texts.length) - 12;
  return lines(
    text('alternatives.panel', { name: offered.personaName }),
    ...offered.texts.map((version, i) =>
      text('alternatives.version', { n: i + 1, version: clip(version, room) }),
    ),
  );
}

function panelButtons(offered: OfferedAlternatives, locale: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    ...offered.texts.map((_, i) =>
      new ButtonBuilder()
        .setCustomId(pickId(offered.setId, i + 1))
        .setLabel(t(locale, 'alternatives.useButton', { n: i + 1 }))
        .setStyle(ButtonStyle.Primary),
    ),
    new ButtonBuilder()
      .setCustomId(regenerateId(offered.messageId))
      .setLabel(t(locale, 'alternatives.regenerateButton'))
      .setStyle(ButtonStyle.Secondary),
  );
}

export const alternatives: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName(NAME)
    .setDescription('Other versions of the last persona message, to pick one (admins, or as /channel allows)')
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((o) =>
      o
        .setName('count')
        .setDescription(`How many versions (default ${DEFAULT_ALTERNATIVES})`)
        .setMinValue(1)
        .setMaxValue(MAX_ALTERNATIVES),
    )
    .toJSON(),
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const count = interaction.options.getInteger('count') ?? DEFAULT_ALTERNATIVES;
    // The model answers in seconds; Discord wants an acknowledgement within 3.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const requester = retakeRequester(interaction, ctx.adminRoleIds);
    const admitted = await admitRetake(ctx.deps, interaction.channelId, requester, { spend: true });
    if (!admitted.ok) return answer(interaction, admitted.message);
    const offered = await offerAlternatives(ctx.deps, interaction.channelId, count, admitted.target);
    if (!offered.ok) return answer(interaction, offered.message);
    await answer(interaction, panelText(offered), {
      components: [panelButtons(offered, interaction.locale)],
    });
  },
  async button(interaction, ctx) {
    const [, action, ref = '', k] = interaction.customId.split(':');
    await interaction.deferUpdate();
    const requester = retakeRequester(interaction, ctx.adminRoleIds);
    if (action === 'regenerate') {
      const result = await regenerateIfStillLast(ctx.deps, interaction.channelId, ref, requester);
      // A member who must wait keeps the panel: its versions are still theirs to pick.
      if (isCooldownRefusal(result)) return notePrivately(interaction, result.message);
      return updateWith(interaction, result.message);
    }
    // Picking a version asks the model nothing: no cooldown, but the channel must still allow it.
    const admitted = await admitRetake(ctx.deps, interaction.channelId, requester, { spend: false });
    if (!admitted.ok) return updateWith(interaction, admitted.message);
    const result = await pickAlternative(ctx.deps, interaction.channelId, Number(k), ref);
    await updateWith(interaction, result.message);
  },
};
