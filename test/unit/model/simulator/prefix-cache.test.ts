// The session-cache figure is what prompt windows are tuned against, so these pin the exact numbers.
// Counted as prompt tokens are: each identical message's text (Latin: 3 chars/token) plus 5 template
// tokens, then the shared start of the first message that differs.
import { describe, expect, it } from 'vitest';
import { PrefixCache, type PromptMessage } from '../../../../src/model/simulator/prefix-cache.js';

const system: PromptMessage = { role: 'system', content: 'x'.repeat(30) }; // 10 + 5 = 15 tokens
const userA: PromptMessage = { role: 'user', content: `A: ${'y'.repeat(27)}` }; // 10 + 5 = 15 tokens
const prefixB: PromptMessage = { role: 'assistant', content: 'B:' }; // 1 + 5 = 6 tokens
const LARGE = 1_000;

describe('PrefixCache', () => {
  it('GIVEN no session or a first request THEN zero', () => {
    const cache = new PrefixCache();
    expect(cache.observe(undefined, [system, userA, prefixB], LARGE)).toBe(0);
    expect(cache.observe('s', [system, userA, prefixB], LARGE)).toBe(0);
  });

  it('GIVEN the same prompt twice THEN all of its prompt tokens (15 + 15 + 6)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, prefixB], LARGE);
    expect(cache.observe('s', [system, userA, prefixB], LARGE)).toBe(36);
  });

  it('GIVEN the conversation grew past the old prefix THEN the old prompt up to "B:" is shared (15 + 15 + 1)', () => {
    const cache = new PrefixCache();
    cache.observe('s', [system, userA, prefixB], LARGE);
    const next: PromptMessage[] = [
      system,
      userA,
      { role: 'assistant', content: `B: ${'z'.repeat(27)}` },
      { role: 'user', content: 'A: hi' },
      prefixB,
    ];
    expect(cache.observe('s', next, LARGE)).toBe(31);
  });

  it('GIVEN the history window slid (oldest line dropped) THEN only the system message is shared (15)', () => {
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
    // The request just before shares no text with this one (its system message differs from the start).
    expect(cache.observe('s', [system, userA], LARGE)).toBe(0);
  });
});
