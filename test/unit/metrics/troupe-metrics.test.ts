// The metrics' labels stay bounded whatever the servers do, and two apps in one process count apart.
import { expect, it } from 'vitest';
import { ModelError } from '../../../src/core/errors.js';
import { MeteredChatModel } from '../../../src/metrics/metered-chat-model.js';
import { BUDGET_SPENT_REASON } from '../../../src/core/turn/budget-gate.js';
import { TroupeMetrics, turnOutcomeLabel } from '../../../src/metrics/troupe-metrics.js';
import { parseMetrics, value } from '../../support/prometheus-text.js';

const usage = { promptTokens: 120, cachedTokens: 100, completionTokens: 9 };
const answering = {
  complete: async () => ({ texts: ['Hi.'], usage, model: 'qwen-plus-character-2026-01-01' }),
};
const failing = (code: ConstructorParameters<typeof ModelError>[0]) => ({
  complete: async () => {
    throw new ModelError(code, 'no');
  },
});
const request = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Mia: hi' }] });

async function samples(metrics: TroupeMetrics) {
  return parseMetrics(await metrics.registry.metrics());
}

it('GIVEN requests for a configured model and for names a server made up THEN the made-up ones are counted as `other`, with status and tokens', async () => {
  const metrics = new TroupeMetrics({ knownModels: ['qwen-plus-character'] });
  await new MeteredChatModel(answering, metrics).complete(request('qwen-plus-character'));
  for (let i = 0; i < 50; i++)
    await new MeteredChatModel(answering, metrics).complete(request(`server-${i}-model`));
  await expect(new MeteredChatModel(failing('timeout'), metrics).complete(request('x'))).rejects.toThrow(
    'no',
  );
  const read = await samples(metrics);
  // The requested name, not the dated snapshot the server answered with.
  expect(value(read, 'troupe_model_requests_total', { model: 'qwen-plus-character', status: 'ok' })).toBe(1);
  expect(value(read, 'troupe_model_requests_total', { model: 'other', status: 'ok' })).toBe(50);
  expect(value(read, 'troupe_model_requests_total', { model: 'other', status: 'timeout' })).toBe(1);
  expect(read.filter((s) => s.name === 'troupe_model_requests_total')).toHaveLength(3);
  expect(value(read, 'troupe_model_tokens_total', { kind: 'prompt' })).toBe(51 * 120);
  expect(value(read, 'troupe_model_tokens_total', { kind: 'cached' })).toBe(51 * 100);
  expect(value(read, 'troupe_model_tokens_total', { kind: 'completion' })).toBe(51 * 9);
  expect(value(read, 'troupe_model_request_duration_seconds_count', { model: 'other' })).toBe(51);
});

it('GIVEN two apps in one process THEN each registry counts only its own turns', async () => {
  const a = new TroupeMetrics({ knownModels: [] });
  const b = new TroupeMetrics({ knownModels: [] });
  a.turnFinished('posted');
  a.turnFinished('failed');
  b.turnFinished('silent');
  expect(value(await samples(a), 'troupe_turns_total', { outcome: 'posted' })).toBe(1);
  expect(value(await samples(a), 'troupe_turns_total', { outcome: 'failed' })).toBe(1);
  expect(value(await samples(b), 'troupe_turns_total', { outcome: 'posted' })).toBe(0);
  expect(value(await samples(b), 'troupe_turns_total', { outcome: 'silent' })).toBe(1);
});

it('GIVEN turns a spent budget kept silent THEN they count as over_budget, apart from other silent turns', async () => {
  const metrics = new TroupeMetrics({ knownModels: [] });
  metrics.turnFinished(turnOutcomeLabel({ kind: 'silent', reason: BUDGET_SPENT_REASON }));
  metrics.turnFinished(turnOutcomeLabel({ kind: 'silent', reason: 'addressed to a person (Noah)' }));
  metrics.turnFinished(turnOutcomeLabel({ kind: 'skipped', reason: 'a newer line has its own turn' }));
  const read = await samples(metrics);
  expect(value(read, 'troupe_turns_total', { outcome: 'over_budget' })).toBe(1);
  expect(value(read, 'troupe_turns_total', { outcome: 'silent' })).toBe(1);
  expect(value(read, 'troupe_turns_total', { outcome: 'skipped' })).toBe(1);
});

it('GIVEN the queue does not answer in time THEN the scrape still answers, without queue figures', async () => {
  const metrics = new TroupeMetrics({ knownModels: [] });
  metrics.watchTurnQueue(() => new Promise(() => undefined));
  const started = Date.now();
  const read = await samples(metrics);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(read.some((s) => s.name === 'troupe_turn_queue_jobs')).toBe(false);
  expect(value(read, 'troupe_turns_total', { outcome: 'posted' })).toBe(0);
});
