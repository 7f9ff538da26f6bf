// /memory on | off | default | show — long-term memory (the API's `character_options.memory`) for every
// persona of this channel, winning over their files: requests then carry the profile instead of the
// system message, the memory settings, the (channel, persona) session header, and only the lines new
// since that session's previous request. The API supports it for Chinese conversations only; `/reset`
// starts new sessions (and with them new memories). Changing it is an admin's; anyone may look.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { setMemory } from '../src/core/capabilities/index.js';
import {
  DEFAULT_MEMORY_ENTRIES,
  DEFAULT_SKIP_SAVE_TYPES,
  MAX_MEMORY_ENTRIES,
  MIN_MEMORY_ENTRIES,
} from '../src/core/capabilities/memory-admin.js';
import { MEMORY_SKIP_TYPES } from '../src/core/channel-settings.js';
import { answer, answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminFor } from '../src/discord/slash-command.js';

/** `skip:` as typed: comma-separated types, or `none` to store everything. */
export function parseSkipTypes(typed: string | null): string[] | undefined {
  if (typed === null) return undefined;
  const trimmed = typed.trim().toLowerCase();
  if (trimmed === 'none') return [];
  return trimmed.split(/[,\s]+/u).filter(Boolean);
}

const data = new SlashCommandBuilder()
  .setName('memory')
  .setDescription('Long-term memory for the personas of this channel (Chinese conversations only)')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('on')
      .setDescription('Turn long-term memory on here, for every persona (admins)')
      .addIntegerOption((o) =>
        o
          .setName('entries')
          .setDescription(
            `Messages per summary, ${MIN_MEMORY_ENTRIES}–${MAX_MEMORY_ENTRIES} (default ${DEFAULT_MEMORY_ENTRIES})`,
          )
          .setMinValue(MIN_MEMORY_ENTRIES)
          .setMaxValue(MAX_MEMORY_ENTRIES),
      )
      .addStringOption((o) =>
        o
          .setName('skip')
          .setDescription(
            `Not stored: ${MEMORY_SKIP_TYPES.join(', ')} (comma-separated), or none (default ${DEFAULT_SKIP_SAVE_TYPES.join(', ')})`,
          )
          .setMaxLength(60),
      ),
  )
  .addSubcommand((s) => s.setName('off').setDescription('Turn long-term memory off here (admins)'))
  .addSubcommand((s) => s.setName('default').setDescription("Let each persona's file decide again (admins)"))
  .addSubcommand((s) => s.setName('show').setDescription('Whether long-term memory is on here'))
  .toJSON();

export const memory: SlashCommand = {
  data,
  needsAdmin: adminFor(['on', 'off', 'default']),
  async execute(interaction, ctx) {
    const { channelId, options } = interaction;
    switch (options.getSubcommand()) {
      case 'show': {
        const current = (await ctx.deps.settings.get(channelId)).memory;
        return answer(
          interaction,
          current === undefined
            ? "Long-term memory follows each persona's file here (`/persona show`)."
            : current.enabled
              ? `Long-term memory is on here: a summary every ${current.entries} messages; not stored: ${current.skipSaveTypes.join(', ') || 'nothing'}.`
              : 'Long-term memory is off here.',
        );
      }
      case 'off':
        return answerResult(interaction, await setMemory(ctx.deps, channelId, { enabled: false }));
      case 'default':
        return answerResult(interaction, await setMemory(ctx.deps, channelId, undefined));
      default: {
        const entries = options.getInteger('entries');
        const skip = parseSkipTypes(options.getString('skip'));
        const result = await setMemory(ctx.deps, channelId, {
          enabled: true,
          ...(entries === null ? {} : { entries }),
          ...(skip === undefined ? {} : { skipSaveTypes: skip }),
        });
        return answerResult(interaction, result);
      }
    }
  },
};
