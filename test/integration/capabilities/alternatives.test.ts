// Diverse responses (`n`) and regenerate (`seed`) on real Redis + BullMQ + the simulator: the retake asks
// with exactly the request the posted reply was generated with (plus `n` or a new seed), and the chosen
// text replaces the posted message (a stage edit) and its history line.
import { afterEach, describe, expect, it } from 'vitest';
import { offerAlternatives, pickAlternative } from '../../../src/core/capabilities/alternatives.js';
import { regenerate } from '../../../src/core/capabilities/regenerate.js';
import { sceneOnce } from '../../../src/core/capabilities/scene-notes.js';
import { addToCast, resetChannel, setSilence } from '../../../src/core/channel-admin.js';
import type { ChatModel } from '../../../src/core/ports.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { english, shown } from '../../support/english.js';

const CHANNEL = 'chan-alt';
const SESSION_HEADER = 'x-dashscope-aca-session';

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type Completion = { choices: Array<{ message: { content: string } }> };
/** The versions the simulator answered with, as the product reads them. */
const choicesOf = (body: unknown) => (body as Completion).choices.map((c) => c.message.content.trim());

/** Ling Lu alone in the scene (nobody else to answer him), one person line, his posted reply. */
async function sceneWithOneReply(options: { wrapModel?: (model: ChatModel) => ChatModel } = {}) {
  const h = (harness = await startCoreHarness(options));
  await addToCast(h.core.deps, CHANNEL, 'ling-lu', { greet: false });
  await setSilence(h.core.deps, CHANNEL, undefined);
  await receiveLine(h.core.deps, CHANNEL, {
    kind: 'person',
    speakerId: 'u-mia',
    speakerName: 'Mia',
    text: 'Ling Lu, what do you think of the new demo?',
  });
  await waitFor('his reply', () => h.stage.posts.length === 1);
  await waitFor('the reply in history', async () => (await h.core.history.recent(CHANNEL, 5)).length === 2);
  const original = h.simulator.lastRequest()!;
  const line = (await h.core.history.recent(CHANNEL, 5)).at(-1)!;
  return { h, original, line };
}

describe('alternatives (n)', () => {
  it('GIVEN a posted reply WHEN 3 alternatives are asked for THEN the same request goes out with n 3 and a new seed, and the new texts come back', async () => {
    const { h, original, line } = await sceneWithOneReply();
    const offered = await offerAlternatives(h.core.deps, CHANNEL, 3);
    if (!offered.ok) throw new Error(english(offered.message));

    const sent = h.simulator.lastRequest()!;
    expect(sent.body).toEqual({ ...(original.body as object), n: 3, seed: offered.seed });
    expect(sent.headers[SESSION_HEADER]).toBe(original.headers[SESSION_HEADER]);
    expect(sent.headers[SESSION_HEADER]).toBe(await h.core.sessions.get(CHANNEL, 'ling-lu'));
    // Three distinct versions came back; one that repeats the posted reply (a fresh seed can still land
    // on it) is left out, so two or three are offered.
    const answered = choicesOf(sent.response!.body);
    expect(new Set(answered).size).toBe(3);
    expect(offered.texts).toEqual(answered.filter((text) => text !== line.text));
    expect(offered.texts.length).toBeGreaterThanOrEqual(2);
    expect(offered).toMatchObject({
      messageId: line.messageId,
      personaId: 'ling-lu',
      personaName: 'Ling Lu',
    });
    expect(english(offered.message)).toContain(`2. ${offered.texts[1]}`);
    // The simulator answered in character: Mia is addressed, as in the posted reply.
    for (const text of offered.texts) expect(text).toMatch(/Mia/);
  });

  it('GIVEN the model repeats the posted reply among its versions THEN that one is left out, and so are repeats', async () => {
    const posted: { text?: string } = {};
    const repeating = (model: ChatModel): ChatModel => ({
      async complete(request, options) {
        const result = await model.complete(request, options);
        if (!request.n || posted.text === undefined) return result;
        return { ...result, texts: [posted.text, 'A new take.', 'A new take.'] };
      },
    });
    const { h, line } = await sceneWithOneReply({ wrapModel: repeating });
    posted.text = line.text;
    const offered = await offerAlternatives(h.core.deps, CHANNEL, 3);
    if (!offered.ok) throw new Error(english(offered.message));
    expect(offered.texts).toEqual(['A new take.']);
    expect(english(offered.message)).toBe('1 alternative for Ling Lu:\n1. A new take.');
    expect(line.text).not.toBe('A new take.');
  });

  it('GIVEN offered alternatives WHEN number 2 is picked THEN the posted message is edited and the history line reads it', async () => {
    const { h, line } = await sceneWithOneReply();
    // Three asked for, so at least two are offered even if one repeats the posted reply.
    const offered = await offerAlternatives(h.core.deps, CHANNEL, 3);
    if (!offered.ok) throw new Error(english(offered.message));
    const picked = await pickAlternative(h.core.deps, CHANNEL, 2, offered.setId);
    expect(shown(picked)).toMatchObject({ ok: true, message: "Ling Lu's message now reads alternative 2." });

    expect(h.stage.edits).toEqual([
      {
        channelId: CHANNEL,
        personaId: 'ling-lu',
        username: 'Ling Lu',
        chunks: [offered.texts[1]],
        messageIds: [line.messageId],
      },
    ]);
    const history = await h.core.history.recent(CHANNEL, 5);
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      seq: line.seq,
      text: offered.texts[1],
      messageId: line.messageId,
      messageIds: [line.messageId],
      trigger: 'reply',
    });
    // Picked once: the offer is used up.
    expect(await pickAlternative(h.core.deps, CHANNEL, 1, offered.setId)).toMatchObject({ ok: false });
  });

  it('GIVEN a newer offer WHEN a button of the older one is pressed THEN it is refused', async () => {
    const { h } = await sceneWithOneReply();
    const first = await offerAlternatives(h.core.deps, CHANNEL, 2);
    const second = await offerAlternatives(h.core.deps, CHANNEL, 2);
    if (!first.ok || !second.ok) throw new Error('no offer');
    expect(shown(await pickAlternative(h.core.deps, CHANNEL, 1, first.setId))).toEqual({
      ok: false,
      message: 'Those alternatives were replaced by newer ones.',
    });
    expect(shown(await pickAlternative(h.core.deps, CHANNEL, 5, second.setId))).toEqual({
      ok: false,
      message: `Pick 1 to ${second.texts.length}.`,
    });
    expect(h.stage.edits).toHaveLength(0);
  });

  it('GIVEN a count outside 1–4 or no persona message THEN a refusal, and no request', async () => {
    const h = (harness = await startCoreHarness());
    expect(shown(await offerAlternatives(h.core.deps, CHANNEL, 5))).toEqual({
      ok: false,
      message: 'Ask for 1 to 4 alternatives.',
    });
    expect(shown(await offerAlternatives(h.core.deps, CHANNEL, 2))).toEqual({
      ok: false,
      message: 'There is no persona message to redo yet.',
    });
    expect(await regenerate(h.core.deps, CHANNEL)).toMatchObject({ ok: false });
    expect(h.simulator.requests).toHaveLength(0);
  });
});

describe('regenerate (seed)', () => {
  it('GIVEN a posted reply WHEN regenerated THEN the same request goes out with a new seed and the reply is replaced in place and in history', async () => {
    const { h, original, line } = await sceneWithOneReply();
    const result = await regenerate(h.core.deps, CHANNEL);
    if (!result.ok) throw new Error(english(result.message));

    expect(h.simulator.lastRequest()!.body).toEqual({ ...(original.body as object), seed: result.seed });
    expect(result.line.text).not.toBe(line.text);
    expect(h.stage.edits.map((e) => e.chunks)).toEqual([[result.line.text]]);
    expect((await h.core.history.recent(CHANNEL, 5)).at(-1)).toMatchObject({
      seq: line.seq,
      messageId: line.messageId,
      text: result.line.text,
    });

    // The next turn's prompt carries the text the channel shows now.
    await receiveLine(h.core.deps, CHANNEL, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Ling Lu, say that again?',
    });
    const next = await h.simulator.waitForRequest();
    const messages = (next.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages).toContainEqual({ role: 'assistant', content: `Ling Lu: ${result.line.text}` });
    expect(messages.map((m) => m.content)).not.toContain(`Ling Lu: ${line.text}`);
  });
});

describe('nothing new', () => {
  /** Answers every retake with the posted reply `times` times, then lets the simulator answer. */
  function repeatingFirst(times: number, posted: { text?: string }) {
    let repeated = 0;
    return (model: ChatModel): ChatModel => ({
      async complete(request, options) {
        const result = await model.complete(request, options);
        if (request.seed === undefined || posted.text === undefined || repeated >= times) return result;
        repeated++;
        return { ...result, texts: result.texts.map(() => posted.text!) };
      },
    });
  }

  it('GIVEN the model repeats the posted reply once WHEN regenerated THEN it is asked again with another seed and the new text replaces it', async () => {
    const posted: { text?: string } = {};
    const { h, line } = await sceneWithOneReply({ wrapModel: repeatingFirst(1, posted) });
    posted.text = line.text;
    const before = h.simulator.requests.length;
    const result = await regenerate(h.core.deps, CHANNEL);
    if (!result.ok) throw new Error(english(result.message));
    const asked = h.simulator.requests.slice(before).map((r) => (r.body as { seed: number }).seed);
    expect(asked).toHaveLength(2);
    expect(asked[0]).not.toBe(asked[1]);
    expect(result.seed).toBe(asked[1]);
    expect(result.line.text).not.toBe(line.text);
    expect(h.stage.edits.map((e) => e.chunks)).toEqual([[result.line.text]]);
  });

  it('GIVEN the model only ever repeats the posted reply THEN after three seeds the person is told, and nothing is edited', async () => {
    const posted: { text?: string } = {};
    const { h, line } = await sceneWithOneReply({ wrapModel: repeatingFirst(99, posted) });
    posted.text = line.text;
    const before = h.simulator.requests.length;
    expect(shown(await regenerate(h.core.deps, CHANNEL))).toEqual({
      ok: false,
      message: 'The model gave nothing new; try again.',
    });
    expect(shown(await offerAlternatives(h.core.deps, CHANNEL, 2))).toEqual({
      ok: false,
      message: 'The model gave nothing new; try again.',
    });
    const seeds = h.simulator.requests.slice(before).map((r) => (r.body as { seed: number }).seed);
    expect(seeds).toHaveLength(6);
    expect(new Set(seeds.slice(0, 3)).size).toBe(3);
    expect(h.stage.edits).toEqual([]);
  });
});

describe('reset', () => {
  it('GIVEN offered alternatives and a waiting one-time note WHEN the channel is reset THEN neither survives into the new scene', async () => {
    const { h } = await sceneWithOneReply();
    const offered = await offerAlternatives(h.core.deps, CHANNEL, 2);
    expect(offered.ok).toBe(true);
    expect((await sceneOnce(h.core.deps, CHANNEL, 'It starts to rain.')).ok).toBe(true);
    expect(await h.core.deps.notes!.pending(CHANNEL)).toHaveLength(1);

    await resetChannel(h.core.deps, CHANNEL);
    expect(await h.core.history.recent(CHANNEL, 5)).toEqual([]);
    expect(await h.core.deps.notes!.pending(CHANNEL)).toEqual([]);
    const picked = await pickAlternative(h.core.deps, CHANNEL, 1);
    expect(picked.ok).toBe(false);
    expect(h.stage.posts).toHaveLength(1); // nothing edited or posted by the stale pick
  });
});
