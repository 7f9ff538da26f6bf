// What the prompt counts is what Qwen's chat template costs (never less), a line too long for its share
// is shortened between graphemes, and the shared-prefix measure the window is tuned against.
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/core/chat.js';
import { serializePrompt, sharedPrefixTokens } from '../../../src/core/prompt/prompt-cache-share.js';
import {
  countLine,
  CUT_MARKER,
  JOIN_SLACK_TOKENS,
  MESSAGE_OVERHEAD_TOKENS,
  messageTokens,
  promptTokens,
  shortenToTokens,
} from '../../../src/core/prompt/token-count.js';
import { seededRandom } from '../../../src/core/random.js';
import { chatPromptTokens, qwenTokenCounter } from '../../../src/model/qwen-tokens.js';
import { HOSTILE_KINDS, hostileText } from '../../support/hostile-text.js';
import { makeLine, makePersona, personaLine } from './fixtures.js';

const counter = qwenTokenCounter;
const lingLu = makePersona({ id: 'ling-lu', name: 'Ling Lu', profile: 'A musician.' });
const random = seededRandom(15);
/** 20 hostile texts of each kind, of every length up to Discord's limit. */
const HOSTILE = HOSTILE_KINDS.flatMap((kind) =>
  Array.from({ length: 20 }, () => hostileText(random, kind, 20 + Math.floor(random() * 1_980))),
);

describe('messageTokens', () => {
  it("GIVEN any message, hostile ones included, THEN its count is at least what Qwen's chat template costs", () => {
    for (const [index, text] of HOSTILE.entries()) {
      const role = ['system', 'user', 'assistant'][index % 3]!;
      const message = { role, content: `Mia: ${text}` };
      // The message as it sits in a prompt, closed by `<|im_end|>\n`, before the continued prefix.
      const prefix = { role: 'assistant', content: 'Ling Lu:' };
      const template =
        chatPromptTokens([message, prefix], { continueLast: true }) -
        chatPromptTokens([prefix], { continueLast: true });
      expect(messageTokens(counter, message.content)).toBeGreaterThanOrEqual(template);
    }
  });

  it('GIVEN messages THEN a prompt costs each content plus the template overhead', () => {
    expect(MESSAGE_OVERHEAD_TOKENS).toBe(5);
    const messages: ChatMessage[] = [
      { role: 'system', content: '你好' },
      { role: 'user', content: 'Hello' },
    ];
    expect(promptTokens(counter, messages)).toBe(1 + 1 + 2 * MESSAGE_OVERHEAD_TOKENS);
    // The template: `<|im_start|>role\ncontent<|im_end|>\n` each, then `<|im_start|>assistant\n`.
    expect(chatPromptTokens(messages, { continueLast: false })).toBe(1 + 1 + 2 * MESSAGE_OVERHEAD_TOKENS + 3);
  });
});

describe('countLine', () => {
  it('GIVEN a line counted when stored THEN the rendered message costs no less than counting it whole', () => {
    for (const text of HOSTILE) {
      const line = { ...makeLine(1, 'person', '42', 'Mia', text), tokens: counter.count(text) };
      const counted = countLine(line, lingLu, { counter, maxTextTokens: Number.POSITIVE_INFINITY })!;
      expect(counted.message.content).toBe(`Mia: ${text}`);
      expect(counted.tokens).toBeGreaterThanOrEqual(messageTokens(counter, counted.message.content));
    }
  });

  it("GIVEN a person's line over the share THEN it is shortened to it; a persona's never is", () => {
    const wall = hostileText(seededRandom(2), 'zalgo');
    const person = countLine(makeLine(1, 'person', '42', 'Mia', wall), lingLu, {
      counter,
      maxTextTokens: 300,
    })!;
    expect(person.message.content.endsWith(CUT_MARKER)).toBe(true);
    expect(person.tokens).toBeLessThanOrEqual(
      300 + counter.count('Mia: ') + JOIN_SLACK_TOKENS + MESSAGE_OVERHEAD_TOKENS,
    );
    const taoLe = makePersona({ id: 'tao-le', name: 'Tao Le', profile: 'A vocalist.' });
    const persona = countLine(personaLine(2, taoLe, wall), lingLu, { counter, maxTextTokens: 300 })!;
    expect(persona.message.content).toBe(`Tao Le: ${wall}`);
    expect(persona.tokens).toBeGreaterThanOrEqual(messageTokens(counter, `Tao Le: ${wall}`));
    expect(persona.tokens).toBeLessThanOrEqual(
      messageTokens(counter, `Tao Le: ${wall}`) + JOIN_SLACK_TOKENS + 1,
    );
  });
});

describe('shortenToTokens', () => {
  it('GIVEN hostile text THEN the start that fits, cut between graphemes, ending in the marker', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const text of HOSTILE) {
      for (const max of [10, 100, 400]) {
        if (counter.count(text) <= max) {
          expect(shortenToTokens(text, max, counter)).toEqual({ text, tokens: counter.count(text) });
          continue;
        }
        const { text: shortened, tokens } = shortenToTokens(text, max, counter);
        expect(tokens).toBe(counter.count(shortened));
        expect(tokens).toBeLessThanOrEqual(max);
        expect(shortened.endsWith(CUT_MARKER)).toBe(true);
        const kept = shortened.slice(0, -CUT_MARKER.length);
        expect(text.startsWith(kept)).toBe(true);
        // A grapheme boundary of the original: the kept part is whole graphemes of it.
        const keptGraphemes = [...segmenter.segment(kept)].map((s) => s.segment);
        const original = [...segmenter.segment(text)].map((s) => s.segment).slice(0, keptGraphemes.length);
        expect(keptGraphemes).toEqual(original);
        // The same text shortens the same way every turn.
        expect(shortenToTokens(text, max, counter).text).toBe(shortened);
      }
    }
  });

  it('GIVEN a family emoji THEN it is kept whole or left out whole', () => {
    const family = '👨‍👩‍👧‍👦';
    for (let max = 1; max < 40; max++) {
      const kept = shortenToTokens(family.repeat(10), max, counter).text.slice(0, -CUT_MARKER.length);
      expect(kept.length % family.length).toBe(0);
    }
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
    expect(sharedPrefixTokens(prev, next, counter)).toBe(promptTokens(counter, prev));
  });

  it('GIVEN the partial prefix of the previous request THEN it counts as shared with the answered line', () => {
    const prev = [system, { role: 'assistant' as const, content: 'Ling Lu:' }];
    const next = [system, { role: 'assistant' as const, content: 'Ling Lu: yo' }];
    expect(sharedPrefixTokens(prev, next, counter)).toBe(
      promptTokens(counter, [system]) + counter.count('Ling Lu:'),
    );
  });

  it('GIVEN requests that differ from the first message THEN nothing is shared', () => {
    expect(sharedPrefixTokens([system], [{ role: 'user', content: 'x' }], counter)).toBe(0);
  });
});
