// The bot's own HTTP endpoint as an operator (or docker compose's health check) sees it: /healthz says
// whether the process and its Redis answer, /readyz also whether the Discord shards are READY.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { redisAnswers } from '../../../src/store/redis-connection.js';
import { waitFor } from '../../support/wait-for.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld | undefined;
let redisServer: ChildProcess | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  redisServer?.kill('SIGKILL');
  redisServer = undefined;
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server of this test's own, so the test can take it away without touching the shared one. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitFor(`redis-server on ${port}`, () => redisAnswers(`redis://127.0.0.1:${port}`, 500));
  return child;
}

it('GIVEN the bot on Discord THEN /healthz and /readyz answer 200, unknown paths 404', async () => {
  world = await startTroupeOnDiscord();
  const url = world.apps[0]!.httpUrl!;
  const health = await fetch(`${url}/healthz`);
  expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
  const ready = await fetch(`${url}/readyz`);
  expect([ready.status, await ready.text()]).toEqual([200, 'ok\n']);
  expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
});

it('GIVEN Redis goes away THEN /healthz answers 503 naming Redis, and 200 again once it is back', async () => {
  const port = await freePort();
  redisServer = await startRedis(port);
  world = await startTroupeOnDiscord({ config: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  const url = world.apps[0]!.httpUrl!;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);

  redisServer.kill('SIGKILL');
  const down = await waitFor('/healthz to fail', async () => {
    const response = await fetch(`${url}/healthz`);
    return response.status === 503 ? response.text() : undefined;
  });
  expect(down).toMatch(/^redis: /);
  expect((await fetch(`${url}/readyz`)).status).toBe(503);

  redisServer = await startRedis(port);
  await waitFor('/healthz to recover', async () => (await fetch(`${url}/healthz`)).status === 200, 15_000);
});
