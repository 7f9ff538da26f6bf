// The session-cache figure is what prompt windows are tuned against, so these pin the exact rule.
import { describe, expect, it } from 'vitest';
import {
  commonPrefixLength,
  PrefixCache,
  promptTokens,
  serializePrompt,
} from '../../../../src/model/simulator/prefix-cache.js';

const system = { role: 'system', content: 'x'.repeat(30) }; // 4 + 10 tokens
const userA = { role: 'user', content: `A: ${'y'.repeat(27)}` }; // 4 + 10
const prefixB = { role: 'assistant', content: 'B:' }; // 4 + 1

describe('serializePrompt', () => {
  it('GIVEN messages THEN ChatML-style frames, the trailing prefix left open', () => {
    expect(serializePrompt([{ role: 'user', content: 'hi' }, prefixB], true).text).toBe(
      '<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nB:',
    );
  });

  it('GIVEN a prompt THEN its tokens equal the per-message estimate', () => {
    expect(promptTokens(serializePrompt([system, userA, prefixB], true))).toBe(14 + 14 + 5);
  });
});

describe('PrefixCache', () => {
  it('GIVEN no session or a first request THEN zero', () => {
    const cache = new PrefixCache();
    const prompt = serializePrompt([system, userA, prefixB], true);
    expect(cache.observe(undefined, prompt)).toBe(0);
    expect(cache.observe('s', prompt)).toBe(0);
  });

  it('GIVEN the same prompt twice THEN cached equals the whole prompt', () => {
    const cache = new PrefixCache();
    const prompt = serializePrompt([system, userA, prefixB], true);
    cache.observe('s', prompt);
    expect(cache.observe('s', prompt)).toBe(33);
  });

  it('GIVEN the conversation grew past the old prefix THEN the whole previous prompt is cached', () => {
    const cache = new PrefixCache();
    cache.observe('s', serializePrompt([system, userA, prefixB], true));
    const next = serializePrompt(
      [
        system,
        userA,
        { role: 'assistant', content: `B: ${'z'.repeat(27)}` },
        { role: 'user', content: 'A: hi' },
        prefixB,
      ],
      true,
    );
    expect(promptTokens(next)).toBe(14 + 14 + 14 + 6 + 5);
    // system (14) + user (14) + assistant frame (4) + "B:" (1): the old open prefix is a prefix of the new line.
    expect(cache.observe('s', next)).toBe(33);
  });

  it('GIVEN the history window slid (oldest line dropped) THEN only the system message (and a frame) is cached', () => {
    const cache = new PrefixCache();
    cache.observe('s', serializePrompt([system, userA, { role: 'user', content: 'C: one' }, prefixB], true));
    // System (14) + the next user frame (4): both prompts continue with a user message.
    expect(
      cache.observe('s', serializePrompt([system, { role: 'user', content: 'C: one' }, prefixB], true)),
    ).toBe(18);
  });

  it('GIVEN another session THEN nothing is shared', () => {
    const cache = new PrefixCache();
    const prompt = serializePrompt([system, userA], false);
    cache.observe('a', prompt);
    expect(cache.observe('b', prompt)).toBe(0);
  });

  it('GIVEN a difference inside a content THEN counts the common part of that content', () => {
    const cache = new PrefixCache();
    cache.observe('s', serializePrompt([{ role: 'system', content: 'abcdefXXX' }], false));
    // Frame (4) + "abcdef" (2); the end marker costs nothing.
    expect(cache.observe('s', serializePrompt([{ role: 'system', content: 'abcdefYYY' }], false))).toBe(6);
  });

  it('GIVEN a role change THEN the cut frame counts nothing', () => {
    const cache = new PrefixCache();
    cache.observe('s', serializePrompt([system, { role: 'user', content: 'q' }], false));
    expect(cache.observe('s', serializePrompt([system, { role: 'assistant', content: 'q' }], false))).toBe(
      14,
    );
  });
});

describe('commonPrefixLength', () => {
  it('never splits a surrogate pair', () => {
    expect(commonPrefixLength('a😀', 'a😃')).toBe(1);
    expect(commonPrefixLength('abc', 'abd')).toBe(2);
  });
});
