// SillyTavern Character Cards (V1, V2, V3; JSON or PNG) → validated Troupe personas.
import { describe, expect, it } from 'vitest';
import { cardPersonaId, importCharacterCard } from '../../../src/personas/character-card.js';
import { PersonaFileError } from '../../../src/personas/persona-file.js';
import { cardChunkText, pngWithText } from './png-fixture.js';

const v2Data = {
  name: 'Seraphina',
  description:
    "{{char}} is a guardian of the forest. She found {{user}} wounded and brought {{user}} to {{char}}'s glade.",
  personality: 'kind, protective, quietly fierce',
  scenario: "{{user}} wakes in {{char}}'s cottage.",
  first_mes:
    "*{{char}} sets down a cup of tea.* You're awake, {{user}}. {{user}}'s wounds are healing. **Rest.**",
  mes_example: '<START>\n{{user}}: Hi\n{{char}}: Hello.',
  creator_notes: 'Never in a prompt.',
  system_prompt: '',
  post_history_instructions: 'Stay in character.',
  alternate_greetings: ['<USER> is late again, <BOT> notes.', ''],
  tags: ['fantasy'],
  creator: 'someone',
  character_version: '1.0',
  extensions: { talkativeness: '0.8', depth_prompt: { prompt: 'Be gentle.', depth: 4 }, fav: false },
};
const v2Card = { spec: 'chara_card_v2', spec_version: '2.0', data: v2Data };

function cardError(input: Uint8Array | string, source = 'card.json'): PersonaFileError {
  try {
    importCharacterCard(input, { source });
  } catch (error) {
    expect(error).toBeInstanceOf(PersonaFileError);
    return error as PersonaFileError;
  }
  throw new Error('expected the card to be refused');
}

describe('importCharacterCard', () => {
  it('GIVEN V2 JSON THEN fields map to the persona and macros are filled in', () => {
    const { persona, spec, ignoredFields } = importCharacterCard(JSON.stringify(v2Card), {
      source: 'seraphina.json',
    });
    expect(spec).toBe('v2');
    expect(persona.id).toBe('seraphina');
    expect(persona.name).toBe('Seraphina');
    expect(persona.aliases).toEqual([]);
    expect(persona.profile).toEqual({
      details:
        "Seraphina is a guardian of the forest. She found the user wounded and brought the user to Seraphina's glade.",
      description: 'Personality: kind, protective, quietly fierce',
      scenario: "The user wakes in Seraphina's cottage.",
      style: expect.stringContaining('parentheses'),
    });
    expect(persona.summary).toBe('Seraphina is a guardian of the forest.');
    expect(persona.greeting).toBe(
      "(Seraphina sets down a cup of tea.) You're awake, you. Your wounds are healing. **Rest.**",
    );
    expect(persona.alternateGreetings).toEqual(['You are late again, Seraphina notes.']);
    expect(persona.talkativeness).toBe(0.8);
    expect(ignoredFields).toEqual([
      'data.mes_example',
      'data.post_history_instructions',
      'data.extensions.depth_prompt',
    ]);
    expect(JSON.stringify(persona)).not.toContain('Never in a prompt');
  });

  it('GIVEN V3 JSON THEN the nickname is an alias and fills {{char}}, group greetings join, an https icon is the avatar', () => {
    const v3Card = {
      spec: 'chara_card_v3',
      spec_version: '3.0',
      data: {
        ...v2Data,
        name: 'Seraphina Valewood',
        nickname: 'Sera',
        group_only_greetings: ['*{{char}} waves at everyone.*'],
        assets: [
          { type: 'icon', uri: 'embeded://assets/icon.png', name: 'main', ext: 'png' },
          { type: 'icon', uri: 'https://example.com/sera.png', name: 'alt', ext: 'png' },
        ],
        character_book: { entries: [] },
        extensions: {},
      },
    };
    const { persona, spec, ignoredFields } = importCharacterCard(JSON.stringify(v3Card), {
      source: 'sera.json',
    });
    expect(spec).toBe('v3');
    expect(persona.id).toBe('seraphina-valewood');
    expect(persona.aliases).toEqual(['Sera']);
    expect(persona.greeting).toMatch(/^\(Sera sets down a cup of tea\.\)/);
    expect(persona.alternateGreetings).toEqual([
      'You are late again, Sera notes.',
      '(Sera waves at everyone.)',
    ]);
    expect(persona.avatarUrl).toBe('https://example.com/sera.png');
    expect(persona.talkativeness).toBe(0.5);
    expect(ignoredFields).toContain('data.character_book');
  });

  it('GIVEN a V1 flat card THEN it imports, including its top-level talkativeness', () => {
    const { persona, spec } = importCharacterCard(
      JSON.stringify({
        name: 'Old Tom',
        description: 'A ferryman.',
        first_mes: 'Cross?',
        talkativeness: 0.2,
      }),
      { source: 'tom.json' },
    );
    expect(spec).toBe('v1');
    expect(persona).toMatchObject({
      id: 'old-tom',
      greeting: 'Cross?',
      talkativeness: 0.2,
      profile: { details: 'A ferryman.' },
    });
  });

  it('GIVEN a legacy TavernAI card THEN its old field names are understood', () => {
    const { persona } = importCharacterCard(
      JSON.stringify({ char_name: 'Pyg', char_persona: 'A chatbot.', char_greeting: 'Hello!' }),
      { source: 'pyg.json' },
    );
    expect(persona).toMatchObject({ id: 'pyg', name: 'Pyg', greeting: 'Hello!' });
  });

  it('GIVEN a PNG with a chara chunk THEN the card inside is imported', () => {
    const png = pngWithText({ Comment: 'made by hand', chara: cardChunkText(v2Card) });
    const { persona } = importCharacterCard(png, { source: 'seraphina.png' });
    expect(persona.name).toBe('Seraphina');
  });

  it('GIVEN a PNG with both ccv3 and chara THEN ccv3 wins, in any case', () => {
    const v3 = { spec: 'chara_card_v3', spec_version: '3.0', data: { ...v2Data, name: 'Seraphina Three' } };
    const png = pngWithText({ chara: cardChunkText(v2Card), CCV3: cardChunkText(v3) });
    expect(importCharacterCard(png, { source: 'seraphina.png' }).persona.name).toBe('Seraphina Three');
  });

  it('GIVEN a non-Latin name THEN the id is a stable persona-<hash>, and non-ASCII text survives the PNG', () => {
    const card = {
      spec: 'chara_card_v2',
      data: { name: '林婉', description: '奶茶店老板娘。', first_mes: '今天也是半糖吗？' },
    };
    const { persona } = importCharacterCard(pngWithText({ chara: cardChunkText(card) }), {
      source: 'lin.png',
    });
    expect(persona.id).toMatch(/^persona-[0-9a-f]{8}$/);
    expect(persona.id).toBe(cardPersonaId('林婉'));
    expect(persona.greeting).toBe('今天也是半糖吗？');
  });

  it('GIVEN an explicit id THEN it replaces the slug', () => {
    expect(importCharacterCard(JSON.stringify(v2Card), { source: 'c.json', id: 'sera' }).persona.id).toBe(
      'sera',
    );
  });

  it('GIVEN names THEN ids are slugs with accents folded', () => {
    expect(cardPersonaId('Zoë  the Brave!')).toBe('zoe-the-brave');
    expect(cardPersonaId('  --Ada--  ')).toBe('ada');
  });

  it('GIVEN a card without a name THEN the error names the source and data.name', () => {
    const error = cardError(
      JSON.stringify({ spec: 'chara_card_v2', data: { ...v2Data, name: '' } }),
      'nameless.json',
    );
    expect(error.message).toBe('nameless.json: data.name: a card needs a name');
  });

  it('GIVEN a card field of the wrong type THEN the error names the field', () => {
    const error = cardError(
      JSON.stringify({ spec: 'chara_card_v2', data: { ...v2Data, alternate_greetings: [1] } }),
    );
    expect(error.problems).toEqual([
      'data.alternate_greetings[0]: Invalid input: expected string, received number',
    ]);
  });

  it('GIVEN a card with neither description nor personality THEN the error names data.description', () => {
    const error = cardError(JSON.stringify({ spec: 'chara_card_v2', data: { name: 'Blank' } }));
    expect(error.problems).toEqual(['data.description: a card needs a description or a personality']);
  });

  it('GIVEN an unknown spec THEN it is refused by name', () => {
    expect(cardError(JSON.stringify({ spec: 'chara_card_v9', data: {} })).problems[0]).toMatch(
      /^spec: unsupported/,
    );
  });

  it('GIVEN a PNG without a card THEN it says so', () => {
    expect(cardError(pngWithText({ Comment: 'just a picture' }), 'cat.png').message).toMatch(
      /^cat\.png: \(png\): no "ccv3" or "chara" tEXt chunk/,
    );
  });

  it('GIVEN a truncated PNG THEN it is refused as a PNG problem', () => {
    const png = pngWithText({ chara: cardChunkText(v2Card) });
    expect(cardError(png.subarray(0, 60), 'cut.png').message).toMatch(
      /^cut\.png: \(png\): .*runs past the end/,
    );
  });

  it('GIVEN a chara chunk that is not JSON THEN the error is a JSON problem of that source', () => {
    const png = pngWithText({ chara: Buffer.from('{oops', 'utf8').toString('base64') });
    expect(cardError(png, 'bad.png').message).toMatch(/^bad\.png: /);
  });
});
