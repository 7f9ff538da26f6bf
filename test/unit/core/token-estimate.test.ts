// The conservative token estimate and the shared-prefix measure the window is tuned against.
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/core/chat.js';
import { serializePrompt, sharedPrefixTokens } from '../../../src/core/prompt/prompt-cache-share.js';
import {
  estimateMessageTokens,
  estimateTokens,
  MESSAGE_OVERHEAD_TOKENS,
} from '../../../src/core/prompt/token-estimate.js';

describe('estimateTokens', () => {
  it('GIVEN Latin text THEN one token per three characters, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('Hello')).toBe(2);
    expect(estimateTokens("I'm reading a book")).toBe(6);
  });

  it('GIVEN CJK, kana, hangul or Cyrillic THEN one token per character', () => {
    expect(estimateTokens('我在看书')).toBe(4);
    expect(estimateTokens('こんにちは')).toBe(5);
    expect(estimateTokens('안녕하세요')).toBe(5);
    expect(estimateTokens('Привет')).toBe(6);
  });

  it('GIVEN digits and emoji THEN one token per digit and two per emoji', () => {
    expect(estimateTokens('2026')).toBe(4);
    expect(estimateTokens('😀😀')).toBe(4);
  });

  it('GIVEN mixed scripts THEN each Latin run rounds up on its own', () => {
    // "Hi " → 1, 你好 → 2, " ok" → 1
    expect(estimateTokens('Hi 你好 ok')).toBe(4);
  });

  it('GIVEN messages THEN each costs its text plus the template overhead', () => {
    expect(MESSAGE_OVERHEAD_TOKENS).toBe(5);
    const messages: ChatMessage[] = [
      { role: 'system', content: '你好' },
      { role: 'user', content: 'Hello' },
    ];
    expect(estimateMessageTokens(messages)).toBe(2 + 2 + 2 * MESSAGE_OVERHEAD_TOKENS);
  });
});

describe('sharedPrefixTokens', () => {
  const system = { role: 'system' as const, content: 'You are Ling Lu.' };

  it('GIVEN messages THEN the prompt serializes as role, newline, content, newline', () => {
    expect(serializePrompt([system, { role: 'user', content: 'Mia: hi' }])).toBe(
      'system\nYou are Ling Lu.\nuser\nMia: hi\n',
    );
  });

  it('GIVEN a request that appends to the previous one THEN the whole previous prompt is shared', () => {
    const prev = [system, { role: 'user' as const, content: 'Mia: hi' }];
    const next = [...prev, { role: 'assistant' as const, content: 'Ling Lu: yo' }];
    // Counted as prompt tokens are: text plus each message's template overhead.
    expect(sharedPrefixTokens(prev, next)).toBe(estimateMessageTokens(prev));
  });

  it('GIVEN the partial prefix of the previous request THEN it counts as shared with the answered line', () => {
    const prev = [system, { role: 'assistant' as const, content: 'Ling Lu:' }];
    const next = [system, { role: 'assistant' as const, content: 'Ling Lu: yo' }];
    expect(sharedPrefixTokens(prev, next)).toBe(estimateMessageTokens([system]) + estimateTokens('Ling Lu:'));
  });

  it('GIVEN requests that differ from the first message THEN nothing is shared', () => {
    expect(sharedPrefixTokens([system], [{ role: 'user', content: 'x' }])).toBe(0);
  });
});
