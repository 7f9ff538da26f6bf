// /memory on | off | default | show — long-term memory (the API's `character_options.memory`) for every
// persona of this channel, winning over their files; or, with `persona:`, for that one persona wherever
// it plays in this server (a server copy of a shipped persona). Requests then carry the profile instead of the
// system message, the memory settings, the (channel, persona) session header, and only the lines new
// since that session's previous request. The API supports it for Chinese conversations only; `/reset`
// starts new sessions (and with them new memories). Changing it is an admin's; anyone may look.
import { InteractionContextType, SlashCommandBuilder, type SlashCommandStringOption } from 'discord.js';
import { setMemory, type MemoryInput } from '../src/core/capabilities/index.js';
import { DEFAULT_SKIP_SAVE_TYPES, skippedTypes } from '../src/core/capabilities/memory-admin.js';
import {
  DEFAULT_MEMORY_ENTRIES,
  MAX_MEMORY_ENTRIES,
  MEMORY_SKIP_TYPES,
  MIN_MEMORY_ENTRIES,
} from '../src/core/channel-settings.js';
import { text } from '../src/core/text.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { findPersona } from '../src/discord/personas/find-persona.js';
import { setPersonaMemory } from '../src/discord/personas/persona-memory.js';
import { answer, answerResult } from '../src/discord/replies.js';
import type { GuildChatInput, SlashCommand } from '../src/discord/slash-command.js';
import { adminFor } from '../src/discord/slash-command.js';

/** `skip:` as typed: comma-separated types, or `none` to store everything. */
export function parseSkipTypes(typed: string | null): string[] | undefined {
  if (typed === null) return undefined;
  const trimmed = typed.trim().toLowerCase();
  if (trimmed === 'none') return [];
  return trimmed.split(/[,\s]+/u).filter(Boolean);
}

/** The memory settings `on` (or `off`) gives: entries and skipped types only as typed. */
function memoryInput(options: GuildChatInput['options'], enabled: boolean): MemoryInput {
  const entries = options.getInteger('entries');
  const skip = parseSkipTypes(options.getString('skip'));
  return {
    enabled,
    ...(entries === null ? {} : { entries }),
    ...(skip === undefined ? {} : { skipSaveTypes: skip }),
  };
}

const personaOption = (o: SlashCommandStringOption) =>
  o
    .setName('persona')
    .setDescription("Only this persona, in every channel of the server (its own setting, not the channel's)")
    .setAutocomplete(true);

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
      )
      .addStringOption(personaOption),
  )
  .addSubcommand((s) =>
    s.setName('off').setDescription('Turn long-term memory off here (admins)').addStringOption(personaOption),
  )
  .addSubcommand((s) => s.setName('default').setDescription("Let each persona's file decide again (admins)"))
  .addSubcommand((s) => s.setName('show').setDescription('Whether long-term memory is on here'))
  .toJSON();

export const memory: SlashCommand = {
  data,
  needsAdmin: adminFor(['on', 'off', 'default']),
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'all'),
  async execute(interaction, ctx) {
    const { channelId, options } = interaction;
    const sub = options.getSubcommand();
    const query = sub === 'on' || sub === 'off' ? options.getString('persona') : null;
    if (query !== null) {
      const persona = await findPersona(ctx, interaction.guildId, query);
      if (!persona) return answer(interaction, text('persona.notFound', { query }));
      return answerResult(
        interaction,
        await setPersonaMemory(ctx, interaction.guildId, persona, memoryInput(options, sub === 'on')),
      );
    }
    switch (sub) {
      case 'show': {
        const current = (await ctx.deps.settings.get(channelId)).memory;
        return answer(
          interaction,
          current === undefined
            ? text('memory.showFiles')
            : current.enabled
              ? text('memory.showOn', {
                  entries: current.entries,
                  skipped: skippedTypes(current.skipSaveTypes),
                })
              : text('memory.showOff'),
        );
      }
      case 'off':
        return answerResult(interaction, await setMemory(ctx.deps, channelId, { enabled: false }));
      case 'default':
        return answerResult(interaction, await setMemory(ctx.deps, channelId, undefined));
      default:
        return answerResult(interaction, await setMemory(ctx.deps, channelId, memoryInput(options, true)));
    }
  },
};
