// Autocomplete for persona options: at most 25, matching id, name or alias in any script, names that
// start with what was typed first.
import { describe, expect, it } from 'vitest';
import { personaSchema, type Persona } from '../../../src/core/persona.js';
import { choicesFor, MAX_CHOICES } from '../../../src/discord/persona-choices.js';

const persona = (id: string, name: string, aliases: string[] = []): Persona =>
  personaSchema.parse({ id, name, aliases, profile: `You are ${name}.` });

describe('choicesFor', () => {
  const all = [
    persona('ling-lu', 'Ling Lu', ['凌路']),
    persona('lin-wan', 'Lin Wan', ['林婉']),
    persona('ma-hui', 'Ma Hui'),
  ];

  it('GIVEN nothing typed THEN every persona, as "Name (id)"', () => {
    expect(choicesFor(all, '').map((c) => c.name)).toEqual([
      'Ling Lu (ling-lu)',
      'Lin Wan (lin-wan)',
      'Ma Hui (ma-hui)',
    ]);
  });

  it('GIVEN a prefix, an inner match or an alias in Chinese THEN the matching ones, prefixes first', () => {
    expect(choicesFor(all, 'hui').map((c) => c.value)).toEqual(['ma-hui']);
    expect(choicesFor(all, 'lin').map((c) => c.value)).toEqual(['ling-lu', 'lin-wan']);
    expect(choicesFor(all, '凌').map((c) => c.value)).toEqual(['ling-lu']);
    expect(choicesFor(all, 'wan').map((c) => c.value)).toEqual(['lin-wan']);
    expect(choicesFor(all, 'zzz')).toEqual([]);
  });

  it('GIVEN 40 personas THEN at most 25 choices', () => {
    const many = Array.from({ length: 40 }, (_, i) => persona(`p-${i}`, `Persona ${i}`));
    expect(choicesFor(many, '')).toHaveLength(MAX_CHOICES);
  });
});
