// A line arrives from a platform (a person, or another bot where allowed): it is stored and reacted to
// (store-line.ts), and the typing that wrote it holds nobody any more.
import type { CoreDeps } from './deps.js';
import type { Line, NewLine } from './line.js';
import { reactToLine } from './store-line.js';
import { personSent } from './typing.js';

/**
 * Stores a line and reacts to it. The line is in history before anything else can fail. `receivedAt` is
 * when the platform's event arrived (a person's typing seen before it ends with it); now by default.
 * Undefined when the person's message was deleted before its line could be stored.
 */
export async function receiveLine(
  deps: CoreDeps,
  channelId: string,
  newLine: NewLine,
  options: { receivedAt?: number } = {},
): Promise<Line | undefined> {
  const receivedAt = options.receivedAt ?? deps.clock.now();
  const line =
    newLine.kind === 'person'
      ? await deps.history.appendPerson(channelId, { ...newLine, kind: 'person' })
      : await deps.history.append(channelId, newLine);
  // Deleted before it was stored (its deletion was handled first): nothing to answer.
  if (!line) return undefined;
  if (line.kind === 'person') await personSent(deps, channelId, line.speakerId, receivedAt);
  await reactToLine(deps, channelId, line);
  return line;
}
