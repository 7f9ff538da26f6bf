// Rules for a server's own personas, whatever made them (the form, an imported file or card): they
// never name a bot token variable (only the operator's persona files may: a server admin must not be
// able to point a persona at the process's environment), their names are unique among the personas the
// server sees (the name is the webhook username and the `Name:` prefix, so two would be one to readers),
// and a server keeps at most MAX_GUILD_PERSONAS.
import type { Persona } from '../../core/persona.js';

export function asServerPersona(persona: Persona): Persona {
  const { botTokenEnv: _ignored, ...rest } = persona;
  return rest;
}

function nameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Another persona (not `exceptId`) already called `name`, if any. */
export function sameName(all: readonly Persona[], name: string, exceptId: string): Persona | undefined {
  const key = nameKey(name);
  return all.find((p) => p.id !== exceptId && nameKey(p.name) === key);
}
