// MODEL_PRICES: a JSON price table merged over the guide's prices for the endpoint's region.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MAINLAND_BASE_URL, modelPrices } from '../../src/config.js';
import { INTERNATIONAL_PRICES, MAINLAND_PRICES } from '../../src/core/prices.js';

describe('MODEL_PRICES', () => {
  it('GIVEN nothing THEN the region decides the defaults', () => {
    expect(modelPrices(loadConfig({}))).toEqual(INTERNATIONAL_PRICES);
    expect(modelPrices(loadConfig({ MODEL_BASE_URL: MAINLAND_BASE_URL }))).toEqual(MAINLAND_PRICES);
  });

  it('GIVEN a JSON table THEN its models are added or replaced, the rest stay', () => {
    const config = loadConfig({
      MODEL_PRICES: JSON.stringify({
        'qwen-plus-character': { inputPerMillion: 0.4, outputPerMillion: 1.2, currency: 'USD' },
        'deepseek-chat': {
          inputPerMillion: 0.27,
          outputPerMillion: 1.1,
          currency: 'USD',
          cachedInputShare: 0.25,
        },
      }),
    });
    const prices = modelPrices(config);
    expect(prices['qwen-plus-character']).toEqual({
      inputPerMillion: 0.4,
      outputPerMillion: 1.2,
      currency: 'USD',
    });
    expect(prices['deepseek-chat']?.cachedInputShare).toBe(0.25);
    expect(prices['qwen-flash-character']).toEqual(INTERNATIONAL_PRICES['qwen-flash-character']);
  });

  it.each([
    ['not JSON', '{nope', /MODEL_PRICES: must be JSON/],
    ['a missing currency', '{"m":{"inputPerMillion":1,"outputPerMillion":2}}', /MODEL_PRICES\.m\.currency/],
    [
      'a negative price',
      '{"m":{"inputPerMillion":-1,"outputPerMillion":2,"currency":"USD"}}',
      /MODEL_PRICES\.m\.inputPerMillion/,
    ],
  ])('GIVEN %s THEN a config error naming the field', (_label, value, message) => {
    expect(() => loadConfig({ MODEL_PRICES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ MODEL_PRICES: value })).toThrow(message);
  });
});

describe('DAILY_BUDGET', () => {
  it('GIVEN nothing (or an empty value) THEN no deployment-wide cap', () => {
    expect(loadConfig({}).DAILY_BUDGET).toBeUndefined();
    expect(loadConfig({ DAILY_BUDGET: ' ' }).DAILY_BUDGET).toBeUndefined();
  });

  it('GIVEN an amount THEN it is the daily cap per server', () => {
    expect(loadConfig({ DAILY_BUDGET: '2.5' }).DAILY_BUDGET).toBe(2.5);
  });

  it.each(['0', '-1', 'lots', '1e7'])('GIVEN %s THEN the config is refused, naming the variable', (value) => {
    expect(() => loadConfig({ DAILY_BUDGET: value })).toThrow(/DAILY_BUDGET/);
  });
});
