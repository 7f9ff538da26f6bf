// Export → parse gives back an equal persona, in both formats.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importCharacterCard } from '../../../src/personas/character-card.js';
import { exportPersona } from '../../../src/personas/export-persona.js';
import { parsePersonaText } from '../../../src/personas/persona-file.js';
import { loadPersonaDir } from '../../../src/personas/persona-loader.js';

const PERSONAS_DIR = fileURLToPath(new URL('../../../personas', import.meta.url));

describe('exportPersona', () => {
  it('GIVEN every shipped persona THEN YAML and JSON exports read back equal', async () => {
    const { personas } = await loadPersonaDir(PERSONAS_DIR);
    expect(personas.length).toBeGreaterThan(0);
    for (const persona of personas) {
      for (const format of ['yaml', 'json'] as const) {
        const text = exportPersona(persona, format);
        expect(
          parsePersonaText(text, { source: `${persona.id}.${format}`, format }),
          `${persona.id} ${format}`,
        ).toEqual(persona);
      }
    }
  });

  it('GIVEN an imported card THEN its export reads back equal', () => {
    const card = {
      spec: 'chara_card_v2',
      data: {
        name: 'Seraphina',
        description: 'A guardian.\nShe heals.',
        first_mes: '*Smiles.* Hello: friend # not a comment',
      },
    };
    const { persona } = importCharacterCard(JSON.stringify(card), { source: 'seraphina.json' });
    const yaml = exportPersona(persona, 'yaml');
    expect(
      parsePersonaText(yaml, { source: 'seraphina.yaml', format: 'yaml', expectedId: 'seraphina' }),
    ).toEqual(persona);
  });

  it('GIVEN a persona with every option set THEN nothing is lost', () => {
    const persona = parsePersonaText(
      JSON.stringify({
        id: 'full',
        name: 'Full',
        aliases: ['F'],
        avatarUrl: 'https://example.com/f.png',
        summary: 'Everything set.',
        profile: { details: 'You are Full.', style: 'Short.' },
        greeting: 'Hi.',
        alternateGreetings: ['Hey.'],
        model: 'qwen-flash-character',
        talkativeness: 0,
        generation: { temperature: 0.7, topP: 0.9, seed: 42, maxReplyTokens: 100 },
        noActions: true,
        logitBias: { '7': -100, '8': -50 },
        memory: { enabled: true, entries: 20, skipSaveTypes: ['system'] },
        realtime: true,
        knowledgeBaseIds: ['kb-1'],
        webSearch: { enabled: true, options: { forced_search: true } },
        botTokenEnv: 'FULL_BOT_TOKEN',
        moderationLine: 'Let us talk about something else.',
      }),
      { source: 'full.json', format: 'json' },
    );
    for (const format of ['yaml', 'json'] as const) {
      expect(parsePersonaText(exportPersona(persona, format), { source: 'x', format })).toEqual(persona);
    }
  });

  it('GIVEN defaults THEN the export leaves them out', () => {
    const persona = parsePersonaText('id: min\nname: Min\nprofile: You are Min.\n', {
      source: 'min.yaml',
      format: 'yaml',
    });
    expect(JSON.parse(exportPersona(persona, 'json'))).toEqual({
      id: 'min',
      name: 'Min',
      profile: 'You are Min.',
    });
    expect(exportPersona(persona, 'yaml')).toMatch(/^# Min: a Troupe persona file/);
  });
});
