// What `npm run bench:scale` and its worker processes share.
import type { CoreOptions } from '../src/core/deps.js';
import type { Keys } from '../src/store/keys.js';

/** No debounce and no human-like delays: the benchmark measures turns, not pacing. */
export const BENCH_CORE_OPTIONS: Partial<CoreOptions> = { debounceMs: 0, humanDelayScale: 0, jitter: 0 };

/** The counter every worker process increments once per reply stored in history. */
export const repliesKey = (keys: Keys): string => `${keys.prefix}:bench-replies`;
