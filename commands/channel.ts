// /channel bots: pings: — two per-channel switches: let other bots' messages into the scene (they then
// count toward the loop cap, like personas), and let persona text ping people (never @everyone, @here
// or roles). With no option, the current state. An admin's.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { ChannelSettings } from '../src/core/channel-settings.js';
import { answer } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

function describe(settings: ChannelSettings): string {
  return [
    settings.allowBots
      ? "Other bots' messages are part of the scene (they count toward the loop cap)."
      : "Other bots' messages are ignored.",
    settings.allowUserPings
      ? 'Personas may ping people (never @everyone, @here or roles).'
      : 'Persona messages ping nobody.',
  ].join('\n');
}

export const channel: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('channel')
    .setDescription('Let other bots in, let personas ping people (admins)')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addBooleanOption((o) =>
      o.setName('bots').setDescription("Read other bots' messages as part of the scene"),
    )
    .addBooleanOption((o) =>
      o.setName('pings').setDescription('Let persona text ping people (never @everyone)'),
    )
    .toJSON(),
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    const bots = interaction.options.getBoolean('bots');
    const pings = interaction.options.getBoolean('pings');
    const patch: Partial<ChannelSettings> = {
      ...(bots === null ? {} : { allowBots: bots }),
      ...(pings === null ? {} : { allowUserPings: pings }),
    };
    const settings =
      Object.keys(patch).length > 0
        ? await ctx.deps.settings.update(interaction.channelId, patch)
        : await ctx.deps.settings.get(interaction.channelId);
    await answer(interaction, describe(settings));
  },
};
