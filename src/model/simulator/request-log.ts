// What the simulator received, for tests to assert on: every request (the Authorization value
// redacted), in arrival order, with the answer once it was sent; and a way to wait for the next one.

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased names; `authorization` is kept as `[redacted]` so a test can see it was sent. */
  headers: Record<string, string>;
  /** The parsed JSON body; undefined without a body, the raw text when it was not JSON. */
  body: unknown;
  /** Epoch ms from the simulator's clock, on arrival. */
  at: number;
  /** Filled in when the answer is sent; absent while pending (or forever, for a `timeout` fault). */
  response?: { status: number; body: unknown };
}

interface Waiter {
  predicate: (request: RecordedRequest) => boolean;
  resolve: (request: RecordedRequest) => void;
}

export const REDACTED = '[redacted]';

export function recordHeaders(raw: NodeJS.Dict<string | string[]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? REDACTED : String(value);
  }
  return headers;
}

export class RequestLog {
  private readonly entries: RecordedRequest[] = [];
  private waiters: Waiter[] = [];

  get all(): readonly RecordedRequest[] {
    return this.entries;
  }

  add(request: RecordedRequest): void {
    this.entries.push(request);
    const due = this.waiters.filter((waiter) => waiter.predicate(request));
    this.waiters = this.waiters.filter((waiter) => !due.includes(waiter));
    for (const waiter of due) waiter.resolve(request);
  }

  last(): RecordedRequest | undefined {
    return this.entries.at(-1);
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** The next request (arriving after this call) that matches; rejects after `timeoutMs`. */
  next(
    predicate: (request: RecordedRequest) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (request) => {
          clearTimeout(timer);
          resolve(request);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`No matching request reached the simulator within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
