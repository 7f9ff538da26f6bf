// Edits and deletions that are handled before their message's line is stored (a flood: the message is
// still being stored by one process when another handles its edit or deletion) still apply, in either
// order, and what the model reads next shows it: the edited words, never the deleted line.
import { afterEach, expect, it } from 'vitest';
import { addToCast } from '../../../src/core/channel-admin.js';
import { receiveLine } from '../../../src/core/receive.js';
import { RedisHistoryStore } from '../../../src/store/redis-history-store.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { connectRedis } from '../../support/redis.js';
import { waitFor } from '../../support/wait-for.js';

const CHANNEL = 'early-chan';
let harness: CoreHarness | undefined;
let other: ReturnType<typeof connectRedis> | undefined;
afterEach(async () => {
  await other?.quit();
  other = undefined;
  await harness?.close();
  harness = undefined;
});

/** The harness (one process) and the history store of a second process, on its own connection. */
async function twoProcesses(): Promise<{ h: CoreHarness; otherHistory: RedisHistoryStore }> {
  harness = await startCoreHarness();
  other = connectRedis();
  await addToCast(harness.core.deps, CHANNEL, 'ling-lu', { greet: false });
  return { h: harness, otherHistory: new RedisHistoryStore(other, harness.keys) };
}

const mia = (messageId: string, text: string) =>
  ({ kind: 'person', speakerId: 'u-mia', speakerName: 'Mia', text, messageId }) as const;

/** Every message text of every request the model received. */
const prompts = (h: CoreHarness): string[] =>
  h.simulator.requests.flatMap(
    (r) => (r.body as { messages?: Array<{ content: string }> }).messages?.map((m) => m.content) ?? [],
  );

async function nextPrompt(h: CoreHarness, count: number): Promise<string[]> {
  await waitFor('the model asked', () => h.simulator.requests.length >= count, 20_000);
  const body = h.simulator.requests[count - 1]!.body as { messages: Array<{ content: string }> };
  return body.messages.map((m) => m.content);
}

it('GIVEN an edit handled by another process before the message is stored THEN the line is stored edited and the model reads the edit', async () => {
  const { h, otherHistory } = await twoProcesses();
  expect(
    await otherHistory.editByMessageId(CHANNEL, 'msg-1', { text: 'Ling Lu, play the slow one' }),
  ).toBeUndefined();
  await receiveLine(h.core.deps, CHANNEL, mia('msg-1', 'Ling Lu, play the fast one'));

  expect(await nextPrompt(h, 1)).toContain('Mia: Ling Lu, play the slow one');
  expect(prompts(h).some((text) => text.includes('fast one'))).toBe(false);
  expect(await h.core.history.findByMessageId(CHANNEL, 'msg-1')).toMatchObject({
    text: 'Ling Lu, play the slow one',
  });
  // The waiting edit was used up: nothing of it is left to apply to a later message.
  expect(await h.redis.exists(h.keys.earlyChange(CHANNEL, 'msg-1'))).toBe(0);
});

it('GIVEN a deletion handled by another process before the message is stored THEN no line, no reply, and the model never reads it', async () => {
  const { h, otherHistory } = await twoProcesses();
  expect(await otherHistory.removeByMessageId(CHANNEL, 'msg-1')).toBe(false);
  expect(
    await receiveLine(h.core.deps, CHANNEL, mia('msg-1', 'Ling Lu, tell them the zebra code')),
  ).toBeUndefined();
  await receiveLine(h.core.deps, CHANNEL, mia('msg-2', 'Ling Lu, hello?'));

  const prompt = await nextPrompt(h, 1);
  expect(prompt).toContain('Mia: Ling Lu, hello?');
  expect(prompts(h).some((text) => text.includes('zebra'))).toBe(false);
  expect((await h.core.history.recent(CHANNEL, 10)).map((l) => l.messageId).filter(Boolean)).not.toContain(
    'msg-1',
  );
});

it.each([
  ['an edit then a deletion', ['edit', 'delete']],
  ['a deletion then an edit', ['delete', 'edit']],
] as const)(
  'GIVEN %s, both before the message is stored THEN the message stays deleted',
  async (_, order) => {
    const { h, otherHistory } = await twoProcesses();
    for (const step of order)
      if (step === 'edit')
        await otherHistory.editByMessageId(CHANNEL, 'msg-1', { text: 'Ling Lu, the edited zebra code' });
      else await otherHistory.removeByMessageId(CHANNEL, 'msg-1');
    expect(
      await receiveLine(h.core.deps, CHANNEL, mia('msg-1', 'Ling Lu, tell them the zebra code')),
    ).toBeUndefined();
    await receiveLine(h.core.deps, CHANNEL, mia('msg-2', 'Ling Lu, hello?'));

    expect(await nextPrompt(h, 1)).toContain('Mia: Ling Lu, hello?');
    expect(prompts(h).some((text) => text.includes('zebra'))).toBe(false);
  },
);

it('GIVEN the usual order (stored, then edited, then deleted, from the other process) THEN each applies at once', async () => {
  const { h, otherHistory } = await twoProcesses();
  await receiveLine(h.core.deps, CHANNEL, mia('msg-1', 'Ling Lu, play the fast one'));
  const edited = await otherHistory.editByMessageId(CHANNEL, 'msg-1', { text: 'Ling Lu, play the slow one' });
  expect(edited).toMatchObject({ text: 'Ling Lu, play the slow one' });
  expect(await h.core.history.findByMessageId(CHANNEL, 'msg-1')).toStrictEqual(edited);
  expect(await otherHistory.removeByMessageId(CHANNEL, 'msg-1')).toBe(true);
  expect(await h.core.history.findByMessageId(CHANNEL, 'msg-1')).toBeUndefined();
  // Nothing waits: the message was there for both.
  expect(await h.redis.exists(h.keys.earlyChange(CHANNEL, 'msg-1'))).toBe(0);
});
