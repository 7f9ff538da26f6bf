// Programmable failures for the simulator: a test queues a fault, the next matching requests get it.
// Faults are consumed in the order they were injected; each has a count (`times`) and an optional
// predicate, so "the second persona's request is rate-limited once" is one line in a test.
import type { AccountError, RetryAfter } from './error-bodies.js';
import type { RecordedRequest } from './request-log.js';

export type Fault =
  /** 429 throttling, with the Retry-After style of your choice. */
  | ({ kind: '429' } & RetryAfter)
  /** A 5xx (500 unless `status` says otherwise). */
  | { kind: '500'; status?: number }
  /** Never answers: the request hangs until the client gives up or the simulator closes. */
  | { kind: 'timeout' }
  /** 400 data_inspection_failed (DashScope's content moderation). */
  | { kind: 'moderation' }
  /** 401 invalid_api_key. */
  | { kind: 'invalid-key' }
  /** A quota, billing or access refusal of Model Studio (see ACCOUNT_ERRORS). */
  | { kind: 'account'; error: AccountError }
  /** Destroys the socket without an answer (a connection reset). */
  | { kind: 'disconnect' };

export interface FaultOptions {
  /** How many matching requests get the fault. @defaultValue 1 (Infinity: until cleared) */
  times?: number;
  /** Only requests for which this returns true get the fault. */
  match?: (request: RecordedRequest) => boolean;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
  match: ((request: RecordedRequest) => boolean) | undefined;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault, options: FaultOptions = {}): void {
    const times = options.times ?? 1;
    if (!(times > 0)) throw new RangeError('times must be positive');
    this.queue.push({ fault, remaining: times, match: options.match });
  }

  /** The fault this request gets, if any; consumes one of its uses. */
  take(request: RecordedRequest): Fault | undefined {
    const queued = this.queue.find((entry) => entry.match === undefined || entry.match(request));
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue = this.queue.filter((entry) => entry !== queued);
    return queued.fault;
  }

  /** Faults still waiting to be used. */
  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}
