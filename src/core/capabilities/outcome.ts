// What every capability returns: a value, never an exception, for expected refusals ("there is no
// persona message to redo"), so each adapter (slash command, playground) only shows `message`.

export interface Refusal {
  ok: false;
  /** Shown to the caller as is. */
  message: string;
}

/** Success carries a message to show and, per capability, the values behind it. */
export type Outcome<T extends object = object> = ({ ok: true; message: string } & T) | Refusal;

export function refuse(message: string): Refusal {
  return { ok: false, message };
}
