// A persona's request options, end to end through the scheduler (Redis + BullMQ + the openai SDK + the
// simulator): the logit_bias that bans stage actions, real-time, knowledge and web search, a model's
// output and input limits, and prefix mode `none` for servers that cannot continue a prefix.
import { afterEach, describe, expect, it } from 'vitest';
import { withNoActions } from '../../../src/core/capabilities/persona-switches.js';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import { modelLimits } from '../../../src/core/models.js';
import { personaSchema, type Persona, type PersonaInput } from '../../../src/core/persona.js';
import { receiveLine } from '../../../src/core/receive.js';
import { chatPromptTokens } from '../../../src/model/qwen-tokens.js';
import { PARENTHESIS_TOKEN_IDS } from '../../../src/core/turn/chat-request.js';
import { speakAsInstruction } from '../../../src/model/wire-request.js';
import { shipped, startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';

const CHANNEL = 'chan-options';
const NOW = Date.parse('2026-02-14T09:30:00Z');
type Body = Record<string, unknown> & {
  messages: Array<{ role: string; content: string; partial?: boolean }>;
};

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Ling Lu with some fields changed, validated like a persona file. */
async function lingLuWith(changes: Partial<PersonaInput>): Promise<Persona> {
  const base = (await shipped()).find((p) => p.id === 'ling-lu')!;
  return personaSchema.parse({ ...base, ...changes });
}

async function soloTurn(
  persona: Persona,
  text: string,
  options: Parameters<typeof startCoreHarness>[0] = {},
) {
  const h = (harness = await startCoreHarness({ ...options, personas: [persona] }));
  await addToCast(h.core.deps, CHANNEL, persona.id, { greet: false });
  await setSilence(h.core.deps, CHANNEL, undefined);
  await receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'u-mia', speakerName: 'Mia', text });
  await waitFor('the reply', () => h.stage.posts.length === 1);
  const sent = h.simulator.lastRequest()!;
  return { h, sent, body: sent.body as Body, posted: h.stage.posts[0]!.chunks.join('\n') };
}

describe('restrict output (logit_bias)', () => {
  it("GIVEN noActions and a persona file's own logit_bias THEN the body bans the guide's 13 parenthesis ids at -100, keeps the other entry, and the reply has no parentheses", async () => {
    const persona = withNoActions(await lingLuWith({ logitBias: { '151643': 5, '320': 10 } }), true);
    const { body, posted } = await soloTurn(persona, 'Ling Lu, describe the stage for me.');
    expect(body.logit_bias).toEqual({
      '7': -100,
      '8': -100,
      '7552': -100,
      '9909': -100,
      '320': -100,
      '873': -100,
      '42344': -100,
      '58359': -100,
      '96899': -100,
      '6599': -100,
      '10297': -100,
      '91093': -100,
      '12832': -100,
      '151643': 5,
    });
    expect(Object.keys(body.logit_bias as object)).toHaveLength(PARENTHESIS_TOKEN_IDS.length + 1);
    expect(posted).not.toMatch(/[()（）]/u);
  });

  it("GIVEN noActions toggled off THEN only the persona file's own bias is sent", async () => {
    const persona = withNoActions(await lingLuWith({ noActions: true, logitBias: { '151643': -20 } }), false);
    const { body } = await soloTurn(persona, 'Ling Lu, hi.');
    expect(body.logit_bias).toEqual({ '151643': -20 });
  });
});

describe('real-time, knowledge search, web search', () => {
  it('GIVEN a persona with all three THEN the exact options go out and the reply knows the date, the knowledge base and the web', async () => {
    const persona = await lingLuWith({
      realtime: true,
      knowledgeBaseIds: ['kb-music', 'kb-gear'],
      webSearch: { enabled: true, options: { forced_search: true, search_strategy: 'turbo' } },
      noActions: true,
    });
    const { body, posted } = await soloTurn(persona, 'Ling Lu, festival?', {
      simulatorClock: { now: () => NOW },
    });
    expect(body.character_options).toEqual({
      enable_realtime: true,
      vector_store_ids: ['kb-music', 'kb-gear'],
    });
    expect(body.enable_search).toBe(true);
    expect(body.search_options).toEqual({ forced_search: true, search_strategy: 'turbo' });
    expect(posted).toContain("It's Saturday, February 14, 2026.");
    expect(posted).toContain('My notes in kb-music mention festival.');
    expect(posted).toContain('The web says festival is trending.');
  });
});

describe('models and their limits', () => {
  it("GIVEN a persona on qwen-plus-character-ja asking for 2,000 reply tokens THEN max_tokens is the model's 512 and a long history is cut to its 7,680-token input", async () => {
    const persona = await lingLuWith({
      model: 'qwen-plus-character-ja',
      generation: { maxReplyTokens: 2_000 },
    });
    const h = (harness = await startCoreHarness({ personas: [persona] }));
    await addToCast(h.core.deps, CHANNEL, persona.id, { greet: false });
    await setSilence(h.core.deps, CHANNEL, undefined);
    // ~20,000 tokens of earlier lines: far more than the Japanese model takes.
    for (let i = 0; i < 400; i++) {
      await h.core.history.append(CHANNEL, {
        kind: 'person',
        speakerId: 'u-ren',
        speakerName: 'Ren',
        text: `Line ${i}: the rehearsal notes say the bridge needs another pass before the live stream on Friday night.`,
      });
    }
    await receiveLine(h.core.deps, CHANNEL, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Ling Lu?',
    });
    await waitFor('the reply', () => h.stage.posts.length === 1);
    const sent = h.simulator.lastRequest()!;
    const body = sent.body as Body;
    expect(sent.response?.status).toBe(200);
    expect(body.model).toBe('qwen-plus-character-ja');
    expect(body.max_tokens).toBe(512);
    expect(chatPromptTokens(body.messages, { continueLast: true })).toBeLessThanOrEqual(
      modelLimits('qwen-plus-character-ja').maxInputTokens,
    );
    expect(body.messages.length).toBeLessThan(401 + 2);
    expect(body.messages.at(-2)).toEqual({ role: 'user', content: 'Mia: Ling Lu?' });
  });
});

describe('prefix mode none (servers without prefix continuation)', () => {
  it('GIVEN a model that echoes its own name THEN the request ends with the speak-as instruction and the post is cleaned', async () => {
    const persona = await lingLuWith({});
    const h0 = await startCoreHarness({ personas: [persona], prefixMode: 'none' });
    harness = h0;
    h0.simulator.setQuirks({ echoPrefixRate: 1 });
    await addToCast(h0.core.deps, CHANNEL, persona.id, { greet: false });
    await setSilence(h0.core.deps, CHANNEL, undefined);
    await receiveLine(h0.core.deps, CHANNEL, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Ling Lu, how was the gig?',
    });
    await waitFor('the reply', () => h0.stage.posts.length === 1);
    const sent = h0.simulator.lastRequest()!;
    const body = sent.body as Body;
    expect(body.messages.slice(-2)).toEqual([
      { role: 'user', content: 'Mia: Ling Lu, how was the gig?' },
      { role: 'system', content: speakAsInstruction('Ling Lu') },
    ]);
    expect(body.messages.some((m) => 'partial' in m || 'prefix' in m)).toBe(false);
    const raw = (sent.response!.body as { choices: Array<{ message: { content: string } }> }).choices[0]!
      .message.content;
    expect(raw.startsWith('Ling Lu: ')).toBe(true);
    expect(h0.stage.posts[0]!.chunks.join('\n')).toBe(raw.slice('Ling Lu: '.length));
  });
});
