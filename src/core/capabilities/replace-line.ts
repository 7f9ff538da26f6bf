// Putting a new text in place of a persona's posted reply: the stage edits the posted message(s) and
// the history line takes the new text (and the message ids now holding it), so the next prompt, and
// the cached prefix after it, see what the channel shows.
import type { CoreDeps } from '../deps.js';
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { splitMessage } from '../reply/split-message.js';
import { refuse, type Outcome } from './outcome.js';
import { text } from '../text.js';

export async function replacePersonaLine(
  deps: CoreDeps,
  channelId: string,
  line: Line & { messageId: string },
  persona: Persona,
  replacement: string,
): Promise<Outcome<{ line: Line }>> {
  const messageIds = line.messageIds && line.messageIds.length > 0 ? line.messageIds : [line.messageId];
  const posted = await deps.stage.edit(channelId, persona, messageIds, splitMessage(replacement));
  const first = posted.messageIds[0];
  const updated = await deps.history.editByMessageId(channelId, line.messageId, {
    text: replacement,
    messageIds: posted.messageIds,
    ...(first === undefined ? {} : { messageId: first }),
  });
  if (!updated) return refuse(text('retake.lineGone'));
  return { ok: true, message: text('retake.replaced', { name: persona.name }), line: updated };
}
