// Stopping waits for the event handlers still running (a message half-stored is a lost line), but not
// forever.
import { describe, expect, it } from 'vitest';
import { InFlight } from '../../../src/discord/in-flight.js';

describe('InFlight', () => {
  it('GIVEN a handler still running THEN settle waits for it to finish', async () => {
    const inFlight = new InFlight();
    let done = false;
    inFlight.track(new Promise((resolve) => setTimeout(resolve, 50)).then(() => void (done = true)));
    await inFlight.settle();
    expect(done).toBe(true);
  });

  it('GIVEN a handler that fails THEN settle still returns', async () => {
    const inFlight = new InFlight();
    void inFlight.track(Promise.reject(new Error('boom'))).catch(() => undefined);
    await expect(inFlight.settle()).resolves.toBeUndefined();
  });

  it('GIVEN a handler that never ends THEN settle gives up after its bound', async () => {
    const inFlight = new InFlight();
    inFlight.track(new Promise(() => undefined));
    const started = Date.now();
    await inFlight.settle(100);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
