// SillyTavern Character Cards (V1, V2, V3; JSON, PNG or .charx) → validated Troupe personas, on cards
// written for these tests from the specs (card-fixtures.ts).
import { describe, expect, it } from 'vitest';
import { english } from '../../support/english.js';
import { MAX_PERSONA_LORE_TEXT_CHARS } from '../../../src/core/persona.js';
import { lorebookToLore } from '../../../src/personas/card-lorebook.js';
import { cardPersonaId, importCharacterCard } from '../../../src/personas/character-card.js';
import { PersonaFileError } from '../../../src/personas/persona-file.js';
import { charx, jaCard, LONG_LORE, pngCard, sceneOnlyCard, v2Card, v2Data, zhCard } from './card-fixtures.js';
import { cardChunkText, pngWithText } from './png-fixture.js';

function cardError(input: Uint8Array | string, source = 'card.json'): PersonaFileError {
  try {
    importCharacterCard(input, { source });
  } catch (error) {
    expect(error).toBeInstanceOf(PersonaFileError);
    return error as PersonaFileError;
  }
  throw new Error('expected the card to be refused');
}

describe('importCharacterCard: every V2 field', () => {
  const { persona, spec, notes } = importCharacterCard(JSON.stringify(v2Card), { source: 'mira.json' });

  it('GIVEN V2 JSON THEN name, id, profile and summary map, with macros filled and markup stripped', () => {
    expect(spec).toBe('v2');
    expect(persona.id).toBe('mira-quell');
    expect(persona.name).toBe('Mira Quell');
    expect(persona.profile).toEqual({
      details:
        'Mira Quell is the keeper of the river lanterns. She met the user at the old mill, and the user’s questions amuse Mira Quell.\n\nSee her sister for more.',
      description: 'Personality: patient, wry, *not* easily impressed',
      scenario: 'The user arrives at dusk, when Mira Quell lights the first lamp.',
      style: expect.stringContaining('parentheses'),
    });
    expect(persona.summary).toBe('Mira Quell is the keeper of the river lanterns.');
    expect(JSON.stringify(persona)).not.toMatch(/<!--|<img|!\[|\/user\/images|\{\{|<BOT>|<USER>|you’s/iu);
  });

  it('GIVEN greetings THEN actions become parentheses, emphasis stays, {{user}} addresses everyone grammatically', () => {
    expect(persona.greeting).toBe(
      '(Mira Quell lifts her lantern and squints at everyone.) You again. Everyone’s boots are soaked. Honestly, you are *too* reckless.',
    );
    expect(persona.alternateGreetings).toEqual(['Everyone is late again, Mira Quell notes.']);
  });

  it('GIVEN a description with a pasted example chat and a lore entry with actions THEN the model reads parentheses for actions, emphasis and <START>-free text', () => {
    const card = {
      ...v2Card,
      data: {
        ...v2Data,
        description:
          '{{char}} guards the ford.\n<START>\n{{user}}: Who are you?\n{{char}}: *folds her arms* "Not *that* kind of guard."\n\n<START>\n*She points at the river.* Cross, then.',
        character_book: {
          extensions: {},
          entries: [
            {
              keys: ['ford'],
              content: '*The ford hums at night.* Nobody says why.',
              extensions: {},
              enabled: true,
              insertion_order: 0,
            },
          ],
        },
      },
    };
    const { persona: read } = importCharacterCard(JSON.stringify(card), { source: 'ford.json' });
    expect(read.profile).toMatchObject({
      details:
        'Mira Quell guards the ford.\n\nThe user: Who are you?\nMira Quell: (folds her arms) "Not *that* kind of guard."\n\n(She points at the river.) Cross, then.',
    });
    expect(read.lore.map((entry) => entry.text)).toEqual(['(The ford hums at night.) Nobody says why.']);
  });

  it('GIVEN mes_example THEN one example block per <START>, {{user}} as a speaker name, actions in parentheses', () => {
    expect(persona.examples).toEqual([
      'User: Why the lamps?\nMira Quell: (taps the glass) So the river knows its way home.',
      'User: Can I help?\nMira Quell: You can hold the ladder, User.',
    ]);
  });

  it('GIVEN system_prompt, post_history_instructions and depth_prompt THEN each is kept, {{original}} dropped', () => {
    expect(persona.systemPrompt).toBe('Write Mira Quell in the third person.');
    expect(persona.postHistoryInstructions).toBe('Keep Mira Quell terse; never speak for the user.');
    expect(persona.depthPrompt).toBe('Mira Quell hides that the lamps are failing.');
  });

  it('GIVEN creator_notes, tags, creator, character_version and talkativeness THEN they are kept (notes without markup)', () => {
    expect(persona.creatorNotes).toBe('Best with slow scenes.');
    expect(persona.tags).toEqual(['fantasy', 'slow burn']);
    expect(persona.creator).toBe('test-author');
    expect(persona.characterVersion).toBe('1.2');
    expect(persona.talkativeness).toBe(0.7);
  });

  it('GIVEN a lorebook THEN every entry with text is lore: constant, selective with its logic, keyless, off, ordered, case-sensitive, long', () => {
    expect(persona.lore).toEqual([
      {
        keys: ['mill', 'millstone'],
        text: 'The old mill burned down ten winters ago; Mira Quell was there.',
        priority: 5,
        name: 'The mill',
        order: 20,
      },
      { keys: [], text: 'The river is called the Vell.', name: 'World basics', constant: true, order: 0 },
      {
        keys: ['lamp'],
        text: 'Lamp oil comes from the Guild stores only.',
        secondaryKeys: ['oil', 'wick'],
        selectiveLogic: 'andAll',
        order: 10,
      },
      { keys: [], text: 'An entry someone forgot to give keys.', name: 'Forgotten', order: 30 },
      {
        keys: ['ghost'],
        text: 'There are no ghosts on the Vell (switched off by the author).',
        enabled: false,
        order: 40,
      },
      { keys: ['Guild'], text: LONG_LORE, name: 'Lantern Guild', order: 50, caseSensitive: true },
    ]);
  });

  it('GIVEN the lorebook and the rest THEN the notes say what came over and what did not', () => {
    expect(notes.map(english)).toEqual([
      'Lorebook: 6 entries became lore (1 always on, 1 switched off (kept)).',
      'Lore with no keys and not "constant" never comes up (kept, so you can add keys): "Forgotten".',
      'Lorebook entries with no text were left out: 1.',
      "The lorebook's own token budget and scan depth are not used: Troupe's lore budget and scan depth apply.",
      "The Character's Note goes just before the line being answered, not at its depth.",
    ]);
  });
});

describe('importCharacterCard: other languages and shapes', () => {
  it('GIVEN a Chinese V3 card THEN {{user}} is 用户 or 大家, the nickname is {{char}} and an alias, emphasis inside a sentence stays', () => {
    const { persona, spec, image } = importCharacterCard(JSON.stringify(zhCard), { source: 'qingqiu.json' });
    expect(spec).toBe('v3');
    expect(persona.aliases).toEqual(['清秋']);
    expect(persona.profile).toMatchObject({ details: '清秋是茶馆的老板。用户的朋友常来喝茶。' });
    expect(persona.greeting).toBe('(清秋放下茶壶。)大家来了？我*真的*很高兴。');
    expect(persona.alternateGreetings).toEqual(['各位好，大家都到了吗？']);
    expect(persona.examples).toEqual(['用户：今天喝什么？\n清秋：龙井。']);
    expect(persona.lore).toEqual([
      {
        keys: ['茶'],
        text: '茶馆的茶都来自西湖。',
        secondaryKeys: ['龙井'],
        selectiveLogic: 'notAny',
        order: 0,
      },
    ]);
    expect(image).toBeUndefined();
  });

  it('GIVEN a Japanese card THEN {{user}}さん reads みなさん in a greeting and ユーザーさん in the profile', () => {
    const { persona } = importCharacterCard(JSON.stringify(jaCard), { source: 'hikari.json' });
    expect(persona.greeting).toBe('こんにちは、みなさん！今日も来てくれたんですね。');
    expect(persona.profile).toMatchObject({
      details: '春野ひかりは図書館の司書です。ユーザーさんのことをよく知っています。',
    });
  });

  it('GIVEN a card with only a scenario, a greeting and a lorebook THEN it imports', () => {
    const { persona } = importCharacterCard(JSON.stringify(sceneOnlyCard), { source: 'narrator.json' });
    expect(persona.profile).toMatchObject({
      details: 'You are The Narrator.',
      scenario: 'A stormy harbour town.',
    });
    expect(persona.greeting).toBe('Rain hammers the docks as the ferry comes in.');
    expect(persona.lore).toHaveLength(1);
  });

  it('GIVEN a .charx THEN card.json is imported and the icon asset is the image', () => {
    const icon = pngWithText({});
    const { persona, image } = importCharacterCard(charx(v2Card, icon), { source: 'mira.charx' });
    expect(persona.name).toBe('Mira Quell');
    expect(image).toEqual(new Uint8Array(icon));
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
    const { persona, image } = importCharacterCard(png, { source: 'mira.png' });
    expect(persona.name).toBe('Mira Quell');
    expect(Buffer.from(image!)).toEqual(png);
  });

  it('GIVEN a PNG with both ccv3 and chara THEN ccv3 wins, in any case', () => {
    const v3 = { spec: 'chara_card_v3', spec_version: '3.0', data: { ...v2Data, name: 'Mira Three' } };
    const png = pngWithText({ chara: cardChunkText(v2Card), CCV3: cardChunkText(v3) });
    expect(importCharacterCard(png, { source: 'mira.png' }).persona.name).toBe('Mira Three');
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
    expect(error.problems.map(english)).toEqual(['data.alternate_greetings[0]: expected text']);
  });

  it('GIVEN a card with nothing to play THEN the error says so and names data.description', () => {
    const error = cardError(JSON.stringify({ spec: 'chara_card_v2', data: { name: 'Blank' } }));
    expect(error.problems.map(english)).toEqual([
      'data.description: the card has no description, personality, scenario, first message, example dialogue or lorebook: nothing to play',
    ]);
  });

  it('GIVEN an unknown spec THEN it is refused by name', () => {
    expect(cardError(JSON.stringify({ spec: 'chara_card_v9', data: {} })).problems.map(english)[0]).toMatch(
      /^spec: unsupported/,
    );
  });
});

describe('importCharacterCard: damaged files say what is wrong', () => {
  it('GIVEN a PNG without a card THEN it says the PNG holds no character card', () => {
    expect(cardError(pngWithText({ Comment: 'just a picture' }), 'cat.png').message).toBe(
      'cat.png: this PNG holds no character card (it is only a picture)',
    );
  });

  it('GIVEN a PNG cut off mid-file THEN it says the PNG is damaged', () => {
    const png = pngCard(v2Card);
    expect(cardError(png.subarray(0, 60), 'cut.png').problems.map(english)).toEqual([
      'this PNG is damaged (it is cut off or its chunks are broken)',
    ]);
  });

  it('GIVEN a chara chunk whose text is cut off THEN it says the card inside is damaged (its text is cut off)', () => {
    const json = JSON.stringify(v2Card);
    const png = pngWithText({
      chara: Buffer.from(json.slice(0, json.length / 2), 'utf8').toString('base64'),
    });
    expect(cardError(png, 'half.png').message).toBe(
      'half.png: the card inside this PNG is damaged (its text is cut off)',
    );
  });

  it('GIVEN a chara chunk of garbled bytes THEN it says the text is garbled, not what the bytes were', () => {
    const png = pngWithText({ chara: '\u00ff\u00fe\u0001garbage' });
    expect(cardError(png, 'noise.png').problems.map(english)).toEqual([
      'the card inside this PNG is damaged (its text is garbled)',
    ]);
    const invalidUtf8 = pngWithText({ chara: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64') });
    expect(cardError(invalidUtf8, 'noise.png').problems.map(english)).toEqual([
      'the card inside this PNG is damaged (its text is garbled)',
    ]);
  });

  it('GIVEN an empty file, plain text or another picture format THEN it says so, not what the JSON parser says', () => {
    expect(cardError(new Uint8Array(0), 'empty.png').message).toBe('empty.png: the file is empty');
    for (const bytes of [Buffer.from('hello, this is no card'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2])])
      expect(cardError(bytes, 'photo.png').problems.map(english)).toEqual([
        'the file is neither a PNG, a .charx nor JSON text',
      ]);
  });

  it('GIVEN a damaged .charx or one without card.json THEN it says which', () => {
    const zip = charx(v2Card, pngWithText({}));
    expect(cardError(zip.subarray(0, zip.length - 30), 'cut.charx').problems.map(english)).toEqual([
      'this .charx is damaged (the zip cannot be opened)',
    ]);
  });
});

describe('lorebookToLore: a lorebook entry longer than a persona lore entry may be', () => {
  it('GIVEN an emoji across the cut THEN the entry is cut before it, never leaving half of it', () => {
    const content = `${'a'.repeat(MAX_PERSONA_LORE_TEXT_CHARS - 1)}🎸 and the rest`;
    const { lore, notes } = lorebookToLore({ entries: [{ keys: ['guitar'], content }] }, (text) => text);
    expect(lore.map((entry) => entry.text)).toEqual(['a'.repeat(MAX_PERSONA_LORE_TEXT_CHARS - 1)]);
    expect(notes.map(english)).toContainEqual(expect.stringMatching(/cut/));
  });
});
