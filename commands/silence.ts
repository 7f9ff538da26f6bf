// /silence after: max: — when the channel has been quiet `after` seconds, a persona speaks up on its
// own, later each time, at most `max` times in a row without a person answering; `off: True` stops it;
// with no option, the current setting. An admin's.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { setSilence, silenceText } from '../src/core/channel-admin.js';
import { text } from '../src/core/text.js';
import { answer, answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

/** A day: beyond that nobody is waiting for the scene to go on. */
export const MAX_SILENCE_SECONDS = 86_400;
export const MAX_NUDGES = 20;

const data = new SlashCommandBuilder()
  .setName('silence')
  .setDescription('Personas speak up when the channel goes quiet (admins)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addIntegerOption((o) =>
    o
      .setName('after')
      .setDescription('Seconds of quiet before a persona speaks up')
      .setMinValue(1)
      .setMaxValue(MAX_SILENCE_SECONDS),
  )
  .addIntegerOption((o) =>
    o
      .setName('max')
      .setDescription('At most this many times in a row with nobody answering')
      .setMinValue(0)
      .setMaxValue(MAX_NUDGES),
  )
  .addBooleanOption((o) => o.setName('off').setDescription('Stop speaking up after silence'))
  .toJSON();

export const silence: SlashCommand = {
  data,
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    const { channelId } = interaction;
    const after = interaction.options.getInteger('after');
    const max = interaction.options.getInteger('max');
    if (interaction.options.getBoolean('off'))
      return answerResult(interaction, await setSilence(ctx.deps, channelId, undefined));
    if (after === null && max === null) {
      const { silence: current } = await ctx.deps.settings.get(channelId);
      return answer(interaction, current.enabled ? silenceText(current) : text('silence.none'));
    }
    const { silence: current } = await ctx.deps.settings.get(channelId);
    const afterMs = after === null ? current.afterMs : after * 1000;
    await answerResult(interaction, await setSilence(ctx.deps, channelId, afterMs, max ?? undefined));
  },
};
