// The simulator over HTTP: validation and auth answers, request recording, faults, scripts, the
// injectable clock and long-term-memory sessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QwenChatModel } from '../../../src/model/qwen-chat-model.js';
import { ERROR_CODES } from '../../../src/model/simulator/error-bodies.js';
import { startSimulator, type Simulator } from '../../../src/model/simulator/simulator.js';

const NOW = Date.parse('2026-02-14T09:30:00Z');
const system = { role: 'system', content: 'You are Mei, a gentle, shy librarian.' };
const chat = {
  model: 'qwen-plus-character',
  messages: [
    system,
    { role: 'user', content: 'Bob: Any good mysteries tonight?' },
    { role: 'assistant', content: 'Mei:', partial: true },
  ],
};

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ clock: { now: () => NOW } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON answer under test
}

async function post(
  body: unknown,
  headers: Record<string, string> = {},
  path = '/v1/chat/completions',
): Promise<Answer> {
  const res = await fetch(`${sim.url.replace(/\/v1$/, '')}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-any', 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('simulator: validation answers', () => {
  it.each([
    [
      'partial not on the last message',
      {
        ...chat,
        messages: [system, { role: 'assistant', content: 'Mei:', partial: true }, chat.messages[1]],
      },
      'messages[1].partial',
    ],
    ['n = 5', { ...chat, n: 5 }, 'n'],
    ['logit_bias 101', { ...chat, logit_bias: { '7': 101 } }, 'logit_bias.7'],
    ['a first message that is not system', { ...chat, messages: chat.messages.slice(1) }, 'messages[0].role'],
  ])('GIVEN %s THEN 400 with a DashScope-style body', async (_label, body, param) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: ERROR_CODES.invalidParameter, type: 'invalid_request_error', param },
      request_id: expect.any(String),
    });
    expect(answer.body.error.message).toEqual(expect.any(String));
  });

  it('GIVEN a body that is not JSON THEN 400', async () => {
    const answer = await post('{nope');
    expect([answer.status, answer.body.error.code]).toEqual([400, ERROR_CODES.invalidParameter]);
  });

  it("GIVEN DashScope's path THEN the same service", async () => {
    const answer = await post(chat, {}, '/compatible-mode/v1/chat/completions');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      object: 'chat.completion',
      model: 'qwen-plus-character',
      created: NOW / 1000,
    });
  });

  it('GIVEN an unknown path THEN 404', async () => {
    expect((await post(chat, {}, '/v1/embeddings')).status).toBe(404);
  });

  it('lists the Qwen-Character models', async () => {
    const res = await fetch(`${sim.url}/models`, { headers: { authorization: 'Bearer x' } });
    const body = (await res.json()) as { data: Array<{ id: string }> };
    expect(body.data.map((m) => m.id)).toEqual([
      'qwen-plus-character',
      'qwen-flash-character',
      'qwen-plus-character-ja',
    ]);
  });
});

describe('simulator: auth', () => {
  it('GIVEN no bearer token THEN 401 invalid_api_key', async () => {
    const res = await fetch(`${sim.url}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(ERROR_CODES.invalidApiKey);
  });

  it('GIVEN an expected key THEN only that key is accepted', async () => {
    const strict = await startSimulator({ apiKey: 'sk-right' });
    try {
      const headers = { authorization: 'Bearer sk-right', 'content-type': 'application/json' };
      const ok = await fetch(`${strict.url}/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify(chat),
      });
      const wrong = await fetch(`${strict.url}/chat/completions`, {
        method: 'POST',
        headers: { ...headers, authorization: 'Bearer sk-wrong' },
        body: JSON.stringify(chat),
      });
      expect([ok.status, wrong.status]).toEqual([200, 401]);
    } finally {
      await strict.close();
    }
  });
});

describe('simulator: recording, faults, scripts', () => {
  it('records method, path, headers (Authorization redacted), body and time', async () => {
    await post(chat, { 'x-dashscope-aca-session': 's-1' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.lastRequest()).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: '[redacted]', 'x-dashscope-aca-session': 's-1' },
      body: chat,
      at: NOW,
      response: { status: 200 },
    });
    sim.clear();
    expect(sim.requests).toHaveLength(0);
  });

  it('waits for the next matching request, or gives up', async () => {
    const waiting = sim.waitForRequest((r) => (r.body as { n?: number }).n === 2);
    await post(chat);
    await post({ ...chat, n: 2 });
    expect(((await waiting).body as { n: number }).n).toBe(2);
    await expect(sim.waitForRequest(undefined, 50)).rejects.toThrow(/within 50 ms/);
  });

  it('GIVEN a fault for two matching requests THEN exactly those fail', async () => {
    sim.injectFault(
      { kind: '500', status: 503 },
      { times: 2, match: (r) => (r.body as { seed?: number }).seed === 9 },
    );
    expect((await post(chat)).status).toBe(200);
    expect((await post({ ...chat, seed: 9 })).status).toBe(503);
    expect((await post({ ...chat, seed: 9 })).status).toBe(503);
    expect((await post({ ...chat, seed: 9 })).status).toBe(200);
  });

  it('GIVEN a 429 fault with an HTTP date THEN Retry-After carries it', async () => {
    sim.injectFault({ kind: '429', retryAfterDate: new Date(NOW + 5_000) });
    const res = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify(chat),
    });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, 'Sat, 14 Feb 2026 09:30:05 GMT']);
  });

  it('GIVEN a script THEN its texts, per choice, still capped by max_tokens', async () => {
    sim.setScript(({ scene }) => (scene.speaker === 'Mei' ? ['Mei: first', 'Bob: second'] : undefined));
    const answer = await post({ ...chat, n: 3 });
    expect(answer.body.choices.map((c: { message: { content: string } }) => c.message.content)).toEqual([
      'Mei: first',
      'Bob: second',
      'Bob: second',
    ]);
    sim.setScript(() => 'The quick brown fox jumps over the lazy dog');
    const capped = await post({ ...chat, max_tokens: 4 });
    expect(capped.body.choices[0]).toMatchObject({
      // Qwen's tokens: "The| quick| brown| fox| …"
      message: { content: 'The quick brown fox' },
      finish_reason: 'length',
    });
    expect(capped.body.usage.completion_tokens).toBe(4);
  });

  it('GIVEN the echo quirk THEN replies start with the speaker name (for reply-cleaning tests)', async () => {
    sim.setQuirks({ echoPrefixRate: 1 });
    expect((await post(chat)).body.choices[0].message.content).toMatch(/^Mei: \S/);
  });

  it('GIVEN latency THEN the answer waits that long', async () => {
    sim.setLatency(150);
    const startedAt = Date.now();
    await post(chat);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });
});

describe('simulator: plugins', () => {
  it('GIVEN realtime THEN the reply knows the injected date; knowledge and web search are mentioned', async () => {
    const answer = await post({
      ...chat,
      character_options: { enable_realtime: true, vector_store_ids: ['kb-library'] },
      enable_search: true,
    });
    const text: string = answer.body.choices[0].message.content;
    expect(text).toContain('Saturday, February 14, 2026');
    expect(text).toContain('kb-library');
    expect(text).toContain('The web says');
    expect(text).toContain('Bob, ');
  });
});

describe('simulator: long-term memory', () => {
  const profile = 'You are Mei, a gentle, shy librarian.';
  const memoryModel = () => new QwenChatModel({ baseURL: sim.url, apiKey: 'sk-any' });
  const turn = (content: string, skip: Array<'system' | 'user' | 'assistant' | 'output'> = []) =>
    memoryModel().complete({
      model: 'qwen-plus-character',
      sessionId: 'mem-1',
      messages: [{ role: 'user', content }],
      characterOptions: {
        profile,
        memory: { enable_long_term_memory: true, memory_entries: 20, skip_save_types: skip },
      },
    });

  it('GIVEN incremental input THEN the server keeps the history and the prompt grows', async () => {
    const first = await turn('Do you like rain?');
    const second = await turn('What are you reading?');
    const session = sim.memorySession('mem-1')!;
    expect(session.turns.map((t) => t.received)).toEqual([
      [{ role: 'user', content: 'Do you like rain?' }],
      [{ role: 'user', content: 'What are you reading?' }],
    ]);
    // Profile + the new line, then profile + 2 stored + the new line.
    expect(session.turns.map((t) => t.promptMessages)).toEqual([2, 4]);
    expect(session.stored.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(session.stored[1]!.content).toBe(first.texts[0]);
    expect(second.usage.promptTokens).toBeGreaterThan(first.usage.promptTokens);
    expect(second.usage.cachedTokens).toBeGreaterThan(0);
  });

  it('GIVEN skip_save_types THEN those messages are not stored', async () => {
    await turn('Today is Valentine’s Day.', ['user', 'output']);
    expect(sim.memorySession('mem-1')!.stored).toEqual([]);
  });

  it('GIVEN memory without the session header THEN 400', async () => {
    const answer = await post({
      model: 'qwen-plus-character',
      messages: [{ role: 'user', content: 'hi' }],
      character_options: { profile, memory: { enable_long_term_memory: true } },
    });
    expect([answer.status, answer.body.error.param]).toEqual([400, 'x-dashscope-aca-session']);
  });
});
