// Spending caps, the policy (pure): what a server's model requests cost per UTC day, estimated from the
// price table as /usage does, against a daily cap (the server's own, else the deployment's
// DAILY_BUDGET), so a public bot cannot drain its operator's API key. Once a day's spend reaches the
// cap, the server's personas make no model request until the next UTC day (budget-gate.ts).
//
// Currency. A cap is an amount in the *budget currency*: the currency of the default model's price
// (MODEL; the table's first price's when MODEL has none), and only spend priced in that currency counts
// toward it. Troupe has no exchange rates, and one endpoint (MODEL_BASE_URL) bills one account in one
// currency, so a table mixing currencies is a configuration slip (say a MODEL_PRICES entry copied from
// another provider). Counting CNY as if it were USD, or holding every currency to the same number
// (5 USD and 5 JPY), would state a limit on money that is not the money spent; so spend in another
// currency, and requests to models without a price, are kept apart and shown by /budget show as not
// counted, and the operator fixes the table (MODEL_PRICES takes any currency: price every model in one).
import { costOf, priceFor, type Money, type PriceTable } from './prices.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The smallest cap `/budget set` takes (below it the first request of the day spends it). */
export const MIN_DAILY_BUDGET = 0.0001;
/** The largest: a sanity bound against typos (and the store's integer nano-units). */
export const MAX_DAILY_BUDGET = 1_000_000;

/** Whose budget a request counts toward: its server; outside any server (the playground), its channel. */
export type BudgetOwner = { kind: 'guild'; guildId: string } | { kind: 'channel'; channelId: string };

export function budgetOwner(guildId: string | undefined, channelId: string): BudgetOwner {
  return guildId === undefined ? { kind: 'channel', channelId } : { kind: 'guild', guildId };
}

/** A stable name for an owner, for notice keys. */
export function ownerName(owner: BudgetOwner): string {
  return owner.kind === 'guild' ? `guild:${owner.guildId}` : `channel:${owner.channelId}`;
}

/** The UTC day of an instant, `YYYY-MM-DD`: the unit a cap is per. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The next UTC midnight after `now` (epoch ms): when a spent budget opens again. */
export function nextUtcMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

/** The currency caps are in (see the header), or undefined when the table has no price at all. */
export function budgetCurrency(prices: PriceTable, defaultModel: string): string | undefined {
  return priceFor(prices, defaultModel)?.currency ?? Object.values(prices)[0]?.currency;
}

/** Models priced in another currency than the budget's: their spend never counts toward a cap. */
export function modelsOutsideBudget(prices: PriceTable, defaultModel: string): string[] {
  const currency = budgetCurrency(prices, defaultModel);
  return Object.entries(prices)
    .filter(([, price]) => price.currency !== currency)
    .map(([model]) => model);
}

/** One request's estimated cost at its model's price, or undefined when the model has none. */
export function requestCost(
  usage: { promptTokens: number; cachedTokens: number; completionTokens: number },
  model: string,
  prices: PriceTable,
): Money | undefined {
  const price = priceFor(prices, model);
  if (!price) return undefined;
  const amount = costOf(usage, price);
  return { currency: price.currency, amount: Number.isFinite(amount) && amount > 0 ? amount : 0 };
}

/** A request's estimated cost on its UTC day, recorded with its usage; no `cost` when its model has no price. */
export interface DaySpend {
  day: string;
  cost?: Money;
}

/** What an owner spent on one UTC day, and its own cap (BudgetStore.day). */
export interface BudgetDay {
  /** The owner's own cap, in the budget currency; absent when it set none. */
  ownCap?: number;
  /** Estimated spend per currency. */
  spent: Readonly<Record<string, number>>;
  /** Requests to models without a price (their cost is unknown). */
  unpricedRequests: number;
}

export interface DailyCap {
  amount: number;
  /** The owner's own (`/budget set`), or the deployment's default (DAILY_BUDGET). */
  source: 'own' | 'deployment';
}

/** A day's spend read against the cap. */
export interface BudgetState {
  /** Undefined: no cap applies. */
  cap?: DailyCap;
  /** The budget currency; undefined when nothing has a price (then nothing can be capped). */
  currency?: string;
  /** Spend in the budget currency. */
  spent: number;
  /** Spend in other currencies: not counted toward the cap. */
  uncounted: Money[];
  unpricedRequests: number;
  /** The cap is reached: no more model requests today. */
  exhausted: boolean;
}

/** The cap that applies: the owner's own, else the deployment's default, else none. */
function dailyCap(ownCap: number | undefined, deploymentCap: number | undefined): DailyCap | undefined {
  if (ownCap !== undefined) return { amount: ownCap, source: 'own' };
  if (deploymentCap !== undefined) return { amount: deploymentCap, source: 'deployment' };
  return undefined;
}

export function budgetState(
  day: BudgetDay,
  policy: { currency: string | undefined; deploymentCap: number | undefined },
): BudgetState {
  const { currency } = policy;
  const cap = dailyCap(day.ownCap, policy.deploymentCap);
  const spent = currency === undefined ? 0 : (day.spent[currency] ?? 0);
  const uncounted = Object.entries(day.spent)
    .filter(([other, amount]) => other !== currency && amount > 0)
    .map(([other, amount]) => ({ currency: other, amount }));
  return {
    ...(cap ? { cap } : {}),
    ...(currency === undefined ? {} : { currency }),
    spent,
    uncounted,
    unpricedRequests: day.unpricedRequests,
    exhausted: cap !== undefined && currency !== undefined && spent >= cap.amount,
  };
}

/** Whether `/budget set` takes this cap. */
export function isValidCap(amount: number): boolean {
  return Number.isFinite(amount) && amount >= MIN_DAILY_BUDGET && amount <= MAX_DAILY_BUDGET;
}
