// How long a persona waits before its turn starts, in ms. A person reads the line, thinks, then types;
// answering at once feels like a machine, and two personas answering each other instantly feel like a
// loop. Deterministic: the only chance comes from the seeded random source.
import type { Line } from '../line.js';
import type { RandomSource } from '../random.js';
import { isBotLine } from './turns.js';

/** The shortest reaction to any line, ms. */
export const MIN_REACTION_MS = 1_200;
/** Up to this much more, uniformly at random, ms. */
export const REACTION_JITTER_MS = 1_800;
/** Reading time per character of the line answered, ms (about 40 characters a second). */
export const READING_MS_PER_CHAR = 25;
/** A character of a script without spaces carries about a word: it reads this many times slower. */
export const UNSPACED_CHAR_WEIGHT = 3;
/** Reading time never adds more than this, ms: a long line is skimmed. */
export const MAX_READING_MS = 6_000;

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function readingMs(text: string): number {
  let weight = 0;
  for (const char of text) weight += UNSPACED.test(char) ? UNSPACED_CHAR_WEIGHT : 1;
  return Math.min(MAX_READING_MS, weight * READING_MS_PER_CHAR);
}

export interface DelayInput {
  history: readonly Line[];
  /** Minimum gap between two persona turns, ms (`settings.minPersonaGapMs`). */
  minPersonaGapMs: number;
  now: number;
  random: RandomSource;
  /** The line being answered, if any (its length adds reading time). */
  answering?: Line;
  /** Multiplies the human part of the delay (a persona butting in waits longer). */
  slowdown?: number;
}

/**
 * The delay before a persona's turn, ms: a reaction plus reading time for the line answered, plus
 * `minPersonaGapMs` when that line is a bot's; and never less than what is left of the gap since the
 * last bot line.
 */
export function turnDelayMs(input: DelayInput): number {
  const { history, minPersonaGapMs, now, random, answering } = input;
  const reaction = MIN_REACTION_MS + Math.floor(random() * REACTION_JITTER_MS);
  let delay = Math.round((reaction + (answering ? readingMs(answering.text) : 0)) * (input.slowdown ?? 1));
  if (answering && isBotLine(answering)) delay += minPersonaGapMs;
  const lastBotLine = [...history].reverse().find(isBotLine);
  if (lastBotLine) delay = Math.max(delay, lastBotLine.at + minPersonaGapMs - now);
  return delay;
}
