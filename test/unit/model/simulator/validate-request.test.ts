// GIVEN a request body THEN the simulator accepts or refuses it as the API documents, naming the parameter.
import { describe, expect, it } from 'vitest';
import { chatPromptTokens } from '../../../../src/model/qwen-tokens.js';
import { validateChatBody } from '../../../../src/model/simulator/validate-request.js';

const valid = {
  model: 'qwen-plus-character',
  messages: [
    { role: 'system', content: 'You are Ada.' },
    { role: 'user', content: 'Bob: hi' },
    { role: 'assistant', content: 'Ada:', partial: true },
  ],
};

function refusal(body: unknown, sessionId?: string): { message: string; param: string | null } {
  const result = validateChatBody(body, sessionId);
  if (result.ok || !('message' in result)) throw new Error('expected a refusal of a parameter');
  return { message: result.message, param: result.param };
}

describe('validateChatBody', () => {
  it('GIVEN a group-chat request THEN accepts it with defaults', () => {
    const result = validateChatBody(valid, undefined);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect([result.body.n, result.body.enable_search, result.body.logit_bias]).toEqual([1, false, {}]);
  });

  it.each([
    ['no model', { ...valid, model: undefined }, 'model'],
    ['empty messages', { ...valid, messages: [] }, 'messages'],
    ['an unknown role', { ...valid, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role'],
    ['n = 5', { ...valid, n: 5 }, 'n'],
    ['n = 0', { ...valid, n: 0 }, 'n'],
    ['n = 1.5', { ...valid, n: 1.5 }, 'n'],
    ['seed = 2^31', { ...valid, seed: 2 ** 31 }, 'seed'],
    ['seed = -1', { ...valid, seed: -1 }, 'seed'],
    ['logit_bias 101', { ...valid, logit_bias: { '7': 101 } }, 'logit_bias.7'],
    ['logit_bias -101', { ...valid, logit_bias: { '7': -101 } }, 'logit_bias.7'],
    ['a non-numeric logit_bias key', { ...valid, logit_bias: { abc: 1 } }, 'logit_bias.abc'],
    [
      'memory_entries 19',
      { ...valid, character_options: { memory: { enable_long_term_memory: false, memory_entries: 19 } } },
      'character_options.memory.memory_entries',
    ],
    [
      'memory_entries 401',
      { ...valid, character_options: { memory: { enable_long_term_memory: false, memory_entries: 401 } } },
      'character_options.memory.memory_entries',
    ],
    [
      '11 vector stores',
      { ...valid, character_options: { vector_store_ids: Array.from({ length: 11 }, (_, i) => `kb${i}`) } },
      'character_options.vector_store_ids',
    ],
    ['top_p 0', { ...valid, top_p: 0 }, 'top_p'],
    ['temperature 2', { ...valid, temperature: 2 }, 'temperature'],
    ['max_tokens above the model limit', { ...valid, max_tokens: 4_001 }, 'max_tokens'],
    ['stream', { ...valid, stream: true }, 'stream'],
  ])('GIVEN %s THEN refuses it', (_label, body, param) => {
    expect(refusal(body).param).toBe(param);
  });

  it('GIVEN n = 5 THEN says the range', () => {
    expect(refusal({ ...valid, n: 5 }).message).toBe('Range of n should be [1, 4]');
  });

  it('GIVEN partial on a message that is not last THEN refuses it', () => {
    const body = {
      ...valid,
      messages: [valid.messages[0], { role: 'assistant', content: 'Ada:', partial: true }, valid.messages[1]],
    };
    expect(refusal(body)).toEqual({
      message: 'Only the last message may set partial.',
      param: 'messages[1].partial',
    });
  });

  it('GIVEN partial on a last user message THEN refuses it', () => {
    const body = {
      ...valid,
      messages: [valid.messages[0], { role: 'user', content: 'Bob: hi', partial: true }],
    };
    expect(refusal(body).param).toBe('messages[1].partial');
  });

  it('GIVEN a first message that is not system THEN refuses it, unless a profile is given', () => {
    const messages = [{ role: 'user', content: 'hi' }];
    expect(refusal({ model: 'qwen-plus-character', messages }).param).toBe('messages[0].role');
    expect(
      validateChatBody(
        { model: 'qwen-plus-character', messages, character_options: { profile: 'You are Ada.' } },
        undefined,
      ).ok,
    ).toBe(true);
  });

  it('GIVEN long-term memory THEN requires the session header and a profile', () => {
    const memory = { enable_long_term_memory: true, memory_entries: 20 };
    const messages = [{ role: 'user', content: 'hi' }];
    expect(refusal({ model: 'm', messages, character_options: { profile: 'P', memory } }).param).toBe(
      'x-dashscope-aca-session',
    );
    expect(
      refusal({ model: 'm', messages: [valid.messages[0]], character_options: { memory } }, 'sess').param,
    ).toBe('character_options.profile');
    expect(
      validateChatBody({ model: 'm', messages, character_options: { profile: 'P', memory } }, 'sess').ok,
    ).toBe(true);
  });

  it("GIVEN a prompt over the model's input limit by Qwen's tokenizer THEN refuses it with the limit", () => {
    // 5,400 characters of combining marks: ~9,300 Qwen tokens (an estimate of one per 3 Latin
    // characters saw 1,800).
    const zalgo = { role: 'user', content: 'Z̴̡̛͎̞a̷̛͓l̸̢g̵̛o̴'.repeat(300) };
    const body = { model: 'qwen-flash-character', messages: [valid.messages[0]!, zalgo] };
    const tokens = chatPromptTokens(body.messages, { continueLast: false });
    expect(tokens).toBeGreaterThan(8_000);
    expect(validateChatBody(body, undefined)).toEqual({
      ok: false,
      inputTokens: tokens,
      maxInputTokens: 8_000,
    });
    expect(validateChatBody({ ...body, model: 'qwen-plus-character' }, undefined)).toMatchObject({
      ok: true,
      inputTokens: tokens,
    });
    // A server whose limit is lower than the model's own.
    expect(validateChatBody({ ...body, model: 'qwen-plus-character' }, undefined, () => 5_000)).toEqual({
      ok: false,
      inputTokens: tokens,
      maxInputTokens: 5_000,
    });
  });

  it('GIVEN something that is not an object THEN refuses it', () => {
    expect(refusal([1, 2]).param).toBeNull();
  });
});
