// Writes a persona back out as a persona file (YAML or JSON) that `parsePersonaText` reads back to an
// equal persona. Fields still at their schema defaults are left out, so an export reads like a file a
// person wrote, and picks up better defaults later instead of freezing today's.
import { isDeepStrictEqual } from 'node:util';
import { Document } from 'yaml';
import { personaSchema, type Persona } from '../core/persona.js';
import type { PersonaFormat } from './persona-file.js';

/** Fields every persona file states even when they equal a default. */
const ALWAYS_WRITTEN: ReadonlySet<string> = new Set(['id', 'name', 'profile']);

export function exportPersona(persona: Persona, format: PersonaFormat): string {
  const fields = personaFields(persona);
  if (format === 'json') return `${JSON.stringify(fields, null, 2)}\n`;
  const document = new Document(fields);
  document.commentBefore = ` ${persona.name.replace(/\s+/g, ' ')}: a Troupe persona file. Save it as ${persona.id}.yaml (the file name is the id).`;
  // lineWidth 0: never fold long lines, so the profile keeps the line breaks its author chose.
  return document.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** The persona's fields in the schema's order, without those that equal their default. */
export function personaFields(persona: Persona): Record<string, unknown> {
  const defaults: Record<string, unknown> = personaSchema.parse({
    id: persona.id,
    name: persona.name,
    profile: persona.profile,
  });
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(personaSchema.shape)) {
    const value = (persona as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (!ALWAYS_WRITTEN.has(key) && isDeepStrictEqual(value, defaults[key])) continue;
    fields[key] = value;
  }
  return fields;
}
