// Event handlers still running (a message being stored, a command being answered), so a stopping
// process lets them finish before the turn worker, the clients and Redis close under them: a line
// half-stored at shutdown is a lost line, and its error a misleading one.
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a stopping process waits for handlers still running, ms. */
export const IN_FLIGHT_WAIT_MS = 5_000;

export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Keeps `work` until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  /** Waits for what is running now to settle, at most `withinMs`. */
  async settle(withinMs = IN_FLIGHT_WAIT_MS): Promise<void> {
    if (this.running.size === 0) return;
    const gaveUp = new AbortController();
    await Promise.race([
      Promise.allSettled([...this.running]),
      sleep(withinMs, undefined, { signal: gaveUp.signal, ref: false }).catch(() => undefined),
    ]);
    gaveUp.abort();
  }
}
