// The Redis session store on a real Redis: one session id per (channel, persona) that every process
// agrees on, rotation, and the memory cursor that rotation resets.
import { describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../../src/store/redis-session-store.js';
import { redisPerTest } from '../../support/redis.js';

const CHANNEL = '1000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const db = redisPerTest('sessions');

describe('RedisSessionStore', () => {
  it('GIVEN a first use THEN a UUID is created and every store instance reads the same one', async () => {
    const one = new RedisSessionStore(db.redis, db.keys);
    const two = new RedisSessionStore(db.other, db.keys);
    const id = await one.get(CHANNEL, 'mira');
    expect(id).toMatch(UUID);
    expect(await one.get(CHANNEL, 'mira')).toBe(id);
    expect(await two.get(CHANNEL, 'mira')).toBe(id);
    expect(await one.get(CHANNEL, 'otto')).not.toBe(id);
    expect(await one.get('2000', 'mira')).not.toBe(id);
  });

  it('GIVEN 20 concurrent first uses from two connections THEN exactly one id wins', async () => {
    const one = new RedisSessionStore(db.redis, db.keys);
    const two = new RedisSessionStore(db.other, db.keys);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one : two).get(CHANNEL, 'mira')),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('GIVEN a rotate THEN that persona gets a new id and the others keep theirs', async () => {
    const store = new RedisSessionStore(db.redis, db.keys);
    const mira = await store.get(CHANNEL, 'mira');
    const otto = await store.get(CHANNEL, 'otto');
    const rotated = await store.rotate(CHANNEL, 'mira');
    expect(rotated).toMatch(UUID);
    expect(rotated).not.toBe(mira);
    expect(await store.get(CHANNEL, 'mira')).toBe(rotated);
    expect(await store.get(CHANNEL, 'otto')).toBe(otto);
  });

  it('GIVEN a rotateAll THEN every persona of that channel only gets a new id', async () => {
    const store = new RedisSessionStore(db.redis, db.keys);
    const before = [await store.get(CHANNEL, 'mira'), await store.get(CHANNEL, 'otto')];
    const elsewhere = await store.get('2000', 'mira');
    await store.rotateAll(CHANNEL);
    const after = [await store.get(CHANNEL, 'mira'), await store.get(CHANNEL, 'otto')];
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(await store.get('2000', 'mira')).toBe(elsewhere);
  });

  it('GIVEN an injected id maker THEN it is used', async () => {
    let n = 0;
    const store = new RedisSessionStore(db.redis, db.keys, { newSessionId: () => `s-${++n}` });
    expect(await store.get(CHANNEL, 'mira')).toBe('s-1');
    const rotated = await store.rotate(CHANNEL, 'mira');
    expect(rotated).toMatch(/^s-\d+$/);
    expect(rotated).not.toBe('s-1');
  });

  describe('memory cursor', () => {
    it('GIVEN no cursor THEN it is 0, and it only ever moves forward', async () => {
      const store = new RedisSessionStore(db.redis, db.keys);
      expect(await store.getCursor(CHANNEL, 'mira')).toBe(0);
      expect(await store.setCursor(CHANNEL, 'mira', 5)).toBe(true);
      expect(await store.setCursor(CHANNEL, 'mira', 3)).toBe(false);
      expect(await store.setCursor(CHANNEL, 'mira', 5)).toBe(false);
      expect(await store.getCursor(CHANNEL, 'mira')).toBe(5);
      expect(await store.getCursor(CHANNEL, 'otto')).toBe(0);
      await expect(store.setCursor(CHANNEL, 'mira', -1)).rejects.toThrow(RangeError);
    });

    it('GIVEN a rotate THEN that persona’s cursor resets; rotateAll resets them all', async () => {
      const store = new RedisSessionStore(db.redis, db.keys);
      await store.setCursor(CHANNEL, 'mira', 7);
      await store.setCursor(CHANNEL, 'otto', 9);
      await store.rotate(CHANNEL, 'mira');
      expect(await store.getCursor(CHANNEL, 'mira')).toBe(0);
      expect(await store.getCursor(CHANNEL, 'otto')).toBe(9);
      await store.rotateAll(CHANNEL);
      expect(await store.getCursor(CHANNEL, 'otto')).toBe(0);
    });

    it('GIVEN a session id that was rotated away THEN the cursor does not move', async () => {
      const store = new RedisSessionStore(db.redis, db.keys);
      const old = await store.get(CHANNEL, 'mira');
      expect(await store.setCursor(CHANNEL, 'mira', 4, { sessionId: old })).toBe(true);
      const current = await store.rotate(CHANNEL, 'mira');
      expect(await store.setCursor(CHANNEL, 'mira', 10, { sessionId: old })).toBe(false);
      expect(await store.getCursor(CHANNEL, 'mira')).toBe(0);
      expect(await store.setCursor(CHANNEL, 'mira', 10, { sessionId: current })).toBe(true);
      expect(await store.getCursor(CHANNEL, 'mira')).toBe(10);
    });
  });
});
