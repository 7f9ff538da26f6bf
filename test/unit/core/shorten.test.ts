// Shortening for Discord never cuts through a grapheme: 🎸-heavy, family-emoji, flag, accented and
// "zalgo" text cut at every length around the limits keeps whole graphemes, never a lone surrogate, and
// never more than the limit. The same for every place that shortens: webhook names, command replies,
// autocomplete choices, long replies split in parts.
import { describe, expect, it } from 'vitest';
import { personaSchema } from '../../../src/core/persona.js';
import { splitMessage } from '../../../src/core/reply/split-message.js';
import { fitPrefix, shorten, splitAtGraphemes } from '../../../src/core/shorten.js';
import { choicesFor } from '../../../src/discord/persona-choices.js';
import { clip } from '../../../src/discord/replies.js';
import { MAX_WEBHOOK_USERNAME_LENGTH, webhookUsername } from '../../../src/discord/webhook-username.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

/** True when `part` is `whole`'s first graphemes, none of them cut. */
function isGraphemePrefix(part: string, whole: string): boolean {
  const all = graphemes(whole);
  let joined = '';
  for (const grapheme of all) {
    if (joined === part) return true;
    joined += grapheme;
  }
  return joined === part;
}

const TEXTS = {
  guitars: '🎸'.repeat(60),
  oddGuitars: `a${'🎸'.repeat(60)}`,
  families: '👩‍👩‍👧‍👦'.repeat(20),
  flags: '🇨🇳🇯🇵🇺🇸'.repeat(15),
  accents: 'é'.normalize('NFD').repeat(60),
  mixed: 'Ling Lu 🎸 凌路 🎸🎸 rocks 👩‍👩‍👧 é'.repeat(4),
};

describe('fitPrefix and shorten', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`GIVEN ${name} THEN every cut from 0 to past the end is whole graphemes within the limit`, () => {
      for (let max = 0; max <= text.length + 2; max++) {
        const prefix = fitPrefix(text, max);
        expect(prefix.length).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(prefix)).toBe(false);
        expect(isGraphemePrefix(prefix, text)).toBe(true);
        const short = shorten(text, max);
        expect(short.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(LONE_SURROGATE.test(short)).toBe(false);
        if (max >= text.length) expect(short).toBe(text);
        else if (max >= 1) expect(short.endsWith('…')).toBe(true);
      }
    });
  }

  it('GIVEN one grapheme longer than the limit (a letter under 300 marks) THEN a split cuts it between code points, a prefix keeps none of it', () => {
    const zalgo = `Z${'\u0301'.repeat(300)}a`;
    expect(fitPrefix(zalgo, 50)).toBe('');
    expect(shorten(`Edit ${zalgo}`, 45)).toBe('Edit…');
    const pieces = splitAtGraphemes(zalgo, 50);
    expect(pieces[0]).toBe(`Z${'\u0301'.repeat(49)}`);
    expect(pieces.join('')).toBe(zalgo);
  });

  it('GIVEN text split at graphemes THEN the pieces put back together are the text, each within the limit', () => {
    for (const text of Object.values(TEXTS)) {
      for (const max of [1, 2, 3, 7, 11, 13]) {
        const pieces = splitAtGraphemes(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) expect(LONE_SURROGATE.test(piece)).toBe(false);
        for (const piece of pieces) expect(piece.length <= max || graphemes(piece).length === 1).toBe(true);
      }
    }
  });
});

describe('every place that shortens for Discord', () => {
  it('GIVEN 🎸-heavy persona names of every length around 80 THEN the webhook username is whole graphemes within 80', () => {
    for (let n = 30; n <= 50; n++) {
      const families = '👩‍👩‍👧'.repeat(Math.ceil(n / 3));
      for (const name of [
        '🎸'.repeat(n),
        `x${'🎸'.repeat(n)}`,
        families,
        `${'x'.repeat(n % 8)}${families}`,
      ]) {
        const username = webhookUsername(name);
        expect(username.length).toBeLessThanOrEqual(MAX_WEBHOOK_USERNAME_LENGTH);
        expect(LONE_SURROGATE.test(username)).toBe(false);
        expect(isGraphemePrefix(username, name.trim())).toBe(true);
      }
    }
  });

  it('GIVEN a 🎸-heavy reply of every length around 2,000 THEN clip keeps whole graphemes', () => {
    for (let n = 0; n <= 20; n++) {
      const text = `${'a'.repeat(n)}${'🎸'.repeat(995)}`;
      const clipped = clip(text);
      expect(clipped.length).toBeLessThanOrEqual(2000);
      expect(LONE_SURROGATE.test(clipped)).toBe(false);
    }
  });

  it('GIVEN a 🎸-heavy reply with no spaces, split for Discord at every limit THEN no part holds half an emoji', () => {
    const text = `${'🎸'.repeat(1500)}a${'👩‍👩‍👧‍👦'.repeat(200)}`;
    for (let limit = 1995; limit <= 2000; limit++) {
      const parts = splitMessage(text, limit);
      expect(parts.join('')).toBe(text);
      let before = '';
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(LONE_SURROGATE.test(part)).toBe(false);
        before += part;
        expect(isGraphemePrefix(before, text)).toBe(true);
      }
    }
  });

  it('GIVEN 🎸-heavy persona names THEN autocomplete choice names are whole graphemes within 100', () => {
    for (let n = 40; n <= 60; n++) {
      const persona = personaSchema.parse({ id: 'band', name: '🎸'.repeat(Math.min(n, 40)), profile: 'P' });
      for (const name of [`${'🎸'.repeat(n)} band`, `x${'🎸'.repeat(n)} band`]) {
        const [choice] = choicesFor([{ ...persona, name }], '');
        expect(choice!.name.length).toBeLessThanOrEqual(100);
        expect(LONE_SURROGATE.test(choice!.name)).toBe(false);
      }
    }
  });
});
