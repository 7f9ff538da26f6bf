// The Redis settings store on a real Redis: defaults, merged patches, cast edits, and concurrent
// writers on separate connections that must not drop each other's changes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, withDefaults } from '../../../src/core/channel-settings.js';
import { RedisSettingsStore } from '../../../src/store/redis-settings-store.js';
import { redisPerTest } from '../../support/redis.js';

const CHANNEL = '1000';

const db = redisPerTest('settings');

describe('RedisSettingsStore', () => {
  it('GIVEN a channel nobody configured THEN it has the defaults and nothing is written', async () => {
    const store = new RedisSettingsStore(db.redis, db.keys);
    expect(await store.get(CHANNEL)).toStrictEqual(withDefaults(undefined));
    expect(await store.update(CHANNEL, {})).toStrictEqual(withDefaults(undefined));
    expect(await db.redis.exists(db.keys.settings(CHANNEL))).toBe(0);
  });

  it('GIVEN patches THEN they merge, silence field by field, and update returns what get returns', async () => {
    const store = new RedisSettingsStore(db.redis, db.keys);
    await store.update(CHANNEL, { strategy: 'round-robin', maxBotTurns: 5 });
    const updated = await store.update(CHANNEL, {
      silence: { afterMs: 30_000 } as typeof DEFAULT_SETTINGS.silence,
    });
    expect(updated).toStrictEqual({
      ...withDefaults(undefined),
      strategy: 'round-robin',
      maxBotTurns: 5,
      silence: { ...DEFAULT_SETTINGS.silence, afterMs: 30_000 },
    });
    expect(await store.get(CHANNEL)).toStrictEqual(updated);
  });

  it('GIVEN only some fields set THEN only those are stored, so later defaults still reach the rest', async () => {
    const store = new RedisSettingsStore(db.redis, db.keys);
    await store.update(CHANNEL, { paused: true });
    expect(JSON.parse((await db.redis.get(db.keys.settings(CHANNEL))) ?? 'null')).toEqual({ paused: true });
  });

  it('GIVEN a scene THEN it can be set and cleared with undefined', async () => {
    const store = new RedisSettingsStore(db.redis, db.keys);
    expect((await store.update(CHANNEL, { scene: 'A rainy harbour.' })).scene).toBe('A rainy harbour.');
    const cleared = await store.update(CHANNEL, { scene: undefined });
    expect('scene' in cleared).toBe(false);
    expect(await store.get(CHANNEL)).toStrictEqual(cleared);
  });

  it('GIVEN cast edits THEN no duplicates, order of joining kept, and removal also unmutes', async () => {
    const store = new RedisSettingsStore(db.redis, db.keys);
    await store.addToCast(CHANNEL, 'mira');
    await store.addToCast(CHANNEL, 'otto');
    expect((await store.addToCast(CHANNEL, 'mira')).cast).toEqual(['mira', 'otto']);
    await store.update(CHANNEL, { muted: ['mira'] });

    const removed = await store.removeFromCast(CHANNEL, 'mira');
    expect(removed.cast).toEqual(['otto']);
    expect(removed.muted).toEqual([]);
    expect(await store.get(CHANNEL)).toStrictEqual(removed);
    expect((await store.removeFromCast(CHANNEL, 'nobody')).cast).toEqual(['otto']);
  });

  it('GIVEN two connections adding different personas at once THEN every one is in the cast', async () => {
    const one = new RedisSettingsStore(db.redis, db.keys);
    const two = new RedisSettingsStore(db.other, db.keys);
    const personas = Array.from({ length: 12 }, (_, i) => `p${i}`);
    await Promise.all(personas.map((id, i) => (i % 2 === 0 ? one : two).addToCast(CHANNEL, id)));
    const { cast } = await one.get(CHANNEL);
    expect([...cast].sort()).toEqual([...personas].sort());
  });

  it('GIVEN two connections patching different fields at once THEN both patches land', async () => {
    const one = new RedisSettingsStore(db.redis, db.keys);
    const two = new RedisSettingsStore(db.other, db.keys);
    await Promise.all([
      one.update(CHANNEL, { strategy: 'random' }),
      two.update(CHANNEL, { paused: true }),
      one.update(CHANNEL, { allowBots: true }),
      two.update(CHANNEL, { minPersonaGapMs: 500 }),
    ]);
    expect(await one.get(CHANNEL)).toMatchObject({
      strategy: 'random',
      paused: true,
      allowBots: true,
      minPersonaGapMs: 500,
    });
  });

  it('GIVEN a key holding something else THEN get says which key is wrong', async () => {
    const store = new RedisSettingsStore(db.redis, db.keys);
    await db.redis.set(db.keys.settings(CHANNEL), '[1,2]');
    await expect(store.get(CHANNEL)).rejects.toThrow(db.keys.settings(CHANNEL));
  });
});
