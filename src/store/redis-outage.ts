// A Redis outage as one story in the log: one line when it starts (the first connection error of any
// connection: ours, or BullMQ's that the worker and queue pass on), one when it ends (every watched
// connection ready again), with how long it lasted. In between, the reconnect attempts of every
// connection (a dozen lines a second with BullMQ's) are debug-level only: ioredis and BullMQ reconnect
// and retry on their own, so the operator needs to know that Redis is down and for how long, not each
// attempt.
import type { RedisClient } from './redis-connection.js';
import type { CoreLogger } from '../core/ports.js';

/** How often, during an outage, the watched connections are looked at to see whether it is over, ms. */
export const OUTAGE_CHECK_MS = 500;
/**
 * After an outage ends, connection errors this soon after are its stragglers (a BullMQ connection that
 * had not reconnected yet), not a new outage, ms. A real new outage keeps erroring and is logged after.
 */
export const OUTAGE_SETTLE_MS = 3_000;

/** Errors that mean "Redis cannot be reached", as Node, ioredis and BullMQ word them. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const CONNECTION_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|Stream isn't writeable|connect ETIMEDOUT/;

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== undefined && CONNECTION_CODES.has(code)) return true;
  // AggregateError (IPv4 and IPv6 both refused) carries the reasons inside.
  if (err instanceof AggregateError && err.errors.some(isConnectionError)) return true;
  return CONNECTION_TEXT.test(err.message);
}

export interface RedisOutageOptions {
  /** @defaultValue Date.now */
  now?: () => number;
  /** @defaultValue OUTAGE_CHECK_MS */
  checkEveryMs?: number;
}

export class RedisOutage {
  private readonly connections = new Set<RedisClient>();
  private downSince: number | undefined;
  private settledAt = Number.NEGATIVE_INFINITY;
  private checking: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly log: CoreLogger,
    private readonly options: RedisOutageOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Whether Redis is known to be unreachable right now. */
  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** Watches a connection: its connection errors start an outage, its being ready helps end one. */
  watch<C extends RedisClient>(connection: C): C {
    this.connections.add(connection);
    connection.on('error', (err: unknown) => {
      if (!this.absorbs(err)) this.log.error({ err }, 'Redis error');
    });
    connection.on('ready', () => this.checkBack());
    connection.once('end', () => this.connections.delete(connection));
    return connection;
  }

  /**
   * Takes an error from anything that talks to Redis (a watched connection, BullMQ's worker or queue).
   * True when it is a connection error, which the outage accounts for (the caller logs nothing); false
   * for anything else, which the caller logs as usual.
   */
  absorbs(err: unknown): boolean {
    if (!isConnectionError(err)) return false;
    if (this.downSince !== undefined || this.now() - this.settledAt < OUTAGE_SETTLE_MS) {
      this.log.debug({ err }, 'Redis still unreachable');
      return true;
    }
    this.downSince = this.now();
    this.log.error({ err }, 'Redis is unreachable; reconnecting, and turns wait until it is back');
    this.checking = setInterval(() => this.checkBack(), this.options.checkEveryMs ?? OUTAGE_CHECK_MS);
    this.checking.unref();
    return true;
  }

  /** No more checks (the process is stopping). */
  close(): void {
    clearInterval(this.checking);
    this.checking = undefined;
  }

  private checkBack(): void {
    if (this.downSince === undefined) return;
    for (const connection of this.connections) if (connection.status !== 'ready') return;
    const downMs = this.now() - this.downSince;
    this.downSince = undefined;
    this.settledAt = this.now();
    this.close();
    this.log.warn({ downMs }, `Redis is back after ${(downMs / 1000).toFixed(1)} s`);
  }
}
