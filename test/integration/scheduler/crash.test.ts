// kill -9 during generation: the person's line is kept, the turn runs again on another worker process
// and is posted exactly once, and the silence timer set before the crash still fires.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { RedisStage } from '../../support/redis-stage.js';
import { TEST_REDIS_URL } from '../../support/redis.js';
import { sleep, waitFor } from '../../support/wait-for.js';

const CHANNEL = 'crash-chan';
let harness: CoreHarness | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.length = 0;
  await harness?.close();
  harness = undefined;
});

async function startWorkerProcess(h: CoreHarness, postsKey: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts'], {
    env: {
      ...process.env,
      REDIS_URL: TEST_REDIS_URL,
      TEST_PREFIX: h.prefix,
      SIMULATOR_URL: h.simulator.url,
      POSTS_KEY: postsKey,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
  return child;
}

it('GIVEN kill -9 mid-generation WHEN a new worker starts THEN nothing is lost and the reply is posted once', async () => {
  harness = await startCoreHarness({ workers: 0 });
  const postsKey = `${harness.prefix}:posts`;
  for (const id of ['ling-lu', 'cheng-yi', 'tao-le'])
    await addToCast(harness.core.deps, CHANNEL, id, { greet: false });
  await setSilence(harness.core.deps, CHANNEL, 4_000, 1);

  const first = await startWorkerProcess(harness, postsKey);
  harness.simulator.setLatency(3_000);
  const generating = harness.simulator.waitForRequest(undefined, 10_000);
  await receiveLine(harness.core.deps, CHANNEL, {
    kind: 'person',
    speakerId: 'u-mia',
    speakerName: 'Mia',
    text: 'Ling Lu, play us the new song?',
  });
  await generating;
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  harness.simulator.setLatency(0);

  const second = await startWorkerProcess(harness, postsKey);
  const posts = await waitFor(
    'the reply from the second worker',
    async () => {
      const all = await RedisStage.posts(harness!.redis, postsKey);
      return all.length > 0 && all;
    },
    20_000,
  );
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatchObject({
    channelId: CHANNEL,
    personaId: 'ling-lu',
    username: 'Ling Lu',
    pid: second.pid,
  });

  const history = await harness.core.history.recent(CHANNEL, 20);
  expect(history[0]).toMatchObject({
    kind: 'person',
    speakerName: 'Mia',
    text: 'Ling Lu, play us the new song?',
  });

  expect(history.filter((l) => l.kind === 'persona' && l.trigger === 'reply')).toHaveLength(1);

  // The silence timer armed before the crash carries on in the new process: one nudge arrives.
  await waitFor(
    'a silence nudge after the restart',
    async () => (await harness!.core.history.recent(CHANNEL, 20)).some((l) => l.trigger === 'nudge'),
    20_000,
  );
  await sleep(500);
  const all = await RedisStage.posts(harness.redis, postsKey);
  expect(new Set(all.map((p) => p.messageIds[0])).size).toBe(all.length); // nothing posted twice
}, 60_000);
