// The bot's own HTTP endpoint as an operator (or docker compose's health check) sees it: /healthz says
// whether the process and its Redis answer, /readyz also whether the Discord shards are READY.
import { afterEach, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../support/private-redis.js';
import { waitFor } from '../../support/wait-for.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld | undefined;
let redis: TestRedis | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await redis?.kill();
  redis = undefined;
});

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
  redis = await startTestRedis();
  world = await startTroupeOnDiscord({ config: { REDIS_URL: redis.url } });
  const url = world.apps[0]!.httpUrl!;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);

  await redis.kill();
  const down = await waitFor('/healthz to fail', async () => {
    const response = await fetch(`${url}/healthz`);
    return response.status === 503 ? response.text() : undefined;
  });
  expect(down).toMatch(/^redis: /);
  expect((await fetch(`${url}/readyz`)).status).toBe(503);

  await redis.restart();
  await waitFor('/healthz to recover', async () => (await fetch(`${url}/healthz`)).status === 200, 15_000);
});
