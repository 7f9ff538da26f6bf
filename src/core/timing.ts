// Delays the core asks the scheduler for: the debounce after a person's line and the silence timer.
// All in milliseconds; all jittered by a seeded random source so tests are deterministic.
import type { ChannelSettings } from './channel-settings.js';
import type { Line } from './line.js';
import type { RandomSource } from './random.js';

export function jittered(ms: number, jitter: number, random: RandomSource): number {
  return Math.max(0, Math.round(ms * (1 - jitter + 2 * jitter * random())));
}

/** Unanswered nudges since the last person's line (derived from history, never stored). */
export function nudgesSinceLastPerson(history: readonly Line[]): number {
  let nudges = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i]!;
    if (line.kind === 'person' && !line.fromBot) break;
    if (line.kind === 'persona' && line.trigger === 'nudge') nudges++;
  }
  return nudges;
}

/**
 * When the silence timer should fire: `afterMs` for the first nudge, then later each time (×2, ×3…)
 * so that unanswered personas speak up less and less often.
 */
export function silenceDelayMs(
  settings: ChannelSettings,
  nudgesSoFar: number,
  jitter: number,
  random: RandomSource,
): number {
  return jittered(settings.silence.afterMs * (1 + nudgesSoFar), jitter, random);
}
