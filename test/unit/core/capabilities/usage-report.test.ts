// The /usage report and the price table (pure): totals, cache hit ratio, cost per model at the guide's
// prices with cached tokens at the implicit-cache share, regions, and overrides.
import { describe, expect, it } from 'vitest';
import { buildUsageReport } from '../../../../src/core/capabilities/usage-report.js';
import {
  costOf,
  defaultPrices,
  IMPLICIT_CACHE_INPUT_SHARE,
  INTERNATIONAL_PRICES,
  MAINLAND_PRICES,
  priceFor,
} from '../../../../src/core/prices.js';
import type { UsageRow } from '../../../../src/core/usage.js';

const totals = (promptTokens: number, cachedTokens: number, completionTokens: number, requests = 1) => ({
  promptTokens,
  cachedTokens,
  completionTokens,
  requests,
});

describe('prices', () => {
  it('GIVEN the guide THEN international USD and mainland CNY per million tokens', () => {
    expect(INTERNATIONAL_PRICES['qwen-plus-character']).toEqual({
      inputPerMillion: 0.5,
      outputPerMillion: 1.4,
      currency: 'USD',
    });
    expect(INTERNATIONAL_PRICES['qwen-flash-character']).toEqual({
      inputPerMillion: 0.05,
      outputPerMillion: 0.4,
      currency: 'USD',
    });
    expect(INTERNATIONAL_PRICES['qwen-plus-character-ja']).toEqual({
      inputPerMillion: 0.5,
      outputPerMillion: 1.4,
      currency: 'USD',
    });
    expect(MAINLAND_PRICES['qwen-plus-character']).toEqual({
      inputPerMillion: 0.8,
      outputPerMillion: 2,
      currency: 'CNY',
    });
    expect(MAINLAND_PRICES['qwen-flash-character']).toEqual({
      inputPerMillion: 0.25,
      outputPerMillion: 1.5,
      currency: 'CNY',
    });
    expect(defaultPrices('https://dashscope.aliyuncs.com/compatible-mode/v1')).toBe(MAINLAND_PRICES);
    expect(defaultPrices('https://dashscope-intl.aliyuncs.com/compatible-mode/v1')).toBe(
      INTERNATIONAL_PRICES,
    );
    expect(defaultPrices('http://localhost:8000/v1')).toBe(INTERNATIONAL_PRICES);
  });

  it('GIVEN 1M prompt tokens of which 400k cached, and 100k completion THEN cached tokens cost 20% of the input price', () => {
    expect(IMPLICIT_CACHE_INPUT_SHARE).toBe(0.2);
    const cost = costOf(totals(1_000_000, 400_000, 100_000), INTERNATIONAL_PRICES['qwen-plus-character']!);
    expect(cost).toBeCloseTo(0.6 * 0.5 + 0.4 * 0.5 * 0.2 + 0.1 * 1.4, 12); // 0.48 USD
  });

  it('GIVEN a dated snapshot THEN it is priced as its family', () => {
    expect(priceFor(INTERNATIONAL_PRICES, 'qwen-flash-character-2026-02-26')).toBe(
      INTERNATIONAL_PRICES['qwen-flash-character'],
    );
    expect(priceFor(MAINLAND_PRICES, 'qwen-flash-character-2026-02-26')).toBe(
      MAINLAND_PRICES['qwen-flash-character-2026-02-26'],
    );
    expect(priceFor(INTERNATIONAL_PRICES, 'deepseek-chat')).toBeUndefined();
  });
});

describe('buildUsageReport', () => {
  const row = (personaId: string, byModel: UsageRow['byModel'], rest = totals(0, 0, 0, 0)): UsageRow => {
    const sum = { ...rest };
    for (const t of Object.values(byModel)) {
      sum.promptTokens += t.promptTokens;
      sum.cachedTokens += t.cachedTokens;
      sum.completionTokens += t.completionTokens;
      sum.requests += t.requests;
    }
    return { guildId: 'g1', channelId: 'c1', personaId, ...sum, byModel };
  };

  it('GIVEN rows over two models and one unpriced model THEN totals, hit ratio, cost per currency and what had no price', () => {
    const rows = [
      row('ling-lu', { 'qwen-plus-character': totals(10_000, 8_000, 500, 4) }),
      row('ma-hui', {
        'qwen-flash-character': totals(20_000, 5_000, 1_000, 5),
        'my-local-model': totals(3_000, 0, 100, 1),
      }),
    ];
    const report = buildUsageReport(rows, INTERNATIONAL_PRICES, 'qwen-plus-character');
    expect(report.totals).toEqual(totals(33_000, 13_000, 1_600, 10));
    expect(report.cacheHitRatio).toBeCloseTo(13_000 / 33_000, 12);
    const expected =
      (2_000 * 0.5 + 8_000 * 0.5 * 0.2 + 500 * 1.4) / 1e6 +
      (15_000 * 0.05 + 5_000 * 0.05 * 0.2 + 1_000 * 0.4) / 1e6;
    expect(report.cost).toEqual([{ currency: 'USD', amount: expect.closeTo(expected, 12) }]);
    expect(report.unpriced).toEqual(['my-local-model']);
    expect(report.byPersona.map((p) => p.personaId)).toEqual(['ma-hui', 'ling-lu']);
  });

  it('GIVEN usage recorded before models were THEN it is priced as the default model', () => {
    const report = buildUsageReport(
      [row('ling-lu', {}, totals(1_000_000, 0, 0, 3))],
      {
        ...INTERNATIONAL_PRICES,
        'qwen-plus-character': { inputPerMillion: 2, outputPerMillion: 6, currency: 'EUR' },
      },
      'qwen-plus-character',
    );
    expect(report.cost).toEqual([{ currency: 'EUR', amount: 2 }]);
    expect(report.byModel).toEqual([{ model: 'qwen-plus-character', ...totals(1_000_000, 0, 0, 3) }]);
  });

  it('GIVEN no usage THEN zeros and a ratio of 0', () => {
    expect(buildUsageReport([], INTERNATIONAL_PRICES, 'qwen-plus-character')).toMatchObject({
      totals: totals(0, 0, 0, 0),
      cacheHitRatio: 0,
      cost: [],
    });
  });
});
