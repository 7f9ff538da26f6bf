// Lore matching (pure): whole words in any case for Latin keys, substrings for CJK keys, only the
// newest lines, per-persona entries, priority then recency, and the token budget.
import { describe, expect, it } from 'vitest';
import { keyMatcher, LORE_SCAN_LINES, selectLore, type LoreEntry } from '../../../src/core/lore.js';
import { qwenTokenCounter } from '../../../src/model/qwen-tokens.js';

const countTokens = (text: string) => qwenTokenCounter.count(text);

const lines = (...texts: string[]) => texts.map((text) => ({ text }));
const entry = (id: string, keys: string[], text: string, extra: Partial<LoreEntry> = {}): LoreEntry => ({
  id,
  keys,
  text,
  ...extra,
});
const select = (
  entries: LoreEntry[],
  recent: Array<{ text: string }>,
  budgetTokens = 300,
  personaId = 'ling-lu',
) => selectLore(entries, recent, { personaId, budgetTokens, tokens: qwenTokenCounter }).texts;

describe('keyMatcher', () => {
  it.each([
    ['rain', 'The RAIN is back!', true],
    ['rain', 'It is raining', false],
    ['art', 'Come to the party', false],
    ['Tao Le', 'ask tao   le about it', true],
    ['C++', 'I code in C++ mostly', true],
    ['下雨', '外面下雨了。', true],
    ['雨', '大雨', true],
    ['雨', 'rain', false],
    ['ライブ', '明日のライブ楽しみ', true],
    ['  ', 'anything', false],
  ])('GIVEN key %j THEN %j matches: %s', (key, text, expected) => {
    expect(keyMatcher(key)(text)).toBe(expected);
  });
});

describe('selectLore', () => {
  const rain = entry('c1', ['rain', '下雨'], 'Rain floods the studio basement every spring.');
  const festival = entry('c2', ['festival'], 'The festival moved to the riverside stage.');

  it('GIVEN keys in the newest lines THEN the most recently triggered entry comes first', () => {
    expect(select([rain, festival], lines('The festival is Saturday.', 'And the rain!'))).toEqual([
      rain.text,
      festival.text,
    ]);
  });

  it(`GIVEN a key only older than the ${LORE_SCAN_LINES} newest lines THEN it does not fire`, () => {
    const old = lines('the festival', ...Array.from({ length: LORE_SCAN_LINES }, () => 'nothing here'));
    expect(select([festival], old)).toEqual([]);
    expect(select([festival], old.slice(1 - LORE_SCAN_LINES - 1))).toEqual([]);
    expect(select([festival], old.slice(-LORE_SCAN_LINES + 1).concat(lines('festival?')))).toEqual([
      festival.text,
    ]);
  });

  it('GIVEN priorities THEN higher first, whatever the recency', () => {
    const urgent = { ...festival, priority: 5 };
    expect(select([rain, urgent], lines('festival', 'rain'))).toEqual([urgent.text, rain.text]);
  });

  it('GIVEN an entry for other personas THEN this persona does not get it', () => {
    const theirs = { ...rain, personaIds: ['cheng-yi'] };
    expect(select([theirs], lines('rain'))).toEqual([]);
    expect(select([theirs], lines('rain'), 300, 'cheng-yi')).toEqual([rain.text]);
  });

  it('GIVEN a budget THEN entries are taken while they fit; one too large is skipped, a smaller one after it still fits', () => {
    const big = entry('c3', ['rain'], 'x '.repeat(200).trim(), { priority: 9 });
    const budget = countTokens(rain.text) + countTokens(festival.text);
    expect(select([big, rain, festival], lines('festival and rain'), budget)).toEqual([
      rain.text,
      festival.text,
    ]);
    expect(select([rain, festival], lines('festival and rain'), countTokens(rain.text))).toEqual([rain.text]);
  });

  it('GIVEN the same text from two scopes THEN it is taken once', () => {
    expect(select([rain, { ...rain, id: 's1' }], lines('rain'))).toEqual([rain.text]);
  });
});

describe('selectLore: character-card lorebook controls', () => {
  const pick = (entries: LoreEntry[], recent: string[], budgetTokens = 300) =>
    select(entries, lines(...recent), budgetTokens);

  it('GIVEN a constant entry without keys THEN it is in every turn, before triggered ones', () => {
    const always = entry('p1', [], 'The river is the Vell.', { constant: true });
    const mill = entry('p2', ['mill'], 'The mill burned.', { priority: 50 });
    expect(pick([mill, always], ['nothing'])).toEqual([always.text]);
    expect(pick([mill, always], ['the mill?'], countTokens(always.text))).toEqual([always.text]);
  });

  it('GIVEN a keyless entry that is not constant, or one switched off THEN it never comes up', () => {
    expect(pick([entry('p1', [], 'Forgotten.')], ['Forgotten.'])).toEqual([]);
    expect(pick([entry('p1', ['ghost'], 'Ghosts.', { enabled: false })], ['a ghost'])).toEqual([]);
    expect(pick([entry('p1', [], 'Off.', { constant: true, enabled: false })], ['x'])).toEqual([]);
  });

  it.each([
    ['andAny', ['lamp oil', 'the lamp'], [true, false]],
    ['andAll', ['lamp oil and wick', 'lamp oil'], [true, false]],
    ['notAny', ['the lamp', 'lamp oil'], [true, false]],
    ['notAll', ['lamp oil', 'lamp oil and wick'], [true, false]],
  ] as const)('GIVEN secondary keys with %s THEN %j fire as %j', (logic, texts, expected) => {
    const lamp = entry('p1', ['lamp'], 'Oil from the Guild.', {
      secondaryKeys: ['oil', 'wick'],
      selectiveLogic: logic,
    });
    expect(texts.map((text) => pick([lamp], [text]).length === 1)).toEqual(expected);
  });

  it('GIVEN a case-sensitive key THEN only the case written matches', () => {
    const guild = entry('p1', ['Guild'], 'The Guild.', { caseSensitive: true });
    expect(pick([guild], ['the guild'])).toEqual([]);
    expect(pick([guild], ['the Guild'])).toEqual([guild.text]);
  });

  it('GIVEN insertion orders THEN chosen entries go out lowest order first', () => {
    const late = entry('p1', ['a'], 'Late.', { order: 20, priority: 9 });
    const early = entry('p2', ['b'], 'Early.', { order: 10 });
    expect(pick([late, early], ['a b'])).toEqual([early.text, late.text]);
  });

  it('GIVEN an entry longer than the budget THEN its leading paragraphs that fit come, never more than the budget', () => {
    const paragraph = (n: number) => `Paragraph ${n}. ${'word '.repeat(60).trim()}.`;
    const long = entry('p1', ['guild'], [1, 2, 3].map(paragraph).join('\n\n'));
    const budget = countTokens(`${paragraph(1)}\n\n${paragraph(2)}`) + 2;
    const texts = pick([long], ['the guild'], budget);
    expect(texts).toEqual([`${paragraph(1)}\n\n${paragraph(2)}`]);
    expect(countTokens(texts[0]!)).toBeLessThanOrEqual(budget);
    expect(pick([long], ['the guild'], 3)).toEqual([]);
  });
});
