// /channel bots: pings: regenerate: — per-channel switches: let other bots' messages into the scene
// (they then count toward the loop cap, like personas), let persona text ping people (never
// @everyone, @here or roles), and let every member (not only admins) ask for another version of the
// last persona message, each member waiting between two (src/core/capabilities/retake-access.ts).
// With no option, the current state. An admin's.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { MEMBER_RETAKE_COOLDOWN_MS } from '../src/core/capabilities/index.js';
import { RETAKE_ACCESS, type ChannelSettings, type RetakeAccess } from '../src/core/channel-settings.js';
import { lines, text, type Text } from '../src/core/text.js';
import { answer } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

function describe(settings: ChannelSettings): Text {
  return lines(
    text(settings.allowBots ? 'channel.bots.on' : 'channel.bots.off'),
    text(settings.allowUserPings ? 'channel.pings.on' : 'channel.pings.off'),
    settings.regenerate === 'everyone'
      ? text('channel.regenerate.everyone', { count: MEMBER_RETAKE_COOLDOWN_MS / 1000 })
      : text('channel.regenerate.admins'),
  );
}

export const channel: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('channel')
    .setDescription('Let other bots in, let personas ping people, who may regenerate (admins)')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addBooleanOption((o) =>
      o.setName('bots').setDescription("Read other bots' messages as part of the scene"),
    )
    .addBooleanOption((o) =>
      o.setName('pings').setDescription('Let persona text ping people (never @everyone)'),
    )
    .addStringOption((o) =>
      o
        .setName('regenerate')
        .setDescription('Who may use /regenerate and /alternatives here (members wait between two)')
        .addChoices({ name: 'Admins only', value: 'admins' }, { name: 'Everyone', value: 'everyone' }),
    )
    .toJSON(),
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    const bots = interaction.options.getBoolean('bots');
    const pings = interaction.options.getBoolean('pings');
    const regenerate = interaction.options.getString('regenerate');
    const patch: Partial<ChannelSettings> = {
      ...(bots === null ? {} : { allowBots: bots }),
      ...(pings === null ? {} : { allowUserPings: pings }),
      ...(RETAKE_ACCESS.includes(regenerate as RetakeAccess)
        ? { regenerate: regenerate as RetakeAccess }
        : {}),
    };
    const settings =
      Object.keys(patch).length > 0
        ? await ctx.deps.settings.update(interaction.channelId, patch)
        : await ctx.deps.settings.get(interaction.channelId);
    await answer(interaction, describe(settings));
  },
};
