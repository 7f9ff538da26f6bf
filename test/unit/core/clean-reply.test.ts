// The model's raw continuation of `Name:` → what the persona posts: repeated prefixes stripped, other
// speakers' lines cut, nothing posted when nothing is left.
import { describe, expect, it } from 'vitest';
import { cleanReply, otherSpeakerNames } from '../../../src/core/reply/clean-reply.js';
import { makeLine, makePersona, personaLine } from './fixtures.js';

const lingLu = makePersona({
  id: 'ling-lu',
  name: 'Ling Lu',
  aliases: ['Lulu', '凌路'],
  profile: 'A musician.',
});
const taoLe = makePersona({ id: 'tao-le', name: 'Tao Le', aliases: ['Honey'], profile: 'A vocalist.' });
const otherNames = ['Tao Le', 'Honey', 'Cheng Yi', 'Mia', 'Narrator'];

const clean = (raw: string): string | undefined => cleanReply(raw, { speaker: lingLu, otherNames });

describe('cleanReply', () => {
  it('GIVEN a plain reply THEN it is kept, trimmed', () => {
    expect(clean('  Alright, I will come up with some good tunes then.\n')).toBe(
      'Alright, I will come up with some good tunes then.',
    );
  });

  it('GIVEN the speaker prefix repeated, even twice THEN it is stripped', () => {
    expect(clean('Ling Lu: Ling Lu: Fine, send it over.')).toBe('Fine, send it over.');
  });

  it('GIVEN an alias or a CJK alias with a full-width colon THEN it is stripped', () => {
    expect(clean('Lulu: Fine.')).toBe('Fine.');
    expect(clean('凌路：好吧。')).toBe('好吧。');
    expect(clean('Ling Lu：Fine.')).toBe('Fine.');
  });

  it('GIVEN a bold prefix THEN it is stripped', () => {
    expect(clean('**Ling Lu:** (smirks) Fine.')).toBe('(smirks) Fine.');
    expect(clean('**Ling Lu**: Fine.')).toBe('Fine.');
  });

  it("GIVEN another cast member's line on a later line THEN the reply is cut before it", () => {
    expect(clean('Fine, send it over.\nTao Le: Honey, go to sleep!\nLing Lu: No.')).toBe(
      'Fine, send it over.',
    );
  });

  it("GIVEN an alias's line with a full-width colon on a later line THEN the reply is cut before it", () => {
    expect(clean('Fine.\n\nHoney：go to sleep!')).toBe('Fine.');
  });

  it("GIVEN a person's line on a later line THEN the reply is cut before it", () => {
    expect(clean('Who is paying?\nMia: Ma Hui is!')).toBe('Who is paying?');
  });

  it("GIVEN another speaker's line inline after a sentence end THEN it is cut there", () => {
    expect(clean('Fine, I will check it out. Tao Le: hi')).toBe('Fine, I will check it out.');
    expect(clean('好吧。Tao Le：早点睡。')).toBe('好吧。');
  });

  it('GIVEN a colon after a word that is not a known name THEN nothing is cut', () => {
    expect(clean('Ratio: 3:2. Tempo: 120 bpm.\nKey: D minor.')).toBe(
      'Ratio: 3:2. Tempo: 120 bpm.\nKey: D minor.',
    );
  });

  it('GIVEN a known name mid-sentence before a colon THEN nothing is cut', () => {
    expect(clean('I told Tao Le: no more late nights.')).toBe('I told Tao Le: no more late nights.');
  });

  it('GIVEN a name that only starts like a known one THEN nothing is cut', () => {
    expect(clean('Sure.\nMiami: that is where the gig is.')).toBe('Sure.\nMiami: that is where the gig is.');
  });

  it('GIVEN the speaker carrying on in a second prefixed line THEN only the prefix goes', () => {
    expect(clean('Fine.\nLing Lu: (sighs) Send it.')).toBe('Fine.\n(sighs) Send it.');
  });

  it('GIVEN runs of blank lines THEN they collapse to one blank line', () => {
    expect(clean('One.\n\n\n\n  \nTwo.\n\nThree.')).toBe('One.\n\nTwo.\n\nThree.');
  });

  it('GIVEN nothing but whitespace, punctuation or the prefix THEN undefined (the persona stays silent)', () => {
    expect(clean('')).toBeUndefined();
    expect(clean('   \n ')).toBeUndefined();
    expect(clean('...')).toBeUndefined();
    expect(clean('Ling Lu: ')).toBeUndefined();
    expect(clean('Ling Lu:\nTao Le: hi')).toBeUndefined();
    expect(clean('**')).toBeUndefined();
  });

  it('GIVEN an emoji-only reply THEN it is kept', () => {
    expect(clean('🙄')).toBe('🙄');
  });

  it('GIVEN names with regex characters THEN they are matched literally', () => {
    const speaker = makePersona({ id: 'dr-x', name: 'Dr. X (AI)', profile: 'A doctor.' });
    expect(cleanReply('Dr. X (AI): Hello.\nA+B?: hi', { speaker, otherNames: ['A+B?'] })).toBe('Hello.');
    expect(cleanReply('Dr. Xy: Hello.', { speaker, otherNames: [] })).toBe('Dr. Xy: Hello.');
  });
});

describe('otherSpeakerNames', () => {
  it('GIVEN a cast and a window THEN it lists the other personas, their aliases, people and the narrator, not the speaker', () => {
    const lines = [
      makeLine(1, 'system', 'system', 'system', 'Mia joined.'),
      makeLine(2, 'person', '42', 'Mia', 'hi'),
      personaLine(3, lingLu, 'yo'),
      personaLine(4, taoLe, 'hey'),
      makeLine(5, 'person', '43', 'mia', 'again'),
    ];
    expect(otherSpeakerNames(lingLu, [lingLu, taoLe], lines)).toEqual(['Tao Le', 'Honey', 'Narrator', 'Mia']);
  });
});
