// The turn queue (BullMQ) and its workers on a real Redis Cluster: BullMQ's Lua scripts touch many keys
// of a queue at once, which a cluster allows only because the queue prefix `{<prefix>:bull}` is one hash
// tag. Turns, their delays, the blocking fetch of two workers and the silence timer all run there.
import type { Cluster } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { scanPrefix } from '../../support/redis.js';
import { sleep, waitFor } from '../../support/wait-for.js';
import { keySlot } from '../store/cluster-slot.js';

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const CHANNELS = Array.from({ length: 9 }, (_, i) => `cluster-chan-${i}`);

it('GIVEN the core on a Redis Cluster with two workers WHEN people speak in channels on every master THEN each channel is answered once', async () => {
  harness = await startCoreHarness({ cluster: true, workers: 2 });
  const h = harness;
  const cluster = h.redis as Cluster;
  const masterOf = new Map<number, number>();
  for (const [from, to, master] of await cluster.cluster('SLOTS')) {
    for (let slot = from; slot <= to; slot++) masterOf.set(slot, master![1]);
  }
  // The channels' keys spread over all three masters (else this would prove little).
  expect(new Set(CHANNELS.map((c) => masterOf.get(keySlot(h.keys.history(c))))).size).toBe(3);

  for (const channel of CHANNELS) {
    await addToCast(h.core.deps, channel, 'ling-lu', { greet: false });
    await setSilence(h.core.deps, channel, undefined);
  }
  for (const channel of CHANNELS) {
    await receiveLine(h.core.deps, channel, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Ling Lu, are you there?',
    });
  }
  await waitFor(
    'a reply in every channel',
    () => new Set(h.stage.posts.map((p) => p.channelId)).size === 9,
    20_000,
  );
  await sleep(500);
  expect(h.stage.posts).toHaveLength(CHANNELS.length);
  for (const post of h.stage.posts) expect(post).toMatchObject({ personaId: 'ling-lu', username: 'Ling Lu' });
  for (const channel of CHANNELS) {
    expect((await h.core.history.recent(channel, 10)).map((l) => l.kind)).toEqual(['person', 'persona']);
  }

  // Every key of the queue sits on one slot, so BullMQ's scripts never cross slots (and one master
  // holds the whole queue).
  const queueKeys = await scanPrefix(cluster, h.keys.bullPrefix);
  expect(queueKeys.length).toBeGreaterThan(3);
  expect(new Set(queueKeys.map(keySlot)).size).toBe(1);
});

it('GIVEN a silence timer on a Redis Cluster THEN the delayed job fires and a persona speaks up once', async () => {
  harness = await startCoreHarness({ cluster: true });
  const h = harness;
  await addToCast(h.core.deps, 'quiet-room', 'tao-le', { greet: false });
  await setSilence(h.core.deps, 'quiet-room', 1_000, 1);
  await receiveLine(h.core.deps, 'quiet-room', {
    kind: 'person',
    speakerId: 'u-mia',
    speakerName: 'Mia',
    text: 'Tao Le, good night.',
  });
  await waitFor(
    'the reply, then the nudge',
    async () => (await h.core.history.recent('quiet-room', 10)).some((l) => l.trigger === 'nudge'),
    20_000,
  );
  await sleep(1_500);
  const lines = await h.core.history.recent('quiet-room', 10);
  expect(lines.filter((l) => l.trigger === 'nudge')).toHaveLength(1);
});
