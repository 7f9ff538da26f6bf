// A line arrives from a platform (a person, or another bot where allowed): it is stored and reacted to
// (store-line.ts), and the typing that wrote it holds nobody any more.
import type { CoreDeps } from './deps.js';
import type { Line, NewLine } from './line.js';
import { reactToLine } from './store-line.js';
import { personSent } from './typing.js';

export interface ReceiveOptions {
  /** When the platform's event arrived (a person's typing seen before it ends with it); now by default. */
  receivedAt?: number;
  /**
   * How long the line was already held back before it was stored (a line that a proxy bot could have
   * replaced, see discord/proxied-messages.ts), ms: the burst debounce counts it as already waited.
   */
  heldMs?: number;
}

/**
 * Stores a line and reacts to it. The line is in history before anything else can fail. Undefined when
 * the person's message was deleted before its line could be stored.
 */
export async function receiveLine(
  deps: CoreDeps,
  channelId: string,
  newLine: NewLine,
  options: ReceiveOptions = {},
): Promise<Line | undefined> {
  const receivedAt = options.receivedAt ?? deps.clock.now();
  const line =
    newLine.kind === 'person'
      ? await deps.history.appendPerson(channelId, { ...newLine, kind: 'person' })
      : await deps.history.append(channelId, newLine);
  // Deleted before it was stored (its deletion was handled first): nothing to answer.
  if (!line) return undefined;
  // A character's line (a proxy bot's) ends its player's typing, when the player is known.
  if (line.kind === 'person') await personSent(deps, channelId, line.playerId ?? line.speakerId, receivedAt);
  await reactToLine(deps, channelId, line, options.heldMs ?? 0);
  return line;
}
