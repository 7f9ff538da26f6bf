// Spending caps on a real Redis: a server's own cap, and its spend per UTC day, written in the usage
// record's transaction, read back in one round trip, kept apart per currency and per server (or per
// channel outside a server), and gone on its own after its day.
import { describe, expect, it } from 'vitest';
import { DAY_MS, utcDay } from '../../../src/core/budget.js';
import { RedisBudgetStore, SPEND_KEPT_AFTER_DAY_MS } from '../../../src/store/redis-budget-store.js';
import { RedisUsageStore } from '../../../src/store/redis-usage-store.js';
import { redisPerTest } from '../../support/redis.js';

const db = redisPerTest('budget');
// Real days: a day's spend expires in Redis's own time, so a day long past would be gone at once.
const TODAY = utcDay(Date.now());
const TOMORROW = utcDay(Date.now() + DAY_MS);
const usage = { promptTokens: 1_000, completionTokens: 80, cachedTokens: 600 };
const g1 = { kind: 'guild' as const, guildId: 'g1' };

describe('RedisBudgetStore', () => {
  it('GIVEN nothing set or spent THEN no cap and nothing spent', async () => {
    const budget = new RedisBudgetStore(db.redis, db.keys);
    expect(await budget.day(g1, TODAY)).toEqual({ spent: {}, unpricedRequests: 0 });
  });

  it("GIVEN requests recorded with their cost THEN the day's spend adds up exactly per currency, beside the usage", async () => {
    const usageStore = new RedisUsageStore(db.redis, db.keys);
    const budget = new RedisBudgetStore(db.redis, db.keys);
    const scope = { guildId: 'g1', channelId: 'c1', personaId: 'ling-lu' };
    // A thousand requests of a third of a millionth of a dollar: float sums would drift, nano-units do not.
    for (let i = 0; i < 1_000; i++) {
      await usageStore.record(scope, usage, {
        day: TODAY,
        cost: { currency: 'USD', amount: 0.000_000_333 },
      });
    }
    await usageStore.record({ ...scope, channelId: 'c2' }, usage, {
      day: TODAY,
      cost: { currency: 'CNY', amount: 0.25 },
    });
    await usageStore.record(scope, { ...usage, model: 'llama-3' }, { day: TODAY });
    await usageStore.record(scope, usage, { day: TOMORROW, cost: { currency: 'USD', amount: 1 } });
    await usageStore.record({ guildId: 'g2', channelId: 'c9', personaId: 'x' }, usage, {
      day: TODAY,
      cost: { currency: 'USD', amount: 7 },
    });

    expect(await budget.day(g1, TODAY)).toEqual({
      spent: { USD: 0.000_333, CNY: 0.25 },
      unpricedRequests: 1,
    });
    expect(await budget.day(g1, TOMORROW)).toEqual({ spent: { USD: 1 }, unpricedRequests: 0 });
    expect((await budget.day({ kind: 'guild', guildId: 'g2' }, TODAY)).spent).toEqual({ USD: 7 });
    // The usage itself is recorded as before.
    expect((await usageStore.totals({ guildId: 'g1' })).requests).toBe(1_003);
  });

  it('GIVEN usage outside any server THEN the channel owns the spend', async () => {
    const usageStore = new RedisUsageStore(db.redis, db.keys);
    const budget = new RedisBudgetStore(db.redis, db.keys);
    await usageStore.record({ channelId: 'playground', personaId: 'ling-lu' }, usage, {
      day: TODAY,
      cost: { currency: 'USD', amount: 0.5 },
    });
    expect((await budget.day({ kind: 'channel', channelId: 'playground' }, TODAY)).spent).toEqual({
      USD: 0.5,
    });
    expect((await budget.day({ kind: 'guild', guildId: 'playground' }, TODAY)).spent).toEqual({});
  });

  it("GIVEN a day's spend THEN it expires a day after the day ends", async () => {
    const usageStore = new RedisUsageStore(db.redis, db.keys);
    await usageStore.record({ guildId: 'g1', channelId: 'c1', personaId: 'p' }, usage, {
      day: TODAY,
      cost: { currency: 'USD', amount: 0.5 },
    });
    const expiresAt = await db.redis.pexpiretime(db.keys.spend(g1, TODAY));
    expect(expiresAt).toBe(Date.parse(`${TODAY}T00:00:00Z`) + DAY_MS + SPEND_KEPT_AFTER_DAY_MS);
  });

  it('GIVEN a cap set, changed and removed THEN the day reads it back, from any connection', async () => {
    const budget = new RedisBudgetStore(db.redis, db.keys);
    const other = new RedisBudgetStore(db.other, db.keys);
    await budget.setCap(g1, 5);
    expect((await other.day(g1, TODAY)).ownCap).toBe(5);
    await budget.setCap(g1, 0.0001);
    expect((await other.day(g1, TODAY)).ownCap).toBe(0.0001);
    await budget.setCap(g1, undefined);
    expect(await other.day(g1, TODAY)).toEqual({ spent: {}, unpricedRequests: 0 });
  });
});
