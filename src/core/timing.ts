// Jitter for the delays the core asks the scheduler for (the debounce after a person's line, the
// silence timer in silence-timer.ts). In milliseconds; seeded, so tests are deterministic.
import type { RandomSource } from './random.js';

export function jittered(ms: number, jitter: number, random: RandomSource): number {
  return Math.max(0, Math.round(ms * (1 - jitter + 2 * jitter * random())));
}
