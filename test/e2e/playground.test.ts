// The terminal playground as a person uses it: `npm start` without a Discord token or an API key, typed
// into through stdin, read from stdout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

let child: ChildProcessWithoutNullStreams | undefined;
let dataDir: string | undefined;
let prefix: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (prefix) {
    const redis = connectRedis();
    await deletePrefix(redis, prefix);
    await deletePrefix(redis, `{${prefix}:bull}`);
    await redis.quit();
  }
});

/** `npm start` without a token or key, with `config` over the environment; `out()` is all it printed. */
function startPlayground(config: Record<string, string> = {}): () => string {
  prefix = uniquePrefix('playground');
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-playground-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir,
    PLAYER_NAME: 'Mia',
    ...config,
  };
  delete env.DISCORD_TOKEN;
  delete env.DASHSCOPE_API_KEY;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return () => out;
}

it('GIVEN no token and no API key WHEN a person types a line THEN the playground shows a persona answering, by name', async () => {
  const out = startPlayground();
  await waitFor('the banner and the greetings', () => out().includes('(type /help for commands)'), 20_000);
  expect(out()).toContain('SIMULATED');
  // The guide's musicians open the empty scene with their greetings, each under its own name.
  for (const name of ['Ling Lu:', 'Cheng Yi:', 'Tao Le:', 'Ma Hui:']) expect(out()).toContain(name);

  const before = out().length;
  child!.stdin.write('Ling Lu, how is the new demo coming along?\n');
  await waitFor('Ling Lu typing', () => out().slice(before).includes('Ling Lu is typing'), 20_000);
  const reply = await waitFor(
    "Ling Lu's reply",
    () =>
      out()
        .slice(before)
        .split('\n')
        .find((line) => line.startsWith('Ling Lu: ')),
    20_000,
  );
  expect(reply.length).toBeGreaterThan('Ling Lu: '.length + 3);

  child!.stdin.write('/cast list\n');
  await waitFor('the cast list', () => out().includes('In the scene (natural):'), 10_000);
  expect(out()).toMatch(/Ling Lu \[ling-lu\]/);

  child!.stdin.write('/quit\n');
  const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
  expect(code).toBe(0);
}, 60_000);

it('GIVEN LOCALE=ja THEN the playground speaks Japanese and takes the Japanese command names', async () => {
  const out = startPlayground({ LOCALE: 'ja' });
  await waitFor('the banner and the greetings', () => out().includes('（/help でコマンド一覧）'), 20_000);
  expect(out()).toContain('DASHSCOPE_API_KEY がありません');
  // What people and personas say is printed as said.
  expect(out()).toContain('Ling Lu:');

  child!.stdin.write('/出演 一覧\n');
  await waitFor('the cast list', () => out().includes('出演中（自然）：'), 10_000);
  expect(out()).toMatch(/Ling Lu \[ling-lu\]/);
  child!.stdin.write('/出演 追加 だれか\n');
  await waitFor('the refusal', () => out().includes('! 「だれか」というキャラはいません。'), 10_000);

  child!.stdin.write('/quit\n');
  await waitFor('the goodbye', () => out().includes('またね。'), 10_000);
  const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
  expect(code).toBe(0);
}, 60_000);
