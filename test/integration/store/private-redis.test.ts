// The playground's fallback when nothing answers at REDIS_URL: a private redis-server that persists to
// the data folder, or a clear message on how to get Redis.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openRedis, redisAnswers, startPrivateRedis } from '../../../src/store/redis-connection.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('GIVEN redis-server is installed THEN a private one starts, keeps its data in the data folder, and stops', async () => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-redis-'));
  const server = await startPrivateRedis(dir);
  expect(await redisAnswers(server.url)).toBe(true);
  const redis = openRedis(server.url);
  await redis.set('k', 'v');
  await redis.quit();
  await server.stop();
  expect(await redisAnswers(server.url, 300)).toBe(false);
  expect(existsSync(join(dir, 'redis'))).toBe(true);
});

it('GIVEN no redis-server binary THEN the error says how to get Redis', async () => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-redis-'));
  await expect(startPrivateRedis(dir, 'redis-server-that-does-not-exist')).rejects.toThrow(
    /docker compose up -d redis.*apt-get install redis-server/,
  );
});

it('GIVEN nothing listens THEN redisAnswers says no quickly', async () => {
  expect(await redisAnswers('redis://127.0.0.1:1', 300)).toBe(false);
});
