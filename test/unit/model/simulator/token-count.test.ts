import { describe, expect, it } from 'vitest';
import { estimateMessagesTokens, estimateTokens } from '../../../../src/model/simulator/token-count.js';

describe('estimateTokens', () => {
  it('GIVEN ASCII THEN one token per three characters, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abc')).toBe(1);
    expect(estimateTokens('abcd')).toBe(2);
    expect(estimateTokens('x'.repeat(30))).toBe(10);
  });

  it('GIVEN CJK or other non-ASCII THEN one token per character (code point)', () => {
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('hi 你好')).toBe(1 + 2);
    expect(estimateTokens('😀')).toBe(1);
  });

  it('GIVEN messages THEN adds four tokens of framing each', () => {
    expect(estimateMessagesTokens(['abc', '你好'])).toBe(4 + 1 + 4 + 2);
  });
});
