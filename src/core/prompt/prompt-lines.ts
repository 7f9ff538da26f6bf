// History lines as Qwen group-chat messages, and where the turn's supplementary note goes. A line's
// message depends on nothing but the line, the speaking persona and the channel's names (its cast and
// speakers, see speaker-labels.ts), so the same line renders to the same bytes on every turn and the
// session cache's prefix holds.
import type { ChatMessage } from '../chat.js';
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { guardSpeakerTags, speakerLabel, type SpeakerNames } from './speaker-labels.js';

/** Whether a line was spoken by this persona: those are the `assistant` side of its conversation. */
export function isOwnLine(line: Line, persona: Persona): boolean {
  return line.kind === 'persona' && line.speakerId === persona.id;
}

/**
 * One line as a message: `Name: text` as `assistant` for the persona's own lines and `user` for
 * everyone else's, the name as `speakerLabel` shows it (a person named like a persona is told apart).
 * The name prefix is always added, so a person's `Ling Lu: I quit` stays theirs: `Mia: Ling Lu: I quit`;
 * and so does a later line of the text that reads like another speaker's turn (`guardSpeakerTags`).
 * Lines with no text (an attachment alone) render to nothing: an empty `Mia:` would look like an
 * unfinished prefix.
 */
export function renderLine(line: Line, persona: Persona, names: SpeakerNames): ChatMessage | undefined {
  if (line.text.trim() === '') return undefined;
  const label = defuseControlTokens(speakerLabel(line, names));
  const text = defuseControlTokens(line.text);
  if (isOwnLine(line, persona)) return { role: 'assistant', content: `${label}: ${text}` };
  return { role: 'user', content: `${label}: ${guardSpeakerTags(text, label, names)}` };
}

/**
 * The chat template's control tokens (`<|im_start|>`, `<|im_end|>`, `<|endoftext|>`, …) written into a
 * line or a name, with a zero-width space after the `<`: the model reads the same characters, but as
 * plain text, never as the end of a message and the start of a `system` one. A server that applies the
 * template to raw strings would otherwise read them as the real tokens.
 */
export function defuseControlTokens(text: string): string {
  return text.includes('<|') ? text.replace(/<\|(?=[^|<>\s]{1,40}\|>)/gu, '<\u200B|') : text;
}

/** The turn's supplementary information (the standing scene note, then the turn's notes) as one text. */
export function supplementaryText(sceneNote: string | undefined, notes: readonly string[] = []): string {
  return [sceneNote, ...notes]
    .map((note) => note?.trim() ?? '')
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Where the supplementary system message goes among the history messages (an index to insert at).
 *
 * The guide: "insert this content as a system message before the last unanswered user message", so
 * the cached prefix, which ends before it, stays the same from turn to turn. Exactly:
 * - in `reply` mode, before the last `user` message that comes after the persona's last `assistant`
 *   message (before the newest line when the persona has not spoken in the window);
 * - when there is no such message (the persona spoke last), and always in `continue` mode (the persona
 *   speaks up on its own, so no message is waiting for its answer): after all history, just before
 *   the trailing `Name:` prefix.
 */
export function notePosition(history: readonly ChatMessage[], mode: 'reply' | 'continue'): number {
  if (mode === 'continue') return history.length;
  for (let i = history.length - 1; i >= 0; i--) {
    const role = history[i]?.role;
    if (role === 'user') return i;
    if (role === 'assistant') break;
  }
  return history.length;
}
