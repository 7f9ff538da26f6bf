// Runs due turns: takes the channel's lock (one turn in flight per channel, across processes), runs
// the core's `takeTurn`, and maps failures to BullMQ: retryable model errors retry with backoff
// (honouring Retry-After), the rest fail at once. Failures are logged once, when final.
import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { readyBeforeClose } from './ready-before-close.js';
import type { RedisClient } from '../store/redis-connection.js';
import type { CoreDeps } from '../core/deps.js';
import type { HealthProbe } from '../http/health-routes.js';
import { isModelError, isStagePostError } from '../core/errors.js';
import type { CoreLogger } from '../core/ports.js';
import { abandonTurn, takeTurn, type TurnOutcome } from '../core/turn/take-turn.js';
import type { Keys } from '../store/keys.js';
import { turnBackoffMs } from './backoff.js';
import { ChannelLock } from '../store/channel-lock.js';
import type { RedisOutage } from '../store/redis-outage.js';
import { TURN_QUEUE, type TurnJobData } from './turn-queue.js';

/**
 * How long a dead worker's turn stays claimed. A kill -9 leaves the job's BullMQ lock and the channel
 * lock behind; both expire after this long (live workers renew BullMQ's every half and the channel's
 * every third of it). A worker whose event loop freezes longer than this loses its turn to another run;
 * the ledger's at-most-once claim keeps that run from posting twice.
 */
export const TURN_LOCK_MS = 4_000;
/**
 * How often BullMQ looks for the jobs of dead workers (its default is 30 s). A job is taken back at the
 * first check after its lock expired, and a check may find another worker's guard and skip, so a crashed
 * turn runs again within about lock + 2 × interval = 10 s (BullMQ's defaults: up to 90 s).
 */
export const STALLED_INTERVAL_MS = 3_000;
/**
 * How many times a turn may be taken back from a dead (or frozen) worker before it fails: two, so one
 * false stall under load and one real crash still end in a reply (BullMQ's default is 1).
 */
export const MAX_STALLED_COUNT = 2;

export interface TurnWorkerOptions {
  /** Turns of different channels run at once in this process. @defaultValue 8 */
  concurrency?: number;
  /** How soon a turn whose channel is busy tries again, ms. @defaultValue 300 */
  busyRetryMs?: number;
  /** Channel lock lifetime without renewal, ms. @defaultValue TURN_LOCK_MS (4_000) */
  lockTtlMs?: number;
  /** BullMQ's job lock; a killed worker's job is picked up again after about this long, ms. @defaultValue TURN_LOCK_MS (4_000) */
  jobLockMs?: number;
  /** How often BullMQ looks for stalled jobs of dead workers, ms. @defaultValue STALLED_INTERVAL_MS (3_000) */
  stalledIntervalMs?: number;
  /** Called after every turn (for adapters that show outcomes, and for tests). */
  onOutcome?: (outcome: TurnOutcome, data: TurnJobData) => void;
  /** Called once when a turn fails for good (its last attempt, or an error not worth retrying). */
  onFailed?: (data: TurnJobData) => void;
  /** Accounts for Redis connection errors during an outage, so each is not logged on its own. */
  outage?: Pick<RedisOutage, 'absorbs'>;
}

/**
 * BullMQ's worker, closed the way Troupe's shutdown needs: only once its connections have finished
 * starting (ready-before-close.ts), and only once the failed turns it is releasing are released, so
 * nothing it started touches Redis after the process quits its connections.
 */
export class TurnWorker extends Worker<TurnJobData> {
  private readonly releasing = new Set<Promise<unknown>>();

  /** Runs `work` (the release of a failed turn) and keeps it until close() has waited for it. */
  track(work: Promise<unknown>): void {
    this.releasing.add(work);
    void work.finally(() => this.releasing.delete(work)).catch(() => undefined);
  }

  override async close(force = false): Promise<void> {
    await readyBeforeClose(this);
    await super.close(force);
    await Promise.allSettled([...this.releasing]);
  }
}

export function startTurnWorker(
  deps: CoreDeps,
  connection: ConnectionOptions,
  redis: RedisClient,
  keys: Keys,
  options: TurnWorkerOptions = {},
): TurnWorker {
  const lock = new ChannelLock(redis, (channelId) => keys.turnLock(channelId), {
    ttlMs: options.lockTtlMs ?? TURN_LOCK_MS,
  });
  const log: CoreLogger = deps.log.child({ module: 'turn-worker' });
  const busyRetryMs = options.busyRetryMs ?? 300;

  const processor = async (job: Job<TurnJobData>, token?: string): Promise<string> => {
    const { channelId, request } = job.data;
    const held = await lock.acquire(channelId);
    if (!held) {
      await job.moveToDelayed(Date.now() + busyRetryMs, token);
      throw new DelayedError();
    }
    try {
      const typingHolds = job.data.typingHolds ?? 0;
      const outcome = await takeTurn({ ...deps, log: log.child({ jobId: job.id }) }, channelId, request, {
        turnId: job.id ?? `${job.name}-${job.timestamp}`,
        typingHolds,
      });
      options.onOutcome?.(outcome, job.data);
      if (outcome.kind === 'deferred') {
        await job.updateData({ ...job.data, typingHolds: typingHolds + 1 });
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      }
      return outcome.kind === 'posted' ? `posted ${outcome.personaId}` : `${outcome.kind}: ${outcome.reason}`;
    } catch (err) {
      if (isModelError(err) && !err.retryable) throw new UnrecoverableError(`${err.code}: ${err.message}`);
      throw err;
    } finally {
      await held.release();
    }
  };

  const worker = new TurnWorker(TURN_QUEUE, processor, {
    connection,
    prefix: keys.bullPrefix,
    concurrency: options.concurrency ?? 8,
    lockDuration: options.jobLockMs ?? TURN_LOCK_MS,
    stalledInterval: options.stalledIntervalMs ?? STALLED_INTERVAL_MS,
    maxStalledCount: MAX_STALLED_COUNT,
    settings: { backoffStrategy: (attemptsMade, _type, err) => turnBackoffMs(attemptsMade, err) },
  });

  worker.on('failed', (job, err) => {
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const code = isModelError(err) || isStagePostError(err) ? err.code : err.message.split(':')[0];
    const bindings = { err, code, jobId: job?.id, channelId: job?.data.channelId };
    // Throttling and the like are expected and retried; anything else is worth a look even when retried.
    const expected = isModelError(err) && err.retryable;
    if (final) {
      log.error(bindings, 'turn failed');
      if (job) options.onFailed?.(job.data);
      if (job)
        worker.track(
          abandonTurn(deps, job.data.channelId, job.data.request).catch((e: unknown) =>
            log.error({ err: e }, 'could not release the failed turn'),
          ),
        );
    } else if (expected)
      log.debug({ ...bindings, attemptsMade: job?.attemptsMade }, 'turn attempt failed; retrying');
    else log.warn({ ...bindings, attemptsMade: job?.attemptsMade }, 'turn attempt failed; retrying');
  });
  worker.on('error', (err) => {
    if (!options.outage?.absorbs(err)) log.error({ err }, 'turn worker error');
  });
  return worker;
}

/**
 * For /readyz in a process that runs turns: its worker is taking jobs (started, not closing). Takes a
 * getter because the server answers before the worker starts (it starts once Discord is reachable).
 */
export function turnWorkerHealthProbe(worker: () => Pick<Worker, 'isRunning'> | undefined): HealthProbe {
  return {
    name: 'turn worker',
    async check() {
      const running = worker();
      if (!running) return 'not started yet';
      return running.isRunning() ? undefined : 'not running';
    },
  };
}
