// The session-cache figure is what prompt windows are tuned against, so these pin the exact numbers.
// Serialization is `role\ncontent\n` per message; these texts are all Latin, so one run at 3 chars/token.
import { describe, expect, it } from 'vitest';
import { PrefixCache, type PromptMessage } from '../../../../src/model/simulator/prefix-cache.js';

const system: PromptMessage = { role: 'system', content: 'x'.repeat(30) }; // "system\n" + 30 + "\n" = 38 chars
const userA: PromptMessage = { role: 'user', content: `A: ${'y'.repeat(27)}` }; // "user\n" + 30 + "\n" = 36 chars
const prefixB: PromptMessage = { role: 'assistant', content: 'B:' }; // "assistant\n" + 2 + "\n" = 13 chars
const LARGE = 1_000;

describe('PrefixCache', () => {
  it('GIVEN no session or a first request THEN zero', () => {
    const cache = new PrefixCache();
    expect(cache.observe(undefined, [system, userA, prefixB], LARGE)).toBe(0);
    expect(cache.observe('s', [system, userA, prefixB], LARGE)).toBe(0);
  });

  it('GIVEN the same prompt twice THEN the tokens of the whole serialization (87 chars → 29)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, prefixB], LARGE);
    expect(cache.observe('s', [system, userA, prefixB], LARGE)).toBe(29);
  });

  it('GIVEN the conversation grew past the old prefix THEN the old prompt up to "B:" is shared (86 chars → 29)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, prefixB], LARGE);
    const next: PromptMessage[] = [
      system,
      userA,
      { role: 'assistant', content: `B: ${'z'.repeat(27)}` },
      { role: 'user', content: 'A: hi' },
      prefixB,
    ];
    expect(cache.observe('s', next, LARGE)).toBe(29);
  });

  it('GIVEN the history window slid (oldest line dropped) THEN little is shared (43 chars → 15)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, { role: 'user', content: 'C: one' }, prefixB], LARGE);
    expect(cache.observe('s', [system, { role: 'user', content: 'C: one' }, prefixB], LARGE)).toBe(15);
  });

  it('GIVEN another session THEN nothing is shared', () => {
    const cache = new PrefixCache();
    cache.observe('a', [system, userA], LARGE);
    expect(cache.observe('b', [system, userA], LARGE)).toBe(0);
  });

  it('never reports more than the prompt tokens', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA], LARGE);
    expect(cache.observe('s', [system, userA], 5)).toBe(5);
  });

  it('compares against the previous request only', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA], LARGE);
    cache.observe('s', [{ role: 'system', content: 'other' }], LARGE);
    // Only "system\n" (7 chars → 3) is shared with the request just before.
    expect(cache.observe('s', [system, userA], LARGE)).toBe(3);
  });
});
