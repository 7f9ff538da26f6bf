// Per-persona switches for whoever stores a server's own personas (the request side is chat-request.ts):
//
// - restricting output (the API's `logit_bias`): `noActions` bans every token id the guide lists as
//   containing a parenthesis, so the persona writes no (stage actions);
// - long-term memory for the persona wherever it plays (a channel's `/memory` still wins).
//
// Pure: they return a changed copy; storing it (and validating it through the persona schema) is the
// caller's.
import type { Persona } from '../persona.js';

/** The persona with stage actions banned (`on`) or allowed again; its other `logitBias` entries stay. */
export function withNoActions(persona: Persona, on: boolean): Persona {
  return { ...persona, noActions: on };
}

/** The persona with its own long-term memory setting changed (entries 20–400; unset fields kept). */
export function withMemory(persona: Persona, memory: Partial<Persona['memory']>): Persona {
  return {
    ...persona,
    memory: {
      ...persona.memory,
      ...memory,
      skipSaveTypes: [...(memory.skipSaveTypes ?? persona.memory.skipSaveTypes)],
    },
  };
}
