// Long-term memory on real Redis + BullMQ + the simulator's memory sessions: the profile instead of the
// system message, the memory settings, the (channel, persona) session header, and only the lines new
// since that session's previous request, the cursor kept in Redis; /memory on|off per channel, a
// persona file's own setting, and /reset starting new sessions.
import { afterEach, describe, expect, it } from 'vitest';
import { setMemory } from '../../../src/core/capabilities/memory-admin.js';
import { regenerate } from '../../../src/core/capabilities/regenerate.js';
import { addToCast, resetChannel, setSilence } from '../../../src/core/channel-admin.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { receiveLine } from '../../../src/core/receive.js';
import { shipped, startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { english, shown } from '../../support/english.js';

const CHANNEL = 'chan-mem';
const SESSION_HEADER = 'x-dashscope-aca-session';

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function solo(personaId: string) {
  const h = (harness = await startCoreHarness());
  await addToCast(h.core.deps, CHANNEL, personaId, { greet: false });
  await setSilence(h.core.deps, CHANNEL, undefined);
  return h;
}

/** Says a line and waits for the reply to be posted and stored. */
async function exchange(h: CoreHarness, text: string) {
  const posts = h.stage.posts.length;
  const request = h.simulator.waitForRequest();
  await receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'u-mia', speakerName: 'Mia', text });
  const sent = await request;
  await waitFor('the reply', () => h.stage.posts.length === posts + 1);
  await waitFor(
    'the reply stored',
    async () => (await h.core.history.recent(CHANNEL, 1))[0]?.kind === 'persona',
  );
  const reply = (await h.core.history.recent(CHANNEL, 1))[0]!;
  return { sent, reply };
}

describe('long-term memory', () => {
  it("GIVEN a persona file with memory on THEN requests carry its profile and settings and only the session's new lines", async () => {
    const linWan = (await shipped()).find((p) => p.id === 'lin-wan')!;
    const h = await solo('lin-wan');
    const first = await exchange(h, '林老板，今天有什么新品？');
    const sessionId = await h.core.sessions.get(CHANNEL, 'lin-wan');
    expect(first.sent.headers[SESSION_HEADER]).toBe(sessionId);
    expect(first.sent.body).toEqual({
      model: 'qwen-plus-character',
      messages: [
        { role: 'user', content: 'Mia: 林老板，今天有什么新品？' },
        { role: 'assistant', content: '林婉:', partial: true },
      ],
      max_tokens: 200,
      character_options: {
        profile: buildSystemMessage(linWan, [linWan]),
        memory: { enable_long_term_memory: true, memory_entries: 60, skip_save_types: ['output'] },
        enable_realtime: true,
      },
    });

    const second = await exchange(h, '那我要一杯半糖。');
    expect((second.sent.body as { messages: unknown[] }).messages).toEqual([
      { role: 'assistant', content: `林婉: ${first.reply.text}` },
      { role: 'user', content: 'Mia: 那我要一杯半糖。' },
      { role: 'assistant', content: '林婉:', partial: true },
    ]);
    expect(second.sent.headers[SESSION_HEADER]).toBe(sessionId);
    expect(await h.core.sessions.getCursor(CHANNEL, 'lin-wan')).toBe(3);

    // What the service kept: every line once, in order; the replies as posted, never the raw output.
    const session = h.simulator.memorySession(sessionId)!;
    expect(session.stored).toEqual([
      { role: 'user', content: 'Mia: 林老板，今天有什么新品？' },
      { role: 'assistant', content: `林婉: ${first.reply.text}` },
      { role: 'user', content: 'Mia: 那我要一杯半糖。' },
    ]);
    // Profile, the one stored message, then the three new ones.
    expect(session.turns.map((t) => t.promptMessages)).toEqual([3, 5]);
    expect(second.reply.text).toMatch(/半糖/);
  });

  it('GIVEN /memory on for a channel THEN its settings win over the file; /memory off goes back to the full prompt', async () => {
    const lingLu = (await shipped()).find((p) => p.id === 'ling-lu')!;
    const h = await solo('ling-lu');
    expect(await setMemory(h.core.deps, CHANNEL, { enabled: true, entries: 20 })).toMatchObject({
      ok: true,
      memory: { enabled: true, entries: 20, skipSaveTypes: ['system'] },
    });
    const on = await exchange(h, 'Ling Lu, remember this: the key is under the mat.');
    expect((on.sent.body as { character_options: unknown }).character_options).toEqual({
      profile: buildSystemMessage(lingLu, [lingLu]),
      memory: { enable_long_term_memory: true, memory_entries: 20, skip_save_types: ['system', 'output'] },
    });

    expect(await setMemory(h.core.deps, CHANNEL, { enabled: false })).toMatchObject({ ok: true });
    const off = await exchange(h, 'Ling Lu, where is the key?');
    const body = off.sent.body as { messages: Array<{ role: string }>; character_options?: unknown };
    expect(body.character_options).toBeUndefined();
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);

    expect(shown(await setMemory(h.core.deps, CHANNEL, { enabled: true, entries: 500 }))).toEqual({
      ok: false,
      message: 'Entries must be a whole number from 20 to 400.',
    });
    expect(await setMemory(h.core.deps, CHANNEL, { enabled: true, skipSaveTypes: ['tool'] })).toMatchObject({
      ok: false,
    });
  });

  it('GIVEN /reset THEN the next request opens a new session with only the lines since', async () => {
    const h = await solo('lin-wan');
    const before = await exchange(h, '林老板，早上好。');
    await resetChannel(h.core.deps, CHANNEL);
    const after = await exchange(h, '重新开始吧。');
    expect(after.sent.headers[SESSION_HEADER]).not.toBe(before.sent.headers[SESSION_HEADER]);
    expect((after.sent.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'Mia: 重新开始吧。' },
      { role: 'assistant', content: '林婉:', partial: true },
    ]);
  });

  it('GIVEN memory WHEN the last reply is regenerated THEN only the prefix goes out: the session already holds the context', async () => {
    const h = await solo('lin-wan');
    const { sent, reply } = await exchange(h, '林老板，推荐一下？');
    const result = await regenerate(h.core.deps, CHANNEL);
    if (!result.ok) throw new Error(english(result.message));
    const retake = h.simulator.lastRequest()!;
    expect(retake.headers[SESSION_HEADER]).toBe(sent.headers[SESSION_HEADER]);
    expect(retake.body).toMatchObject({
      messages: [{ role: 'assistant', content: '林婉:', partial: true }],
      seed: result.seed,
      character_options: { memory: { skip_save_types: ['output'] } },
    });
    expect(result.line.text).not.toBe(reply.text);
    // Nothing new was stored by the retake.
    expect(h.simulator.memorySession(sent.headers[SESSION_HEADER]!)!.stored).toHaveLength(1);
  });
});
