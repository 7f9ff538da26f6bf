// The `TurnScheduler` port on BullMQ: turns and silence timers are delayed jobs in one queue, so they
// survive restarts and any worker process can run them.
import { randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions, type JobsOptions, type JobType } from 'bullmq';
import type { RedisClient } from '../store/redis-connection.js';
import type { TurnCause, TurnScheduler } from '../core/ports.js';
import type { Keys } from '../store/keys.js';
import { forcedJobId, silenceJobId, turnJobId } from './job-ids.js';
import { readyBeforeClose } from './ready-before-close.js';

export const TURN_QUEUE = 'turns';

/** What a job carries. */
export interface TurnJobData {
  channelId: string;
  /** Why the turn is due (the field keeps its old name: jobs already queued carry it). */
  request: TurnCause;
  /** How many times the turn already waited for people typing. */
  typingHolds?: number;
}

export interface TurnQueueOptions {
  /** Model attempts per turn (1 + retries). @defaultValue 4 */
  attempts?: number;
  /** Errors the queue reports (its Redis connection's among them). @defaultValue BullMQ prints them to stderr */
  onError?: (err: Error) => void;
}

export class TurnQueue implements TurnScheduler {
  readonly queue: Queue<TurnJobData>;
  private readonly jobOptions: JobsOptions;

  constructor(
    connection: ConnectionOptions,
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    options: TurnQueueOptions = {},
  ) {
    this.queue = new Queue<TurnJobData>(TURN_QUEUE, { connection, prefix: keys.bullPrefix });
    // Without a listener, BullMQ prints every connection error of the queue to stderr.
    if (options.onError) this.queue.on('error', options.onError);
    this.jobOptions = {
      attempts: options.attempts ?? 4,
      backoff: { type: 'model' },
      removeOnComplete: { age: 3_600, count: 1_000 },
      removeOnFail: { age: 86_400, count: 5_000 },
    };
  }

  async scheduleTurn(channelId: string, cause: TurnCause, delayMs: number): Promise<void> {
    const jobId =
      cause.kind === 'forced' ? forcedJobId(channelId, cause.nonce) : turnJobId(channelId, cause.seq);
    await this.queue.add(
      'turn',
      { channelId, request: cause },
      { ...this.jobOptions, jobId, delay: delayMs },
    );
  }

  async armSilence(channelId: string, seq: number, delayMs: number): Promise<void> {
    const jobId = silenceJobId(channelId, seq, randomUUID().slice(0, 8));
    await this.queue.add(
      'silence',
      { channelId, request: { kind: 'silence', seq } },
      { ...this.jobOptions, jobId, delay: delayMs },
    );
    const previous = await this.redis.hget(this.keys.turn(channelId), 'silenceJob');
    await this.redis.hset(this.keys.turn(channelId), 'silenceJob', jobId);
    // The old timer would find the channel not quiet and do nothing; removing it just saves the work.
    if (previous && previous !== jobId) await this.removeQuietly(previous);
  }

  async cancelSilence(channelId: string): Promise<void> {
    const previous = await this.redis.hget(this.keys.turn(channelId), 'silenceJob');
    await this.redis.hdel(this.keys.turn(channelId), 'silenceJob');
    if (previous) await this.removeQuietly(previous);
  }

  private async removeQuietly(jobId: string): Promise<void> {
    // A job that is running (locked) cannot be removed; it checks for itself whether it still applies.
    await this.queue.remove(jobId).catch(() => 0);
  }

  /** How many jobs are in each of these states (for metrics). */
  async jobCounts<S extends JobType>(states: readonly S[]): Promise<Partial<Record<S, number>>> {
    return (await this.queue.getJobCounts(...states)) as Partial<Record<S, number>>;
  }

  async close(): Promise<void> {
    await readyBeforeClose(this.queue);
    await this.queue.close();
  }
}
