// A Redis outage, as an operator reads it in the log: one line when it starts and one when it ends,
// with how long it lasted, instead of a line per reconnect attempt of every connection; and the bot
// answers again once Redis is back.
import { Writable } from 'node:stream';
import { afterEach, expect, it, vi } from 'vitest';
import { sleep, waitFor } from '../../support/wait-for.js';
import { startTestRedis, type TestRedis } from '../../support/private-redis.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

/** How long the test keeps Redis away: long enough for several reconnect attempts of every connection. */
const OUTAGE_MS = 6_000;

let world: TroupeWorld | undefined;
let redis: TestRedis | undefined;
afterEach(async () => {
  await redis?.restart().catch(() => undefined);
  await world?.close();
  await redis?.kill();
  world = undefined;
  redis = undefined;
  vi.restoreAllMocks();
});

interface LogLine {
  level: number;
  msg: string;
  downMs?: number;
  err?: { message?: string; code?: string };
  [key: string]: unknown;
}

/** A pino destination that keeps every line, parsed. */
function logSink(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as LogLine);
      done();
    },
  });
  return { stream, lines };
}

const WARN = 40;

it('GIVEN Redis goes away for a while THEN the log says so once when it starts and once when it ends, with its length, and the bot answers again', async () => {
  redis = await startTestRedis();
  const logs = logSink();
  const stderr = vi.spyOn(console, 'error');
  world = await startTroupeOnDiscord({
    config: { REDIS_URL: redis.url, LOG_LEVEL: 'info' },
    logs: logs.stream,
  });
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  const before = logs.lines.length;

  await redis.kill();
  const downAt = Date.now();
  await sleep(OUTAGE_MS);
  await redis.restart();
  const back = await waitFor(
    'the outage to end in the log',
    () => logs.lines.slice(before).find((l) => /Redis is back/.test(l.msg)),
    15_000,
  );
  const downFor = Date.now() - downAt;
  await sleep(500);

  const loud = logs.lines.slice(before).filter((l) => l.level >= WARN);
  expect(loud.map((l) => l.msg)).toEqual([
    expect.stringMatching(/^Redis is unreachable/),
    expect.stringMatching(/^Redis is back after \d+(\.\d)? s$/),
  ]);
  expect(loud[0]).toMatchObject({ err: expect.objectContaining({ code: 'ECONNREFUSED' }) });
  expect(back.downMs).toBeGreaterThanOrEqual(OUTAGE_MS - 1_000);
  expect(back.downMs).toBeLessThanOrEqual(downFor + 1_000);
  expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual([]);

  // And the scene goes on: the bot's Redis is fresh and empty, so the cast is set again.
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, are you back?' });
  await server.waitForWebhookExecution((e) => e.status === 200 && e.body.username === 'Ling Lu', 10_000);
}, 60_000);
