// A Redis outage is one error line when it starts and one warning when every connection is ready
// again, with its length; the reconnect attempts in between, and their stragglers right after, are
// debug only; errors that are not about reaching Redis are the caller's to log.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { CoreLogger } from '../../../src/core/ports.js';
import { isConnectionError, OUTAGE_SETTLE_MS, RedisOutage } from '../../../src/store/redis-outage.js';

class FakeConnection extends EventEmitter {
  status = 'ready';
}

function setup() {
  let time = 1_000_000;
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (fields: object, msg?: string): void => {
      lines.push({ level, msg: msg ?? '', fields: fields as Record<string, unknown> });
    };
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as CoreLogger;
  log.child = () => log;
  const outage = new RedisOutage(log, { now: () => time, checkEveryMs: 60_000 });
  const a = new FakeConnection();
  const b = new FakeConnection();
  outage.watch(a as unknown as Redis);
  outage.watch(b as unknown as Redis);
  const loud = () => lines.filter((l) => l.level !== 'debug');
  return { outage, a, b, loud, advance: (ms: number) => void (time += ms) };
}

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

describe('RedisOutage', () => {
  it('GIVEN connections erroring for 8 s THEN one line at the start and one at the end with its length', () => {
    const { outage, a, b, loud, advance } = setup();
    a.status = b.status = 'reconnecting';
    for (let i = 0; i < 40; i++) {
      (i % 2 ? a : b).emit('error', refused());
      expect(outage.absorbs(new Error('Connection is closed.'))).toBe(true); // BullMQ's, passed on
      advance(200);
    }
    expect(outage.down).toBe(true);
    a.status = 'ready';
    a.emit('ready');
    expect(outage.down).toBe(true); // b is still reconnecting
    b.status = 'ready';
    b.emit('ready');
    expect(outage.down).toBe(false);
    expect(loud().map((l) => [l.level, l.msg])).toEqual([
      ['error', 'Redis is unreachable; reconnecting, and turns wait until it is back'],
      ['warn', 'Redis is back after 8.0 s'],
    ]);
    expect(loud()[1]!.fields).toEqual({ downMs: 8_000 });
  });

  it('GIVEN a straggler error right after the end THEN no new outage; a later one THEN a new one', () => {
    const { outage, a, loud, advance } = setup();
    a.emit('error', refused());
    a.emit('ready');
    advance(OUTAGE_SETTLE_MS - 1);
    expect(outage.absorbs(refused())).toBe(true);
    expect(loud()).toHaveLength(2);
    advance(1);
    a.emit('error', refused());
    expect(loud()).toHaveLength(3);
    expect(outage.down).toBe(true);
  });

  it('GIVEN an error that is not about reaching Redis THEN it is not absorbed (the caller logs it)', () => {
    const { outage, loud } = setup();
    expect(
      outage.absorbs(new Error('WRONGTYPE Operation against a key holding the wrong kind of value')),
    ).toBe(false);
    expect(outage.down).toBe(false);
    expect(loud()).toEqual([]);
  });

  it.each([
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), true],
    [new AggregateError([refused(), refused()], ''), true],
    [new Error('Connection is closed.'), true],
    [new Error('NOAUTH Authentication required.'), false],
  ])('isConnectionError(%s) is %s', (err, expected) => {
    expect(isConnectionError(err)).toBe(expected);
  });
});
