// Long-term memory for a channel (`/memory on entries: skip:` and `/memory off`). The setting covers
// every persona of the channel and wins over their files; `undefined` hands the choice back to the
// files. The API supports long-term memory for Chinese conversations only.
import {
  DEFAULT_MEMORY_ENTRIES,
  MAX_MEMORY_ENTRIES,
  MEMORY_SKIP_TYPES,
  MIN_MEMORY_ENTRIES,
  type ChannelMemorySettings,
  type MemorySkipType,
} from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { refuse, type Outcome } from './outcome.js';
import { text, type Text } from '../text.js';

/**
 * Not stored unless the caller says otherwise: Troupe's system messages in a turn are its scene note,
 * one-time notes and lore, one-time information the guide says memory should skip.
 */
export const DEFAULT_SKIP_SAVE_TYPES: readonly MemorySkipType[] = ['system'];

export interface MemoryInput {
  enabled: boolean;
  /** 20–400: unsummarised messages that trigger a summary. @defaultValue 200 */
  entries?: number;
  /** Message types not stored. @defaultValue ['system'] */
  skipSaveTypes?: string[];
}

export async function setMemory(
  deps: CoreDeps,
  channelId: string,
  input: MemoryInput | undefined,
): Promise<Outcome<{ memory?: ChannelMemorySettings }>> {
  if (input === undefined) {
    await deps.settings.update(channelId, { memory: undefined });
    return { ok: true, message: text('memory.followsFiles') };
  }
  const current = (await deps.settings.get(channelId)).memory;
  const entries = input.entries ?? current?.entries ?? DEFAULT_MEMORY_ENTRIES;
  if (!Number.isInteger(entries) || entries < MIN_MEMORY_ENTRIES || entries > MAX_MEMORY_ENTRIES) {
    return refuse(text('memory.entriesRange', { min: MIN_MEMORY_ENTRIES, max: MAX_MEMORY_ENTRIES }));
  }
  const skip = input.skipSaveTypes ?? current?.skipSaveTypes ?? DEFAULT_SKIP_SAVE_TYPES;
  const unknown = skip.filter((type) => !(MEMORY_SKIP_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) return refuse(text('memory.skipTypes', { known: MEMORY_SKIP_TYPES, unknown }));
  const memory: ChannelMemorySettings = {
    enabled: input.enabled,
    entries,
    skipSaveTypes: MEMORY_SKIP_TYPES.filter((type) => skip.includes(type)),
  };
  await deps.settings.update(channelId, { memory });
  if (!memory.enabled) return { ok: true, message: text('memory.off'), memory };
  return {
    ok: true,
    message: text('memory.on', { entries, skipped: skippedTypes(memory.skipSaveTypes) }),
    memory,
  };
}

/** The message types memory leaves out, as a reader reads them ("system, user", or "nothing"). */
export function skippedTypes(types: readonly string[]): Text {
  return types.length > 0 ? text('common.enumeration', { items: types }) : text('common.nothing');
}
