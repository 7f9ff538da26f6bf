// The history read as turns: consecutive lines of one speaker merged, system lines left out. Several
// rules speak in turns rather than lines ("who spoke before the last speaker", "A→B→A→B"), and a
// person who sends three short messages in a row has still taken one turn.
import type { Line } from '../line.js';

export interface Turn {
  /** `persona:<id>` or `person:<id>`: persona ids and platform user ids never collide. */
  key: string;
  /** The turn's last line (its kind, speaker and time are the turn's). */
  line: Line;
  /** Every line of the turn, oldest first. */
  lines: Line[];
}

export function speakerKey(line: Pick<Line, 'kind' | 'speakerId'>): string {
  return `${line.kind}:${line.speakerId}`;
}

export function personaKey(personaId: string): string {
  return `persona:${personaId}`;
}

/** A turn by a bot: a persona's, or another bot's let into the channel (`fromBot`). */
export function isBotLine(line: Line): boolean {
  return line.kind === 'persona' || (line.kind === 'person' && line.fromBot === true);
}

/** The history as turns, oldest first. */
export function toTurns(history: readonly Line[]): Turn[] {
  const turns: Turn[] = [];
  for (const line of history) {
    if (line.kind === 'system') continue;
    const key = speakerKey(line);
    const last = turns.at(-1);
    if (last && last.key === key) {
      last.lines.push(line);
      last.line = line;
    } else {
      turns.push({ key, line, lines: [line] });
    }
  }
  return turns;
}

/** The last line that is not a system line. */
export function lastSpokenLine(history: readonly Line[]): Line | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i];
    if (line && line.kind !== 'system') return line;
  }
  return undefined;
}
