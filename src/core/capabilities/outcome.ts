// What every capability returns: a value, never an exception, for expected refusals ("there is no
// persona message to redo"), so each adapter (slash command, playground) only shows `message`, in its
// reader's language (a Text: a catalogue key and its values, translated at the edge).
import type { Message } from '../text.js';

export interface Refusal {
  ok: false;
  /** Shown to the caller, translated into their language. */
  message: Message;
}

/** Success carries a message to show and, per capability, the values behind it. */
export type Outcome<T extends object = object> = ({ ok: true; message: Message } & T) | Refusal;

export function refuse(message: Message): Refusal {
  return { ok: false, message };
}
