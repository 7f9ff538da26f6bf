// GET /metrics as Prometheus scrapes it, after real turns on the Discord-compatible server: the turn's
// outcome, the model requests with their status, the tokens the model reported, the latency histogram,
// the turn queue's jobs, the shards ready, prom-client's process metrics; and nothing in a label that
// names a channel, a person, a server, a token or what anyone said.
import { afterEach, expect, it } from 'vitest';
import type { RecordedRequest as ModelRequest } from '../../../src/model/simulator/request-log.js';
import { exchange, isChat, sceneChannel } from '../../support/discord-scenes.js';
import { scrape, value, type Sample } from '../../support/prometheus-text.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
};

/** What the model reported over these requests. */
function tokensOf(requests: readonly ModelRequest[]) {
  const usages = requests.map((r) => (r.response!.body as { usage: Usage }).usage);
  const sum = (pick: (u: Usage) => number) => usages.reduce((total, u) => total + pick(u), 0);
  return {
    prompt: sum((u) => u.prompt_tokens),
    cached: sum((u) => u.prompt_tokens_details.cached_tokens),
    completion: sum((u) => u.completion_tokens),
  };
}

/** Scrapes until troupe_turns_total{outcome} reaches `count` (it is counted just after the post). */
async function scrapeAfterTurns(url: string, outcome: string, count: number): Promise<Sample[]> {
  return waitFor(`troupe_turns_total{outcome="${outcome}"} ${count}`, async () => {
    const { samples } = await scrape(url);
    return value(samples, 'troupe_turns_total', { outcome }) === count && samples;
  });
}

const MODEL = 'qwen-plus-character';

it('GIVEN a persona answered on Discord THEN /metrics counts the posted turn, the model request with its status, duration and tokens, the queue and the shard, and /healthz still answers 200', async () => {
  world = await startTroupeOnDiscord();
  const url = world.apps[0]!.httpUrl!;
  const { samples: before, type } = await scrape(url);
  expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(value(before, 'troupe_turns_total', { outcome: 'posted' })).toBe(0);
  expect(value(before, 'troupe_model_tokens_total', { kind: 'prompt' })).toBe(0);

  const channelId = await sceneChannel(world, 'metrics', ['ling-lu']);
  const text = 'Ling Lu, what are you tuning tonight?';
  await exchange(world, channelId, text);
  await settle(world);
  const samples = await scrapeAfterTurns(url, 'posted', 1);

  const chats = world.simulator.requests.filter(isChat);
  expect(chats).toHaveLength(1);
  expect(value(samples, 'troupe_turns_total', { outcome: 'silent' })).toBe(0);
  expect(value(samples, 'troupe_turns_total', { outcome: 'failed' })).toBe(0);
  expect(value(samples, 'troupe_model_requests_total', { model: MODEL, status: 'ok' })).toBe(1);
  expect(value(samples, 'troupe_model_request_duration_seconds_count', { model: MODEL })).toBe(1);
  expect(value(samples, 'troupe_model_request_duration_seconds_bucket', { model: MODEL, le: '+Inf' })).toBe(
    1,
  );
  expect(value(samples, 'troupe_model_request_duration_seconds_sum', { model: MODEL })).toBeGreaterThan(0);
  const tokens = tokensOf(chats);
  expect(tokens.prompt).toBeGreaterThan(0);
  expect(tokens.completion).toBeGreaterThan(0);
  expect(value(samples, 'troupe_model_tokens_total', { kind: 'prompt' })).toBe(tokens.prompt);
  expect(value(samples, 'troupe_model_tokens_total', { kind: 'cached' })).toBe(tokens.cached);
  expect(value(samples, 'troupe_model_tokens_total', { kind: 'completion' })).toBe(tokens.completion);
  // The turn's job is done and kept a while; nothing waits.
  expect(value(samples, 'troupe_turn_queue_jobs', { state: 'completed' })).toBeGreaterThanOrEqual(1);
  expect(value(samples, 'troupe_turn_queue_jobs', { state: 'waiting' })).toBe(0);
  expect(value(samples, 'troupe_turn_queue_jobs', { state: 'active' })).toBe(0);
  expect(value(samples, 'troupe_discord_shards_ready')).toBe(1);
  expect(value(samples, 'troupe_discord_shards')).toBe(1);
  // prom-client's default process metrics.
  expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

  // Bounded labels: no ids, no message text, no secrets.
  const { text: exposition } = await scrape(url);
  for (const secretOrId of [
    channelId,
    world.guild.id,
    world.mia.id,
    world.bot.userId,
    world.bot.token,
    'e2e-key',
  ])
    expect(exposition).not.toContain(secretOrId);
  expect(exposition).not.toContain('tuning tonight');

  const health = await fetch(`${url}/healthz`);
  expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
});

it('GIVEN the API throttles once, and a persona file names its own model THEN each request is counted under its model and status', async () => {
  world = await startTroupeOnDiscord({
    personaAppend: { 'tao-le.yaml': 'model: made-up-model-7b' },
  });
  const url = world.apps[0]!.httpUrl!;
  const throttled = await sceneChannel(world, 'throttled', ['ling-lu']);
  world.simulator.injectFault({ kind: '429', retryAfterMs: 200 }, { match: isChat });
  await exchange(world, throttled, 'Ling Lu, are you busy?');
  const odd = await sceneChannel(world, 'odd-model', ['tao-le']);
  await exchange(world, odd, 'Tao Le, which model are you?');
  await settle(world);
  const samples = await scrapeAfterTurns(url, 'posted', 2);

  expect(value(samples, 'troupe_model_requests_total', { model: MODEL, status: 'rate_limited' })).toBe(1);
  expect(value(samples, 'troupe_model_requests_total', { model: MODEL, status: 'ok' })).toBe(1);
  // A model named in a persona file is configured: reported by name (a server's own persona's is `other`).
  expect(value(samples, 'troupe_model_requests_total', { model: 'made-up-model-7b', status: 'ok' })).toBe(1);
  expect(value(samples, 'troupe_model_request_duration_seconds_count', { model: MODEL })).toBe(2);
});
