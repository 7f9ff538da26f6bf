// Lore matching (pure): whole words in any case for Latin keys, substrings for CJK keys, only the
// newest lines, per-persona entries, priority then recency, and the token budget.
import { describe, expect, it } from 'vitest';
import { keyMatcher, LORE_SCAN_LINES, selectLore, type LoreEntry } from '../../../src/core/lore.js';
import { estimateTokens } from '../../../src/core/prompt/token-estimate.js';

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
) => selectLore(entries, recent, { personaId, budgetTokens }).texts;

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
    const budget = estimateTokens(rain.text) + estimateTokens(festival.text);
    expect(select([big, rain, festival], lines('festival and rain'), budget)).toEqual([
      rain.text,
      festival.text,
    ]);
    expect(select([rain, festival], lines('festival and rain'), estimateTokens(rain.text))).toEqual([
      rain.text,
    ]);
  });

  it('GIVEN the same text from two scopes THEN it is taken once', () => {
    expect(select([rain, { ...rain, id: 's1' }], lines('rain'))).toEqual([rain.text]);
  });
});
