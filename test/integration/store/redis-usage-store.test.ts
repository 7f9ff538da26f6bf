// The Redis usage store on a real Redis: counters per (guild, channel, persona) and totals over any of
// those filters.
import { describe, expect, it } from 'vitest';
import { RedisUsageStore } from '../../../src/store/redis-usage-store.js';
import { redisPerTest } from '../../support/redis.js';

const db = redisPerTest('usage');

const usage = (promptTokens: number, completionTokens: number, cachedTokens = 0) => ({
  promptTokens,
  completionTokens,
  cachedTokens,
});

describe('RedisUsageStore', () => {
  it('GIVEN nothing recorded THEN totals are zero', async () => {
    const store = new RedisUsageStore(db.redis, db.keys);
    const zero = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, requests: 0 };
    expect(await store.totals()).toEqual(zero);
    expect(await store.totals({ guildId: 'g1' })).toEqual(zero);
  });

  it('GIVEN requests in several guilds, channels and personas THEN totals sum what matches', async () => {
    const store = new RedisUsageStore(db.redis, db.keys);
    await store.record({ guildId: 'g1', channelId: 'c1', personaId: 'mira' }, usage(100, 10, 80));
    await store.record({ guildId: 'g1', channelId: 'c1', personaId: 'mira' }, usage(200, 20, 150));
    await store.record({ guildId: 'g1', channelId: 'c1', personaId: 'otto' }, usage(50, 5));
    await store.record({ guildId: 'g1', channelId: 'c2', personaId: 'mira' }, usage(7, 1));
    await store.record({ guildId: 'g2', channelId: 'c9', personaId: 'mira' }, usage(1_000, 100));
    await store.record({ channelId: 'terminal', personaId: 'mira' }, usage(3, 3, 3));

    expect(await store.totals({ guildId: 'g1', channelId: 'c1', personaId: 'mira' })).toEqual({
      promptTokens: 300,
      completionTokens: 30,
      cachedTokens: 230,
      requests: 2,
    });
    expect(await store.totals({ guildId: 'g1' })).toEqual({
      promptTokens: 357,
      completionTokens: 36,
      cachedTokens: 230,
      requests: 4,
    });
    expect((await store.totals({ channelId: 'c1' })).requests).toBe(3);
    expect((await store.totals({ personaId: 'mira' })).promptTokens).toBe(1_310);
    expect((await store.totals({ guildId: 'g1', personaId: 'otto' })).promptTokens).toBe(50);
    expect((await store.totals()).requests).toBe(6);
    expect((await store.totals({ guildId: 'g3' })).requests).toBe(0);
  });

  it('GIVEN rows THEN each (guild, channel, persona) comes with its own counters', async () => {
    const store = new RedisUsageStore(db.redis, db.keys);
    await store.record({ guildId: 'g1', channelId: 'c1', personaId: 'mira' }, usage(10, 1));
    await store.record({ channelId: 'terminal', personaId: 'otto' }, usage(20, 2));
    const rows = await store.rows();
    expect(rows.sort((a, b) => a.personaId.localeCompare(b.personaId))).toStrictEqual([
      {
        guildId: 'g1',
        channelId: 'c1',
        personaId: 'mira',
        promptTokens: 10,
        completionTokens: 1,
        cachedTokens: 0,
        requests: 1,
        byModel: {},
      },
      {
        channelId: 'terminal',
        personaId: 'otto',
        promptTokens: 20,
        completionTokens: 2,
        cachedTokens: 0,
        requests: 1,
        byModel: {},
      },
    ]);
  });

  it('GIVEN usage recorded with models THEN each row splits its totals per model', async () => {
    const store = new RedisUsageStore(db.redis, db.keys);
    const scope = { guildId: 'g1', channelId: 'c1', personaId: 'mira' };
    await store.record(scope, { ...usage(100, 10, 40), model: 'qwen-plus-character' });
    await store.record(scope, { ...usage(50, 5, 0), model: 'qwen-flash-character' });
    await store.record(scope, { ...usage(20, 2, 10), model: 'qwen-plus-character' });
    await store.record(scope, { ...usage(7, 1, 0), model: 'vendor:odd/name' });
    const [row] = await store.rows();
    expect(row).toStrictEqual({
      ...scope,
      promptTokens: 177,
      completionTokens: 18,
      cachedTokens: 50,
      requests: 4,
      byModel: {
        'qwen-plus-character': { promptTokens: 120, completionTokens: 12, cachedTokens: 50, requests: 2 },
        'qwen-flash-character': { promptTokens: 50, completionTokens: 5, cachedTokens: 0, requests: 1 },
        'vendor:odd/name': { promptTokens: 7, completionTokens: 1, cachedTokens: 0, requests: 1 },
      },
    });
  });

  it('GIVEN figures a provider got wrong THEN they count as zero and the request still counts', async () => {
    const store = new RedisUsageStore(db.redis, db.keys);
    await store.record({ channelId: 'c1', personaId: 'mira' }, usage(Number.NaN, -5, 2.6));
    expect(await store.totals()).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 3,
      requests: 1,
    });
  });

  it('GIVEN concurrent records THEN none is lost', async () => {
    const store = new RedisUsageStore(db.redis, db.keys);
    const fromOther = new RedisUsageStore(db.other, db.keys);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? store : fromOther).record(
          { guildId: 'g1', channelId: 'c1', personaId: 'mira' },
          usage(1, 2),
        ),
      ),
    );
    expect(await store.totals({ guildId: 'g1' })).toEqual({
      promptTokens: 40,
      completionTokens: 80,
      cachedTokens: 0,
      requests: 40,
    });
  });
});
