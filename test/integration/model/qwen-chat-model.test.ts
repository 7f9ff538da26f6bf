// The real openai SDK, through QwenChatModel, against the in-process simulator: what goes on the wire,
// what comes back, and how every failure is coded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../src/core/chat.js';
import { ModelError } from '../../../src/core/errors.js';
import { QwenChatModel } from '../../../src/model/qwen-chat-model.js';
import { PARENTHESIS_TOKEN_IDS } from '../../../src/model/simulator/compose-reply.js';
import { ERROR_CODES } from '../../../src/model/simulator/error-bodies.js';
import { startSimulator, type Simulator } from '../../../src/model/simulator/simulator.js';

const KEY = 'sk-test-0123456789';
const groupChat: ChatMessage[] = [
  { role: 'system', content: 'You are Ling Lu, a sharp-tongued, grumpy musician in a group chat.' },
  { role: 'user', content: 'Cheng Yi: Are you free this weekend? I want opinions on my new song.' },
  { role: 'assistant', content: 'Ling Lu: Fine, as long as it is not terrible.' },
  { role: 'user', content: 'Tao Le: Honey, please do not stay up revising tonight.' },
  { role: 'assistant', content: 'Ling Lu:', partial: true },
];
const request: ChatRequest = { model: 'qwen-plus-character', messages: groupChat };
const noParentheses = Object.fromEntries(PARENTHESIS_TOKEN_IDS.map((id) => [id, -100]));

let sim: Simulator;
let model: QwenChatModel;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY });
  model = new QwenChatModel({ baseURL: sim.url, apiKey: KEY, timeoutMs: 2_000 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelError);
  return err as ModelError;
}

describe('QwenChatModel → simulator: the wire', () => {
  it('GIVEN a full request THEN sends exactly the DashScope body and the session header', async () => {
    const result = await model.complete({
      ...request,
      sessionId: 'chan-1-ling-lu',
      n: 2,
      seed: 7,
      temperature: 0.9,
      topP: 0.8,
      maxTokens: 200,
      logitBias: noParentheses,
      characterOptions: { enable_realtime: true, vector_store_ids: ['kb-music'] },
      enableSearch: true,
      searchOptions: { forced_search: false },
    });
    const sent = sim.lastRequest()!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers['x-dashscope-aca-session']).toBe('chan-1-ling-lu');
    expect(sent.headers.authorization).toBe('[redacted]');
    expect(sent.headers['x-stainless-retry-count']).toBe('0');
    expect(sent.body).toEqual({
      model: 'qwen-plus-character',
      messages: [...groupChat.slice(0, 4), { role: 'assistant', content: 'Ling Lu:', partial: true }],
      n: 2,
      seed: 7,
      temperature: 0.9,
      top_p: 0.8,
      max_tokens: 200,
      logit_bias: noParentheses,
      character_options: { enable_realtime: true, vector_store_ids: ['kb-music'] },
      enable_search: true,
      search_options: { forced_search: false },
    });
    expect(result.texts).toHaveLength(2);
    expect(result.model).toBe('qwen-plus-character');
    expect(result.usage.promptTokens).toBeGreaterThan(40);
    expect(result.usage.completionTokens).toBeGreaterThan(10);
    expect(result.usage.cachedTokens).toBe(0);
  });

  it('GIVEN a group chat THEN Ling Lu answers Tao Le, in character, without the Name: prefix', async () => {
    const [text] = (await model.complete({ ...request, seed: 3 })).texts;
    expect(text).toContain('Tao Le, ');
    expect(text).toContain('revising'); // the telling word of Tao Le's line
    expect(text!.startsWith('Ling Lu')).toBe(false);
    expect(text!.length).toBeLessThan(200);
  });

  it('GIVEN n = 4 THEN four distinct texts in choice order', async () => {
    const { texts } = await model.complete({ ...request, n: 4, seed: 11 });
    expect(texts).toHaveLength(4);
    expect(new Set(texts).size).toBe(4);
    const again = await model.complete({ ...request, n: 4, seed: 11 });
    expect(again.texts).toEqual(texts);
  });

  it('GIVEN seeds THEN the same seed repeats, another seed differs; no seed is still repeatable', async () => {
    const one = await model.complete({ ...request, seed: 123_321 });
    const same = await model.complete({ ...request, seed: 123_321 });
    const other = await model.complete({ ...request, seed: 123_322 });
    expect(same.texts).toEqual(one.texts);
    expect(other.texts[0]).not.toBe(one.texts[0]);
    const unseeded = await model.complete(request);
    expect((await model.complete(request)).texts).toEqual(unseeded.texts);
  });

  it('GIVEN the parenthesis tokens banned THEN no parentheses; otherwise an action in parentheses', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const [banned] = (await model.complete({ ...request, seed, logitBias: noParentheses })).texts;
      expect(banned).not.toMatch(/[()]/);
      const [free] = (await model.complete({ ...request, seed })).texts;
      expect(free).toMatch(/\([^)]+\)/);
    }
  });

  it('GIVEN two requests of one session sharing a prefix THEN cachedTokens counts the shared prefix', async () => {
    // prompt_tokens: Qwen's tokens as its chat template lays the prompt out, `<|im_start|>role\n…` and
    // `<|im_end|>\n` around each message (the continued prefix left open); cached: each shared message
    // as its content plus 5, then the shared start of the first that differs.
    // "The| quick| brown| fox| jumps| over| the| lazy| dog": 9 + 5 = 14
    const system: ChatMessage = { role: 'system', content: 'The quick brown fox jumps over the lazy dog' };
    // "A|:| the| quick| brown| fox": 6 + 5 = 11
    const line: ChatMessage = { role: 'user', content: 'A: the quick brown fox' };
    const first = await model.complete({
      model: 'qwen-plus-character',
      sessionId: 'cache-1',
      messages: [system, line, { role: 'assistant', content: 'B:', partial: true }],
    });
    // "B|:" continued: 2 + 3
    expect(first.usage).toMatchObject({ promptTokens: 14 + 11 + 5, cachedTokens: 0 });
    const second = await model.complete({
      model: 'qwen-plus-character',
      sessionId: 'cache-1',
      messages: [
        system,
        line,
        { role: 'assistant', content: 'B: the lazy dog' },
        { role: 'user', content: 'A: hi' },
        { role: 'assistant', content: 'B:', partial: true },
      ],
    });
    // "B|:| the| lazy| dog" 5 + 5, "A|:| hi" 3 + 5. Shared: the system message and the line in full
    // (14 + 11), then "B:" of the answered prefix (2).
    expect(second.usage).toMatchObject({ promptTokens: 14 + 11 + 10 + 8 + 5, cachedTokens: 27 });
    const otherSession = await model.complete({
      model: 'qwen-plus-character',
      sessionId: 'cache-2',
      messages: [system, line],
    });
    expect(otherSession.usage.cachedTokens).toBe(0);
  });

  it('GIVEN max_tokens THEN the reply is cut to it', async () => {
    const result = await model.complete({ ...request, maxTokens: 5 });
    expect(result.usage.completionTokens).toBeLessThanOrEqual(5);
    expect(
      (sim.lastRequest()!.response!.body as { choices: Array<{ finish_reason: string }> }).choices[0]!
        .finish_reason,
    ).toBe('length');
  });
});

describe('QwenChatModel → simulator: prefix modes', () => {
  const cases = [
    [
      'partial',
      { messages: [...groupChat.slice(0, 4), { role: 'assistant', content: 'Ling Lu:', partial: true }] },
    ],
    [
      'prefix',
      { messages: [...groupChat.slice(0, 4), { role: 'assistant', content: 'Ling Lu:', prefix: true }] },
    ],
    [
      'continue_final_message',
      {
        messages: [...groupChat.slice(0, 4), { role: 'assistant', content: 'Ling Lu:' }],
        continue_final_message: true,
        add_generation_prompt: false,
      },
    ],
    [
      'none',
      {
        messages: [
          ...groupChat.slice(0, 4),
          {
            role: 'system',
            content: "Reply only as Ling Lu, with Ling Lu's next line; do not write anyone else's lines.",
          },
        ],
      },
    ],
  ] as const;

  it.each(cases)(
    'GIVEN mode %s THEN the wire body continues the prefix that way',
    async (prefixMode, expected) => {
      const modeModel = new QwenChatModel({ baseURL: sim.url, apiKey: KEY, prefixMode });
      const { texts } = await modeModel.complete({ ...request, seed: 5 });
      expect(sim.lastRequest()!.body).toEqual({ model: 'qwen-plus-character', ...expected, seed: 5 });
      // The simulator understands every mode, so the persona still answers Tao Le.
      expect(texts[0]).toContain('Tao Le, ');
    },
  );
});

describe('QwenChatModel → simulator: errors', () => {
  it('GIVEN a 429 with Retry-After seconds THEN rate_limited, retryable, retryAfterMs', async () => {
    sim.injectFault({ kind: '429', retryAfterSeconds: 2 });
    const err = await failure(model.complete(request));
    expect([err.code, err.retryable, err.status, err.retryAfterMs]).toEqual([
      'rate_limited',
      true,
      429,
      2_000,
    ]);
  });

  it('GIVEN a 429 with retry-after-ms THEN that many ms', async () => {
    sim.injectFault({ kind: '429', retryAfterMs: 750 });
    expect((await failure(model.complete(request))).retryAfterMs).toBe(750);
  });

  it('GIVEN a 500 THEN server_error, retryable; the next request succeeds (the fault was used up)', async () => {
    sim.injectFault({ kind: '500' });
    const err = await failure(model.complete(request));
    expect([err.code, err.retryable, err.status]).toEqual(['server_error', true, 500]);
    await expect(model.complete(request)).resolves.toMatchObject({ model: 'qwen-plus-character' });
  });

  it('GIVEN a closed port THEN connection_failed, retryable', async () => {
    const gone = await startSimulator();
    const url = gone.url;
    await gone.close();
    const err = await failure(new QwenChatModel({ baseURL: url, apiKey: KEY }).complete(request));
    expect([err.code, err.retryable]).toEqual(['connection_failed', true]);
  });

  it('GIVEN a dropped connection THEN connection_failed', async () => {
    sim.injectFault({ kind: 'disconnect' });
    expect((await failure(model.complete(request))).code).toBe('connection_failed');
  });

  it('GIVEN no answer within the timeout THEN timeout, retryable', async () => {
    sim.injectFault({ kind: 'timeout' });
    const quick = new QwenChatModel({ baseURL: sim.url, apiKey: KEY, timeoutMs: 300 });
    const startedAt = Date.now();
    const err = await failure(quick.complete(request));
    expect([err.code, err.retryable]).toEqual(['timeout', true]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(sim.requests).toHaveLength(1); // no SDK retries
  });

  it('GIVEN moderation THEN moderation, not retryable', async () => {
    sim.injectFault({ kind: 'moderation' });
    const err = await failure(model.complete(request));
    expect([err.code, err.retryable, err.status]).toEqual(['moderation', false, 400]);
    expect((sim.lastRequest()!.response!.body as { error: { code: string } }).error.code).toBe(
      ERROR_CODES.moderation,
    );
  });

  it('GIVEN a wrong key THEN invalid_api_key, not retryable, naming DASHSCOPE_API_KEY but never the key', async () => {
    const wrongKey = 'sk-wrong-9876543210';
    const err = await failure(new QwenChatModel({ baseURL: sim.url, apiKey: wrongKey }).complete(request));
    expect([err.code, err.retryable, err.status]).toEqual(['invalid_api_key', false, 401]);
    expect(err.message).toContain('DASHSCOPE_API_KEY');
    expect(err.message).not.toContain(wrongKey);
    expect(JSON.stringify(sim.requests)).not.toContain(wrongKey);
  });

  it('GIVEN the invalid-key fault THEN invalid_api_key', async () => {
    sim.injectFault({ kind: 'invalid-key' });
    expect((await failure(model.complete(request))).code).toBe('invalid_api_key');
  });

  it('GIVEN a request the API refuses (n = 5) THEN bad_request, not retryable, with the reason', async () => {
    const err = await failure(model.complete({ ...request, n: 5 }));
    expect([err.code, err.retryable, err.status]).toEqual(['bad_request', false, 400]);
    expect(err.message).toContain('Range of n should be [1, 4]');
  });

  it('GIVEN the caller aborts mid-request THEN aborted, not retryable', async () => {
    sim.setLatency(1_000);
    const controller = new AbortController();
    const pending = model.complete(request, { signal: controller.signal });
    await sim.waitForRequest();
    controller.abort();
    const err = await failure(pending);
    expect([err.code, err.retryable]).toEqual(['aborted', false]);
  });

  it('GIVEN an already aborted signal THEN aborted without a request', async () => {
    const err = await failure(model.complete(request, { signal: AbortSignal.abort() }));
    expect(err.code).toBe('aborted');
    expect(sim.requests).toHaveLength(0);
  });
});
