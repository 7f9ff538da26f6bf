// Keeps personas from talking among themselves forever, the failure SillyTavern's auto mode is known
// for (its issues #2567, #5972): a cap on bot turns in a row without a person, and an A→B→A→B
// ping-pong detector. Both read only the history, so a person's line resets them.
import type { Line } from '../line.js';
import { isBotLine, speakerKey } from './turns.js';

/** The bot lines since the last person's line, oldest first (system lines skipped). */
export function trailingBotLines(history: readonly Line[]): Line[] {
  const run: Line[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i];
    if (!line || line.kind === 'system') continue;
    if (!isBotLine(line)) break;
    run.unshift(line);
  }
  return run;
}

/** True when `maxBotTurns` bot lines in a row already follow the last person: one more would exceed. */
export function loopCapReached(history: readonly Line[], maxBotTurns: number): boolean {
  return trailingBotLines(history).length >= maxBotTurns;
}

/** The lines of a ping-pong long enough to stop: A, B, A, B with no person between. */
const PING_PONG_LINES = 4;

export interface PingPong {
  /** The two speakers' keys (see `speakerKey`). */
  keys: [string, string];
  names: [string, string];
}

/** The two speakers when the last four bot lines alternate between them with no person between. */
export function pingPong(history: readonly Line[]): PingPong | undefined {
  const [first, second, ...rest] = trailingBotLines(history).slice(-PING_PONG_LINES);
  if (!first || !second || rest.length < PING_PONG_LINES - 2) return undefined;
  const a = speakerKey(first);
  const b = speakerKey(second);
  const alternates = a !== b && rest.every((line, i) => speakerKey(line) === (i % 2 === 0 ? a : b));
  return alternates ? { keys: [a, b], names: [first.speakerName, second.speakerName] } : undefined;
}
