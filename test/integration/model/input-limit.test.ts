// The model's input limit, through the real core, Redis, BullMQ and the openai SDK against the simulator,
// which counts as Model Studio does (Qwen's tokenizer, its chat template) and refuses an over-limit
// prompt with Model Studio's answer. Hostile lines never make a request over the limit; a line too long
// for its share is shortened, a persona's never; and should the server refuse anyway, the turn asks
// again once with a shorter window and posts.
import { afterEach, describe, expect, it } from 'vitest';
import { recentFailures } from '../../../src/core/capabilities/failures.js';
import { addToCast, nudge, setSilence } from '../../../src/core/channel-admin.js';
import type { Persona } from '../../../src/core/persona.js';
import { inputBudget, LINE_SHARE } from '../../../src/core/prompt/prompt.js';
import { CUT_MARKER } from '../../../src/core/prompt/token-count.js';
import { receiveLine } from '../../../src/core/receive.js';
import { seededRandom } from '../../../src/core/random.js';
import { OVER_LIMIT_RETRY_SHARE } from '../../../src/core/turn/generate-replies.js';
import { modelLimits } from '../../../src/core/models.js';
import { replyTokens } from '../../../src/core/turn/chat-request.js';
import { chatPromptTokens, qwenTokenCounter } from '../../../src/model/qwen-tokens.js';
import type { RecordedRequest } from '../../../src/model/simulator/request-log.js';
import { shipped, startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { HOSTILE_KINDS, hostileText } from '../../support/hostile-text.js';
import { sleep, waitFor } from '../../support/wait-for.js';
import { english } from '../../support/english.js';

const CHANNEL = 'chan-input-limit';
const FLASH = 'qwen-flash-character';
const LIMIT = modelLimits(FLASH).maxInputTokens;

type Body = { model: string; messages: Array<{ role: string; content: string; partial?: boolean }> };

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Ling Lu on the 8K model; Tao Le (on the 32K one) with a reply budget far above a line's share there. */
async function personas(): Promise<{ all: Persona[]; lingLu: Persona; taoLe: Persona }> {
  const all = await shipped();
  const lingLu = { ...all.find((p) => p.id === 'ling-lu')!, model: FLASH };
  const base = all.find((p) => p.id === 'tao-le')!;
  const taoLe = { ...base, generation: { ...base.generation, maxReplyTokens: 3_000 } };
  return {
    all: all.map((p) => (p.id === 'ling-lu' ? lingLu : p.id === 'tao-le' ? taoLe : p)),
    lingLu,
    taoLe,
  };
}

async function start(cast: string[]): Promise<CoreHarness> {
  const h = (harness = await startCoreHarness({ personas: (await personas()).all }));
  for (const id of cast) await addToCast(h.core.deps, CHANNEL, id, { greet: false });
  // Only nudged turns: each one a request we wait for.
  await h.core.settings.update(CHANNEL, { strategy: 'manual', minPersonaGapMs: 0 });
  await setSilence(h.core.deps, CHANNEL, undefined);
  return h;
}

const chats = (h: CoreHarness) => h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** The request's prompt as the server counts it. */
function serverTokens(request: RecordedRequest): number {
  const body = request.body as Body;
  return chatPromptTokens(body.messages, { continueLast: body.messages.at(-1)?.partial === true });
}

async function turnOf(h: CoreHarness, personaId: string): Promise<void> {
  const posts = h.stage.posts.length;
  await nudge(h.core.deps, CHANNEL, personaId);
  await waitFor(`${personaId}'s reply`, () => h.stage.posts.length === posts + 1, 20_000);
}

async function say(h: CoreHarness, speaker: number, text: string): Promise<void> {
  await receiveLine(h.core.deps, CHANNEL, {
    kind: 'person',
    speakerId: `u${speaker}`,
    speakerName: `Member ${speaker}`,
    text,
  });
}

describe('hostile lines on an 8K model', () => {
  it("GIVEN floods of combining marks, base64, emoji, ids and mixed scripts THEN no request is over the model's input limit by Qwen's count, and every turn posts", async () => {
    const h = await start(['ling-lu']);
    const random = seededRandom(25);
    let turns = 0;
    for (const kind of HOSTILE_KINDS) {
      // The attack: 12 lines of 1,900 characters, then the persona's turn.
      for (let i = 0; i < 12; i++) await say(h, i % 3, hostileText(random, kind, 1_900));
      await turnOf(h, 'ling-lu');
      turns++;
    }
    // And all of them mixed, line after line.
    for (let i = 0; i < 20; i++) await say(h, i % 4, hostileText(random, HOSTILE_KINDS[i % 5]!, 1_900));
    await turnOf(h, 'ling-lu');
    turns++;

    const requests = chats(h);
    expect(requests).toHaveLength(turns);
    for (const request of requests) {
      expect(request.response?.status).toBe(200);
      expect((request.body as Body).model).toBe(FLASH);
      expect(serverTokens(request)).toBeLessThanOrEqual(LIMIT);
      // What the server reported is what it counted.
      const usage = (request.response!.body as { usage: { prompt_tokens: number } }).usage;
      expect(usage.prompt_tokens).toBe(serverTokens(request));
    }
    // The window is used, not starved: the last request holds most of the budget.
    expect(serverTokens(requests.at(-1)!)).toBeGreaterThan(LIMIT / 2);
  });

  it("GIVEN one member's wall of combining marks in a scene THEN it is shortened to its share, marked, and the scene around it stays", async () => {
    const h = await start(['ling-lu']);
    const { lingLu } = await personas();
    for (let i = 0; i < 60; i++)
      await say(h, i % 3, `Line ${i}: the rehearsal runs late again, and the bridge still drags.`);
    const wall = hostileText(seededRandom(4), 'zalgo');
    await say(h, 9, wall);
    for (let i = 60; i < 63; i++) await say(h, i % 3, `Line ${i}: anyway, who is bringing the snacks?`);
    await turnOf(h, 'ling-lu');

    const body = chats(h).at(-1)!.body as Body;
    const shown = body.messages.find((m) => m.content.startsWith('Member 9: '))!.content;
    const text = shown.slice('Member 9: '.length);
    expect(text.endsWith(CUT_MARKER)).toBe(true);
    expect(wall.startsWith(text.slice(0, -CUT_MARKER.length))).toBe(true);
    const limits = modelLimits(FLASH);
    const share = Math.floor(inputBudget(limits, replyTokens(lingLu, limits)) * LINE_SHARE);
    expect(qwenTokenCounter.count(text)).toBeLessThanOrEqual(share);
    // Uncut, the wall alone would be over half the window; shortened, the whole scene still fits.
    expect(qwenTokenCounter.count(wall)).toBeGreaterThan(LIMIT / 3);
    for (const i of [0, 30, 59, 62])
      expect(body.messages.some((m) => m.content.includes(`Line ${i}:`))).toBe(true);
  });

  it("GIVEN a persona's line longer than a line's share THEN the next persona's prompt shows it whole", async () => {
    const h = await start(['ling-lu', 'tao-le']);
    // Tao Le (32K model, 3,000-token reply budget) answers at length: ~1,400 of Qwen's tokens.
    const speech = `${'我们今天晚上排练这首歌的副歌还需要再改一下，你觉得节奏怎么样？'.repeat(60)}`;
    h.simulator.setScript(({ scene }) => (scene.speaker === 'Tao Le' ? speech : undefined));
    await say(h, 1, 'Tao Le, tell us everything about the new arrangement.');
    await turnOf(h, 'tao-le');
    await turnOf(h, 'ling-lu');

    const body = chats(h).at(-1)!.body as Body;
    const { lingLu } = await personas();
    const limits = modelLimits(FLASH);
    const share = Math.floor(inputBudget(limits, replyTokens(lingLu, limits)) * LINE_SHARE);
    expect(qwenTokenCounter.count(speech)).toBeGreaterThan(share);
    expect(body.messages).toContainEqual({ role: 'user', content: `Tao Le: ${speech}` });
    expect(serverTokens(chats(h).at(-1)!)).toBeLessThanOrEqual(LIMIT);
  });
});

describe("the server's over-limit answer", () => {
  async function fullScene(h: CoreHarness): Promise<void> {
    const random = seededRandom(8);
    for (let i = 0; i < 40; i++) await say(h, i % 3, hostileText(random, 'ids', 600));
  }

  it('GIVEN a server whose limit is below ours THEN its Model Studio refusal makes the turn ask once more with half the window, and it posts', async () => {
    const h = await start(['ling-lu']);
    await fullScene(h);
    const limit = 5_000;
    h.simulator.setInputLimit(FLASH, limit);
    await turnOf(h, 'ling-lu');

    const [refused, retried, ...more] = chats(h);
    expect(more).toHaveLength(0);
    expect(serverTokens(refused!)).toBeGreaterThan(limit);
    expect(refused!.response).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_parameter_error',
          param: null,
          message: `<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, ${limit}]`,
          type: 'invalid_request_error',
        },
      },
    });
    expect(retried!.response?.status).toBe(200);
    const { lingLu } = await personas();
    const limits = modelLimits(FLASH);
    expect(serverTokens(retried!)).toBeLessThanOrEqual(
      inputBudget(limits, replyTokens(lingLu, limits), OVER_LIMIT_RETRY_SHARE),
    );
    // The same scene, from a later start: the newest line and the prefix are the same.
    const [first, second] = [refused!, retried!].map((r) => (r.body as Body).messages);
    expect(second!.length).toBeLessThan(first!.length);
    expect(second!.slice(-2)).toEqual(first!.slice(-2));
    expect(h.stage.posts).toHaveLength(1);
    const failures = await h.core.failures.recent(CHANNEL, 10);
    expect(failures.map((f) => [f.code, f.personaId])).toEqual([['input_too_long', 'ling-lu']]);
    expect(english((await recentFailures(h.core.deps, CHANNEL)).message)).toContain(
      "over the model's input limit",
    );
  });

  it('GIVEN a server that refuses even the shorter window THEN the turn gives up after that one retry', async () => {
    const h = await start(['ling-lu']);
    await fullScene(h);
    h.simulator.setInputLimit(FLASH, 300);
    await nudge(h.core.deps, CHANNEL, 'ling-lu');
    await waitFor('two refused requests', () => chats(h).length === 2, 20_000);
    await sleep(1_500);
    expect(chats(h).map((r) => r.response?.status)).toEqual([400, 400]);
    expect(h.stage.posts).toHaveLength(0);
  });
});
