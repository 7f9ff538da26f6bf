// /lore add | list | remove — keyword-triggered lore for this channel or the whole server: when one of
// an entry's keys comes up in the newest lines (any case for Latin script, substrings for Chinese), its
// text joins that turn's supplementary note, just before the last unanswered line. An admin's, listing
// included: lore often holds what the personas know and the players are meant to find out.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { addLore, listLore, removeLore } from '../src/core/capabilities/index.js';
import {
  MAX_LORE_KEY_CHARS,
  MAX_LORE_KEYS,
  MAX_LORE_TEXT_CHARS,
} from '../src/core/capabilities/lore-admin.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminAlways } from '../src/discord/slash-command.js';

/** Keys as typed: commas in any script separate them. */
function splitKeys(keys: string): string[] {
  return keys.split(/[,，、]/u).map((key) => key.trim());
}

const data = new SlashCommandBuilder()
  .setName('lore')
  .setDescription('Keyword-triggered notes the personas get when a key comes up (admins)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Add a lore entry')
      .addStringOption((o) =>
        o
          .setName('keys')
          .setDescription(`Comma-separated words that call it up, e.g. rain, 下雨 (at most ${MAX_LORE_KEYS})`)
          .setRequired(true)
          .setMaxLength(MAX_LORE_KEYS * (MAX_LORE_KEY_CHARS + 2)),
      )
      .addStringOption((o) =>
        o
          .setName('text')
          .setDescription('What the persona is told when a key comes up')
          .setRequired(true)
          .setMaxLength(MAX_LORE_TEXT_CHARS),
      )
      .addStringOption((o) =>
        o
          .setName('scope')
          .setDescription('This channel (default) or every channel of the server')
          .addChoices({ name: 'this channel', value: 'channel' }, { name: 'the server', value: 'server' }),
      )
      .addStringOption((o) =>
        o.setName('persona').setDescription('Only this persona gets it').setAutocomplete(true),
      )
      .addIntegerOption((o) =>
        o
          .setName('priority')
          .setDescription('-100–100; higher first when not every match fits (default 0)')
          .setMinValue(-100)
          .setMaxValue(100),
      ),
  )
  .addSubcommand((s) => s.setName('list').setDescription("This channel's and the server's lore"))
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Remove a lore entry')
      .addStringOption((o) =>
        o.setName('id').setDescription('As /lore list shows it: c1 (channel), s1 (server)').setRequired(true),
      ),
  )
  .toJSON();

export const lore: SlashCommand = {
  data,
  needsAdmin: adminAlways,
  async execute(interaction, ctx) {
    const { channelId, options } = interaction;
    switch (options.getSubcommand()) {
      case 'list':
        return answerResult(interaction, await listLore(ctx.deps, channelId));
      case 'remove':
        return answerResult(
          interaction,
          await removeLore(ctx.deps, channelId, options.getString('id', true)),
        );
      default: {
        const persona = options.getString('persona');
        const priority = options.getInteger('priority');
        const added = await addLore(ctx.deps, channelId, {
          keys: splitKeys(options.getString('keys', true)),
          text: options.getString('text', true),
          scope: options.getString('scope') === 'server' ? 'server' : 'channel',
          ...(persona ? { personas: [persona] } : {}),
          ...(priority === null ? {} : { priority }),
        });
        return answerResult(interaction, added);
      }
    }
  },
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'all'),
};
