// The director's inputs and outputs. The director is a pure function of these: the same input (with a
// random source seeded the same way) always gives the same decision, so every choice can be replayed
// in a test or explained after the fact.
import type { ChannelSettings } from '../channel-settings.js';
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import type { RandomSource } from '../random.js';
import type { NaturalWeights } from './natural.js';

/** Why the director is asked. */
export type DirectorTrigger =
  /** A new line arrived: it is the last line of `history`. */
  | { kind: 'line' }
  /** The channel went quiet; `nudgesSoFar` unanswered nudges have been posted since a person spoke. */
  | { kind: 'silence'; nudgesSoFar: number }
  /** Someone asked this persona to speak now (`/nudge persona`). */
  | { kind: 'forced'; personaId: string };

export interface DirectorInput {
  /** The channel's recent history, oldest first. For a `line` trigger its last line is the new one. */
  history: readonly Line[];
  /** The channel's cast, in `settings.cast` order. The director trusts it and does not re-check ids. */
  cast: readonly Persona[];
  settings: ChannelSettings;
  /** The current time, epoch ms. */
  now: number;
  /** The only source of chance; seed it to replay a decision. */
  random: RandomSource;
  trigger: DirectorTrigger;
  /** Under `natural`: weights other than the measured defaults. Only the benchmark's ablation sets it. */
  naturalWeights?: Readonly<NaturalWeights>;
}

/**
 * How the chosen persona's turn is written: `reply` answers the last line; `continue` speaks up on its
 * own (after a silence, or forced right after its own line).
 */
export type TurnMode = 'reply' | 'continue';

/** What the director decided. Refusals are values with a reason, never exceptions. */
export type Decision =
  | {
      speak: true;
      personaId: string;
      /** Wait this long before the turn starts, ms (a human-like pause, plus the persona gap). */
      delayMs: number;
      /** Short and human-readable, e.g. "addressed by name: Ling Lu". */
      reason: string;
      mode: TurnMode;
    }
  | { speak: false; reason: string };

/** One candidate of a ranking: higher scores first; `reasons` say where the score came from. */
export interface RankedCandidate {
  personaId: string;
  score: number;
  reasons: string[];
}
