// Export then import gives the same persona, for every export shape: persona YAML and JSON, card JSON
// (V3 with V2 fields) and card PNG (ccv3 + chara chunks); on shipped personas (free-text and structured
// profiles, Chinese) and on one imported from a card with every field.
import { describe, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { importCharacterCard } from '../../../src/personas/character-card.js';
import { exportCardJson, exportCardPng } from '../../../src/personas/export-card.js';
import { exportPersona } from '../../../src/personas/export-persona.js';
import { parsePersonaText } from '../../../src/personas/persona-file.js';
import { readPngTextChunks } from '../../../src/personas/png-text-chunks.js';
import { shipped } from '../../support/core-harness.js';
import { v2Card, zhCard } from './card-fixtures.js';
import { pngWithText } from './png-fixture.js';

const fromCard = importCharacterCard(JSON.stringify(v2Card), { source: 'mira.json' }).persona;
const fromZhCard = importCharacterCard(JSON.stringify(zhCard), { source: 'qingqiu.json' }).persona;
const withAvatar: Persona = { ...fromCard, avatarImage: 'a'.repeat(32) };

async function all(): Promise<Persona[]> {
  return [...(await shipped()), fromCard, fromZhCard, withAvatar];
}

describe('export then import', () => {
  it.each(['yaml', 'json'] as const)('GIVEN a persona file in %s THEN the same persona', async (format) => {
    for (const persona of await all()) {
      expect(parsePersonaText(exportPersona(persona, format), { source: `x.${format}`, format })).toEqual(
        persona,
      );
    }
  });

  it('GIVEN card-json THEN the same persona, and a V3 card with V2 fields', async () => {
    for (const persona of await all()) {
      const json = exportCardJson(persona);
      expect(importCharacterCard(json, { source: 'x.json' }).persona).toEqual(persona);
      const card = JSON.parse(json) as { spec: string; data: Record<string, unknown> };
      expect(card.spec).toBe('chara_card_v3');
      expect(card.data).toMatchObject({ name: persona.name, first_mes: persona.greeting ?? '' });
    }
  });

  it('GIVEN card-png THEN the same persona, from ccv3 and from chara alone', async () => {
    for (const persona of await all()) {
      const png = exportCardPng(persona, pngWithText({}));
      expect(importCharacterCard(png, { source: 'x.png' }).persona).toEqual(persona);
      const chunks = readPngTextChunks(png);
      expect(chunks.map((chunk) => chunk.keyword)).toEqual(['chara', 'ccv3']);
      const v2Only = pngWithText({ chara: chunks[0]!.text });
      expect(importCharacterCard(v2Only, { source: 'x.png' }).persona).toEqual(persona);
    }
  });

  it('GIVEN an exported card edited in another app THEN the edit wins over the Troupe copy', () => {
    const card = JSON.parse(exportCardJson(fromCard)) as { data: Record<string, unknown> };
    card.data.first_mes = 'Edited elsewhere.';
    const persona = importCharacterCard(JSON.stringify(card), { source: 'x.json' }).persona;
    expect(persona.greeting).toBe('Edited elsewhere.');
    expect(persona.lore).toEqual(fromCard.lore);
    expect(persona.examples).toEqual(fromCard.examples);
  });

  it('GIVEN a card without the Troupe copy THEN its fields alone still give the same lore, examples and notes', () => {
    const card = JSON.parse(exportCardJson(fromCard)) as { data: { extensions: Record<string, unknown> } };
    delete card.data.extensions.troupe;
    const persona = importCharacterCard(JSON.stringify(card), { source: 'x.json' }).persona;
    expect(persona).toEqual(fromCard);
  });
});
