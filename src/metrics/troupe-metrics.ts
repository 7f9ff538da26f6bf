// Troupe's Prometheus metrics (prom-client): what turns came to, what the model was asked (requests,
// latency, tokens), the turn queue's jobs by state, the Discord shards that are ready, and prom-client's
// default process metrics. One registry per app instance, never prom-client's global one, so several
// apps in one process (the tests) count apart. Every label is bounded by construction: a turn outcome, a
// model name from a known list (any other is `other`), a model error code, a token kind, a job state.
// Never a channel, server or user id, message text or secret.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BUDGET_SPENT_REASON } from '../core/turn/budget-gate.js';
import type { TurnOutcome } from '../core/turn/take-turn.js';
import { withTimeout } from '../with-timeout.js';

/**
 * What a turn came to; `deferred` (held for someone typing) runs again later and is counted each time;
 * `over_budget` is a silent turn its server's spent daily budget stopped before the model was asked.
 */
export type TurnOutcomeLabel = 'posted' | 'silent' | 'over_budget' | 'skipped' | 'deferred' | 'failed';

const TURN_OUTCOME_LABELS: readonly TurnOutcomeLabel[] = [
  'posted',
  'silent',
  'over_budget',
  'skipped',
  'deferred',
  'failed',
];

/** A finished turn's label: its kind, with the turns a spent budget kept silent told apart. */
export function turnOutcomeLabel(outcome: TurnOutcome): TurnOutcomeLabel {
  return outcome.kind === 'silent' && outcome.reason === BUDGET_SPENT_REASON ? 'over_budget' : outcome.kind;
}

/** A model request's status: `ok`, or the model error's code (`rate_limited`, `timeout`, …). */
export type ModelStatusLabel = string;

/** Model latency buckets, seconds: a fast reply is under a second, a slow one near MODEL_TIMEOUT_MS. */
export const MODEL_DURATION_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/** The model label of a name nobody configured (a persona imported with a made-up model). */
export const OTHER_MODEL = 'other';

/** BullMQ's job states, as `troupe_turn_queue_jobs{state}` reports them. */
export const QUEUE_STATES = [
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'paused',
  'waiting-children',
  'completed',
  'failed',
] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** A scrape does not wait longer than this for the queue's counts (Redis may be down), ms. */
export const QUEUE_COUNTS_TIMEOUT_MS = 2_000;

export interface ModelRequestRecord {
  model: string;
  status: ModelStatusLabel;
  durationSeconds: number;
  /** Present when the model answered. `promptTokens` includes the cached ones. */
  usage?: { promptTokens: number; cachedTokens: number; completionTokens: number };
}

export interface TroupeMetricsOptions {
  /** Model names reported as themselves (the price table's, MODEL, the persona files'); others are `other`. */
  knownModels: Iterable<string>;
}

export class TroupeMetrics {
  /** This app's registry: its metrics and nothing else. */
  readonly registry = new Registry();
  private readonly knownModels: ReadonlySet<string>;
  private readonly turns: Counter<'outcome'>;
  private readonly modelRequests: Counter<'model' | 'status'>;
  private readonly modelDuration: Histogram<'model'>;
  private readonly tokens: Counter<'kind'>;

  constructor(options: TroupeMetricsOptions) {
    this.knownModels = new Set(options.knownModels);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.turns = new Counter({
      name: 'troupe_turns_total',
      help: 'Turns run, by outcome (posted, silent, over_budget, skipped, deferred, failed).',
      labelNames: ['outcome'],
      registers,
    });
    this.modelRequests = new Counter({
      name: 'troupe_model_requests_total',
      help: 'Model requests, by model and status (ok, or the error code: rate_limited, timeout, moderation, …).',
      labelNames: ['model', 'status'],
      registers,
    });
    this.modelDuration = new Histogram({
      name: 'troupe_model_request_duration_seconds',
      help: 'How long model requests took, answered or failed.',
      labelNames: ['model'],
      buckets: MODEL_DURATION_BUCKETS_SECONDS,
      registers,
    });
    this.tokens = new Counter({
      name: 'troupe_model_tokens_total',
      help: 'Tokens the model reported: prompt (cached ones included), cached, completion.',
      labelNames: ['kind'],
      registers,
    });
    // Every outcome and token kind shows from the start (at 0), so rate() and alerts see them at once.
    for (const outcome of TURN_OUTCOME_LABELS) this.turns.inc({ outcome }, 0);
    for (const kind of ['prompt', 'cached', 'completion'] as const) this.tokens.inc({ kind }, 0);
  }

  turnFinished(outcome: TurnOutcomeLabel): void {
    this.turns.inc({ outcome });
  }

  modelRequest(record: ModelRequestRecord): void {
    const model = this.knownModels.has(record.model) ? record.model : OTHER_MODEL;
    this.modelRequests.inc({ model, status: record.status });
    this.modelDuration.observe({ model }, record.durationSeconds);
    if (!record.usage) return;
    this.tokens.inc({ kind: 'prompt' }, record.usage.promptTokens);
    this.tokens.inc({ kind: 'cached' }, record.usage.cachedTokens);
    this.tokens.inc({ kind: 'completion' }, record.usage.completionTokens);
  }

  /**
   * `troupe_turn_queue_jobs{state}`, read from the queue at each scrape. The queue is shared, so every
   * process reports the same figures. Counts that do not come in time (Redis down) are left out.
   */
  watchTurnQueue(counts: () => Promise<Partial<Record<QueueState, number>>>): void {
    new Gauge({
      name: 'troupe_turn_queue_jobs',
      help: 'Jobs in the turn queue (turns and silence timers) by state; the same figures from every process.',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const read = await withTimeout(counts(), QUEUE_COUNTS_TIMEOUT_MS, undefined).catch(() => undefined);
        if (!read) return;
        for (const state of QUEUE_STATES) this.set({ state }, read[state] ?? 0);
      },
    });
  }

  /** `troupe_discord_shards_ready` and `troupe_discord_shards`, for a process that holds gateway sessions. */
  watchShards(readiness: () => { ready: number; total: number }): void {
    new Gauge({
      name: 'troupe_discord_shards_ready',
      help: "This process's Discord gateway shards that are READY.",
      registers: [this.registry],
      collect() {
        this.set(readiness().ready);
      },
    });
    new Gauge({
      name: 'troupe_discord_shards',
      help: 'Discord gateway shards this process runs, ready or not.',
      registers: [this.registry],
      collect() {
        this.set(readiness().total);
      },
    });
  }
}
