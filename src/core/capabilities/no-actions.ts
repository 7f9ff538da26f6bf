// Restricting output (the API's `logit_bias`): `noActions` bans every token id the guide lists as
// containing a parenthesis, so the persona writes no (stage actions). The request side is
// turn-request.ts; this is the switch, for whoever stores a server's personas.
import type { Persona } from '../persona.js';

/** The persona with stage actions banned (`on`) or allowed again; its other `logitBias` entries stay. */
export function withNoActions(persona: Persona, on: boolean): Persona {
  return { ...persona, noActions: on };
}
