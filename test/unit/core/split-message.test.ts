// Splitting a reply into platform-sized chunks: paragraphs first, then lines, sentences (also CJK),
// words, and a hard cut last; code blocks kept whole, or closed and reopened when they alone are too long.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random.js';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from '../../../src/core/reply/split-message.js';
import { chineseText, englishText } from './fixtures.js';

const squeeze = (text: string): string => text.replace(/\s+/gu, '');

/** Every chunk fits and is non-empty, and no character other than whitespace was lost or added. */
function expectFaithful(text: string, chunks: string[], limit: number): void {
  for (const chunk of chunks) {
    expect(chunk.length).toBeLessThanOrEqual(limit);
    expect(chunk.trim()).toBe(chunk);
    expect(chunk).not.toBe('');
  }
  expect(squeeze(chunks.join(''))).toBe(squeeze(text));
}

describe('splitMessage', () => {
  it('GIVEN a text within the limit THEN it is one trimmed chunk; blank text gives none', () => {
    expect(splitMessage('  Hello there.\n')).toEqual(['Hello there.']);
    expect(splitMessage(' \n\t ')).toEqual([]);
  });

  it('GIVEN 7,000 characters of paragraphs THEN every chunk is within 2,000 and nothing is lost', () => {
    const random = seededRandom(1);
    const text = Array.from({ length: 10 }, () => englishText(random, 650)).join('\n\n');
    const chunks = splitMessage(text);
    expect(DISCORD_MESSAGE_LIMIT).toBe(2_000);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expectFaithful(text, chunks, 2_000);
  });

  it('GIVEN paragraphs that fit two by two THEN chunks break between paragraphs', () => {
    const random = seededRandom(2);
    const [p1, p2, p3] = [englishText(random, 900), englishText(random, 900), englishText(random, 900)];
    expect(splitMessage(`${p1}\n\n${p2}\n\n\n${p3}`)).toEqual([`${p1}\n\n${p2}`, p3]);
  });

  it('GIVEN one long paragraph of lines THEN chunks break between lines', () => {
    const lines = Array.from({ length: 60 }, (_, index) => `Line ${index}: ${'la '.repeat(15).trim()}`);
    const chunks = splitMessage(lines.join('\n'), 500);
    expectFaithful(lines.join('\n'), chunks, 500);
    for (const chunk of chunks) expect(chunk.split('\n').every((line) => lines.includes(line))).toBe(true);
  });

  it('GIVEN a long Chinese paragraph THEN chunks break after 。 and stay within the limit', () => {
    const text = chineseText(seededRandom(3), 5_000);
    const chunks = splitMessage(text);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expectFaithful(text, chunks, 2_000);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith('。')).toBe(true);
  });

  it('GIVEN a long English sentence run THEN chunks end at sentence ends', () => {
    const text = englishText(seededRandom(4), 4_500);
    const chunks = splitMessage(text);
    expectFaithful(text, chunks, 2_000);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith('.')).toBe(true);
  });

  it('GIVEN one sentence longer than the limit THEN it breaks between words', () => {
    const text = 'word '.repeat(100).trim();
    const chunks = splitMessage(text, 42);
    expectFaithful(text, chunks, 42);
    for (const chunk of chunks) expect(chunk.split(' ').every((word) => word === 'word')).toBe(true);
  });

  it('GIVEN a single word longer than the limit THEN it is hard-cut, never inside an emoji', () => {
    const text = '😀'.repeat(30);
    const chunks = splitMessage(text, 7);
    expectFaithful(text, chunks, 7);
    for (const chunk of chunks) expect(chunk).toMatch(/^(?:😀)+$/u);
  });

  it('GIVEN a code block that fits but not with the prose before it THEN the block moves whole to the next chunk', () => {
    const prose = englishText(seededRandom(5), 1_500);
    const code = [
      '```ts',
      ...Array.from({ length: 30 }, (_, i) => `const value${i} = ${i};`),
      '',
      '// end',
      '```',
    ].join('\n');
    expect(splitMessage(`${prose}\n\n${code}\n\nThat is all.`)).toEqual([prose, `${code}\n\nThat is all.`]);
  });

  it('GIVEN a code block with blank lines THEN it is never split at them like paragraphs', () => {
    const code = '```py\nx = 1\n\n\ny = 2\n```';
    expect(splitMessage(`Look:\n${code}\nDone.`, 30)).toEqual([`Look:\n${code}`, 'Done.']);
  });

  it('GIVEN a code block larger than the limit THEN each chunk closes the fence and the next reopens it with its tag', () => {
    const body = Array.from({ length: 400 }, (_, i) => `  print("line ${i}")`);
    const text = `Here:\n\n\`\`\`python\n${body.join('\n')}\n\`\`\``;
    const chunks = splitMessage(text);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks[0]?.startsWith('Here:\n\n```python\n')).toBe(true);
    const codeChunks = chunks.filter((chunk) => chunk.includes('```'));
    for (const chunk of codeChunks) {
      expect(chunk.length).toBeLessThanOrEqual(2_000);
      expect(chunk.slice(chunk.indexOf('```'))).toMatch(/^```python\n[\s\S]*\n```$/u);
    }
    // The indentation inside the code survives, and every line is there once, in order.
    const lines = codeChunks.flatMap((chunk) =>
      chunk.slice(chunk.indexOf('```python\n') + 10, -4).split('\n'),
    );
    expect(lines).toEqual(body);
  });

  it('GIVEN an invalid limit THEN it throws a RangeError', () => {
    expect(() => splitMessage('x', 0)).toThrow(RangeError);
  });
});
