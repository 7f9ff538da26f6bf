// The session-cache figure is what prompt windows are tuned against, so these pin the exact numbers.
// Counted as prompt tokens are: each identical message's text (in Qwen's tokens) plus 5 template
// tokens, then the shared start of the first message that differs.
import { describe, expect, it } from 'vitest';
import { PrefixCache, type PromptMessage } from '../../../../src/model/simulator/prefix-cache.js';

// "The| quick| brown| fox| jumps| over| the| lazy| dog": 9 + 5 = 14 tokens
const system: PromptMessage = { role: 'system', content: 'The quick brown fox jumps over the lazy dog' };
// "A|:| the| quick| brown| fox": 6 + 5 = 11 tokens
const userA: PromptMessage = { role: 'user', content: 'A: the quick brown fox' };
// "B|:": 2 + 5 = 7 tokens
const prefixB: PromptMessage = { role: 'assistant', content: 'B:' };
const LARGE = 1_000;

describe('PrefixCache', () => {
  it('GIVEN no session or a first request THEN zero', () => {
    const cache = new PrefixCache();
    expect(cache.observe(undefined, [system, userA, prefixB], LARGE)).toBe(0);
    expect(cache.observe('s', [system, userA, prefixB], LARGE)).toBe(0);
  });

  it('GIVEN the same prompt twice THEN all of its prompt tokens (14 + 11 + 7)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, prefixB], LARGE);
    expect(cache.observe('s', [system, userA, prefixB], LARGE)).toBe(32);
  });

  it('GIVEN the conversation grew past the old prefix THEN the old prompt up to "B:" is shared (14 + 11 + 2)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, prefixB], LARGE);
    const next: PromptMessage[] = [
      system,
      userA,
      { role: 'assistant', content: 'B: the lazy dog' },
      { role: 'user', content: 'A: hi' },
      prefixB,
    ];
    expect(cache.observe('s', next, LARGE)).toBe(27);
  });

  it('GIVEN the history window slid (oldest line dropped) THEN only the system message is shared (14)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, { role: 'user', content: 'C: one' }, prefixB], LARGE);
    expect(cache.observe('s', [system, { role: 'user', content: 'C: one' }, prefixB], LARGE)).toBe(14);
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
    // The request just before shares no text with this one (its system message differs from the start).
    expect(cache.observe('s', [system, userA], LARGE)).toBe(0);
  });
});
