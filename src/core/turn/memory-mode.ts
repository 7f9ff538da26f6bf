// Whether a persona's turns in a channel use the API's long-term memory, and with which settings
// (pure). A channel's `/memory` setting wins over the persona file, so a server can turn memory on for
// a whole scene, or off for a persona whose file enables it.
import { MEMORY_SKIP_TYPES, type ChannelSettings, type MemorySkipType } from '../channel-settings.js';
import type { MemoryOptions } from '../chat.js';
import type { Persona } from '../persona.js';

export interface MemoryMode {
  /** MIN_MEMORY_ENTRIES–MAX_MEMORY_ENTRIES. */
  entries: number;
  skipSaveTypes: MemorySkipType[];
}

export function memoryModeFor(
  persona: Persona,
  settings: Pick<ChannelSettings, 'memory'>,
): MemoryMode | undefined {
  const chosen = settings.memory ?? persona.memory;
  if (!chosen.enabled) return undefined;
  return { entries: chosen.entries, skipSaveTypes: [...chosen.skipSaveTypes] };
}

/**
 * `character_options.memory` for a memory turn. `output` is always skipped: the reply the model writes
 * may be thrown away (a person spoke meanwhile) or replaced (/alternatives, /regenerate), so memory
 * must not keep it. What was actually posted is a history line after the cursor, and reaches the
 * session as an `assistant` message with the persona's next request instead.
 */
export function memoryOptions(mode: MemoryMode): MemoryOptions {
  const skip = new Set<MemorySkipType>([...mode.skipSaveTypes, 'output']);
  return {
    enable_long_term_memory: true,
    memory_entries: mode.entries,
    skip_save_types: MEMORY_SKIP_TYPES.filter((type) => skip.has(type)),
  };
}
