// What tokens cost, for /usage's estimate and the daily budget (budget.ts). Defaults are the
// Qwen-Character guide's list prices per million tokens; a deployment with other prices (another
// region, a discount, another provider) sets MODEL_PRICES. An estimate only: the bill is what Model
// Studio says.
//
// Cached prompt tokens: the guide says tokens that hit the session cache "are billed as implicit
// cache", and Model Studio's context-cache page bills implicit-cache hits at 20% of the standard input
// price (https://www.alibabacloud.com/help/en/model-studio/context-cache). Hence the 0.2 default.

export interface ModelPrice {
  /** Per 1,000,000 prompt tokens not served from the cache. */
  inputPerMillion: number;
  /** Per 1,000,000 completion tokens. */
  outputPerMillion: number;
  /** ISO code the two prices are in, e.g. USD, CNY. */
  currency: string;
  /** Share of the input price a cached prompt token costs. @defaultValue 0.2 (implicit cache) */
  cachedInputShare?: number;
}

/** An amount in one currency (an estimated cost, a spend). */
export interface Money {
  currency: string;
  amount: number;
}

/** Model name → price. A dated snapshot (`qwen-flash-character-2026-02-26`) falls back to its family. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Implicit-cache hits cost this share of the input price. */
export const IMPLICIT_CACHE_INPUT_SHARE = 0.2;

/** International (Singapore) endpoint, USD. */
export const INTERNATIONAL_PRICES: PriceTable = {
  'qwen-plus-character': { inputPerMillion: 0.5, outputPerMillion: 1.4, currency: 'USD' },
  'qwen-flash-character': { inputPerMillion: 0.05, outputPerMillion: 0.4, currency: 'USD' },
  'qwen-plus-character-ja': { inputPerMillion: 0.5, outputPerMillion: 1.4, currency: 'USD' },
};

/** Mainland China (Beijing) endpoint, CNY. */
export const MAINLAND_PRICES: PriceTable = {
  'qwen-plus-character': { inputPerMillion: 0.8, outputPerMillion: 2, currency: 'CNY' },
  'qwen-flash-character': { inputPerMillion: 0.25, outputPerMillion: 1.5, currency: 'CNY' },
  'qwen-flash-character-2026-02-26': { inputPerMillion: 0.18, outputPerMillion: 1.5, currency: 'CNY' },
};

/** The default table for a model endpoint: mainland prices on the Beijing host, else international. */
export function defaultPrices(modelBaseUrl: string): PriceTable {
  let host = '';
  try {
    host = new URL(modelBaseUrl).host;
  } catch {
    return INTERNATIONAL_PRICES;
  }
  return host === 'dashscope.aliyuncs.com' ? MAINLAND_PRICES : INTERNATIONAL_PRICES;
}

/** The price of `model`: exact name, else the longest family name it starts with, else none. */
export function priceFor(table: PriceTable, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  const family = Object.keys(table)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family === undefined ? undefined : table[family];
}

/** Cost of some usage at one price, in the price's currency. */
export function costOf(
  usage: { promptTokens: number; cachedTokens: number; completionTokens: number },
  price: ModelPrice,
): number {
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const share = price.cachedInputShare ?? IMPLICIT_CACHE_INPUT_SHARE;
  const input =
    (usage.promptTokens - cached) * price.inputPerMillion + cached * price.inputPerMillion * share;
  return (input + usage.completionTokens * price.outputPerMillion) / 1_000_000;
}
