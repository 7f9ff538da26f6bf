// `/usage`: recorded token usage for a server, a channel or a persona, with the session cache's hit
// ratio (cached prompt tokens / prompt tokens) and an estimated cost from the price table (the
// guide's prices unless MODEL_PRICES says otherwise; cached tokens at the implicit-cache share).
import type { CoreDeps } from '../deps.js';
import { costOf, priceFor, type Money, type PriceTable } from '../prices.js';
import {
  addTotals,
  emptyTotals,
  USAGE_FIELDS,
  type UsageFilter,
  type UsageRow,
  type UsageTotals,
} from '../usage.js';
import type { Outcome } from './outcome.js';
import { lines, text, type Text } from '../text.js';

export interface UsageReport {
  totals: UsageTotals;
  /** cachedTokens / promptTokens; 0 without prompt tokens. */
  cacheHitRatio: number;
  /** One amount per currency in the price table. */
  cost: Money[];
  /** Models with usage but no price (left out of `cost`). */
  unpriced: string[];
  byPersona: Array<{ personaId: string } & UsageTotals>;
  byModel: Array<{ model: string } & UsageTotals>;
}

/** Tokens of a row recorded without a model (before per-model records) count as the default model's. */
function perModel(row: UsageRow, defaultModel: string): Array<[string, UsageTotals]> {
  const entries = Object.entries(row.byModel);
  const rest = emptyTotals();
  addTotals(rest, row);
  for (const [, totals] of entries) for (const field of USAGE_FIELDS) rest[field] -= totals[field];
  return rest.requests > 0 || rest.promptTokens > 0 ? [...entries, [defaultModel, rest]] : entries;
}

/** Pure: the report over some usage rows. */
export function buildUsageReport(
  rows: readonly UsageRow[],
  prices: PriceTable,
  defaultModel: string,
): UsageReport {
  const totals = emptyTotals();
  const personas = new Map<string, UsageTotals>();
  const models = new Map<string, UsageTotals>();
  for (const row of rows) {
    addTotals(totals, row);
    addTotals(
      personas.get(row.personaId) ?? personas.set(row.personaId, emptyTotals()).get(row.personaId)!,
      row,
    );
    for (const [model, usage] of perModel(row, defaultModel)) {
      addTotals(models.get(model) ?? models.set(model, emptyTotals()).get(model)!, usage);
    }
  }
  const costs = new Map<string, number>();
  const unpriced: string[] = [];
  for (const [model, usage] of models) {
    const price = priceFor(prices, model);
    if (!price) {
      unpriced.push(model);
      continue;
    }
    costs.set(price.currency, (costs.get(price.currency) ?? 0) + costOf(usage, price));
  }
  const byPrompt = (a: UsageTotals, b: UsageTotals) => b.promptTokens - a.promptTokens;
  return {
    totals,
    cacheHitRatio: totals.promptTokens > 0 ? totals.cachedTokens / totals.promptTokens : 0,
    cost: [...costs].map(([currency, amount]) => ({ currency, amount })),
    unpriced,
    byPersona: [...personas].map(([personaId, t]) => ({ personaId, ...t })).sort(byPrompt),
    byModel: [...models].map(([model, t]) => ({ model, ...t })).sort(byPrompt),
  };
}

/** Fraction digits of an amount: tiny per-request costs would otherwise read as 0.00. */
const fractionDigits = (amount: number) => (amount < 0.01 ? 6 : 4);

function describe(report: UsageReport, label: Text): Text {
  const { totals } = report;
  const amounts = report.cost.map((c) =>
    text(
      'usage.amount',
      { amount: c.amount },
      {
        amount: {
          currency: c.currency,
          minimumFractionDigits: fractionDigits(c.amount),
          maximumFractionDigits: fractionDigits(c.amount),
        },
      },
    ),
  );
  const cost = amounts.length === 0 ? text('usage.noPrice') : text('common.enumeration', { items: amounts });
  return lines(
    text('usage.summary', {
      label,
      count: totals.requests,
      prompt: totals.promptTokens,
      cached: totals.cachedTokens,
      ratio: report.cacheHitRatio,
      completion: totals.completionTokens,
    }),
    report.unpriced.length > 0
      ? text('usage.costUnpriced', { cost, models: report.unpriced })
      : text('usage.cost', { cost }),
    ...report.byPersona.map((p) =>
      text('usage.personaRow', {
        persona: p.personaId,
        count: p.requests,
        prompt: p.promptTokens,
        completion: p.completionTokens,
      }),
    ),
  );
}

/** Usage of everything matching `scope` (a server, a channel, a persona, or all of them). */
export async function usageReport(deps: CoreDeps, scope: UsageFilter = {}): Promise<Outcome<UsageReport>> {
  const rows = await deps.usage.rows(scope);
  const report = buildUsageReport(rows, deps.options.prices, deps.options.defaultModel);
  const label =
    scope.personaId !== undefined
      ? text('usage.label.persona', { id: scope.personaId })
      : text(
          scope.channelId !== undefined
            ? 'usage.label.channel'
            : scope.guildId !== undefined
              ? 'usage.label.server'
              : 'usage.label.everything',
        );
  return { ok: true, message: describe(report, label), ...report };
}
