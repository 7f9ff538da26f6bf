// Spending caps at the point of spending: before a turn (its director proposal and its reply) and
// before a retake (/regenerate, /alternatives) the budget owner's day is read once (one Redis round
// trip: the server's own cap and the day's spend); once the spend reached the cap the model is not
// asked, and the channel where that happened is told once per server per UTC day, in words for admins.
// After each request its estimated cost is recorded with its usage (`recordUsage`).
//
// Concurrency: the check and the record are apart, so requests already past the check when the cap is
// crossed still complete. The overshoot is at most the requests of that server in flight at that
// moment: one per channel with a turn running (a channel runs one turn at a time), at most the
// workers' concurrency (TURN_CONCURRENCY per process), plus admins' retakes, each costing at most its
// prompt at the model's input limit plus its reply (qwen-plus-character: 30,000 × $0.5/M + 80 × $1.4/M
// ≈ $0.015; a usual turn with the session cache is a few hundredths of a cent). README: Spending caps.
import { budgetCurrency, budgetOwner, budgetState, nextUtcMidnight, requestCost, utcDay } from '../budget.js';
import type { BudgetState } from '../budget.js';
import type { ChatUsage } from '../chat.js';
import type { CoreDeps } from '../deps.js';
import type { ChannelPlace } from '../ports.js';
import { text, type Text } from '../text.js';
import type { UsageScope } from '../usage.js';
import { noticeScope, tellAdminsOnce } from './admin-reports.js';

export type BudgetDeps = Pick<CoreDeps, 'budget' | 'failures' | 'notices' | 'clock' | 'log' | 'options'>;

/** The spent-budget notice is claimed until the day is over, plus this margin for clocks that lag, ms. */
const NOTICE_MARGIN_MS = 60 * 60 * 1000;

/** The turn's reason when the budget stopped it (logs, tests). */
export const BUDGET_SPENT_REASON = 'the daily budget is spent';

/** Money as a message formats it: the currency's symbol, and cents of a cent when that is all there is. */
export function moneyFormat(currency: string): Intl.NumberFormatOptions {
  return { currency, maximumFractionDigits: 4 };
}

/** The owner's budget today, read against the cap that applies. */
export async function budgetToday(
  deps: Pick<CoreDeps, 'budget' | 'clock' | 'options'>,
  scope: ChannelPlace,
): Promise<BudgetState> {
  const day = await deps.budget.day(budgetOwner(scope.guildId, scope.channelId), utcDay(deps.clock.now()));
  return budgetState(day, {
    currency: budgetCurrency(deps.options.prices, deps.options.defaultModel),
    deploymentCap: deps.options.dailyBudget,
  });
}

/**
 * Undefined while the channel's server may still ask the model today; once its budget is spent, why
 * not (to show whoever asked), after telling the channel's admins once a day.
 */
export async function budgetRefusal(
  deps: BudgetDeps,
  channelId: string,
  guildId: string | undefined,
): Promise<Text | undefined> {
  const state = await budgetToday(deps, { guildId, channelId });
  if (!state.exhausted || !state.cap || !state.currency) return undefined;
  const money = moneyFormat(state.currency);
  const params = { spent: state.spent, cap: state.cap.amount };
  const formats = { spent: money, cap: money };
  await tellAdminsOnceToday(deps, channelId, guildId, text('budget.notice', params, formats));
  return text('budget.spent', params, formats);
}

/** Tells the channel's admins once per owner and UTC day; bookkeeping never breaks the refusal it explains. */
async function tellAdminsOnceToday(
  deps: BudgetDeps,
  channelId: string,
  guildId: string | undefined,
  notice: Text,
): Promise<void> {
  const now = deps.clock.now();
  const owner = noticeScope(guildId, channelId);
  const ttlMs = nextUtcMidnight(now) - now + NOTICE_MARGIN_MS;
  if (await tellAdminsOnce(deps, channelId, `budget:${owner}:${utcDay(now)}`, ttlMs, notice)) {
    deps.log.info({ channelId, owner }, 'daily budget spent; admins told');
  }
}

/**
 * Records one request's usage (its server's row only when it has one) and, priced at its model, its
 * cost toward the owner's day.
 */
export async function recordUsage(
  deps: Pick<CoreDeps, 'usage' | 'clock' | 'options'>,
  { guildId, ...scope }: Omit<UsageScope, 'guildId'> & { guildId: string | undefined },
  usage: ChatUsage,
  model: string,
): Promise<void> {
  const cost = requestCost(usage, model, deps.options.prices);
  const day = utcDay(deps.clock.now());
  await deps.usage.record(
    guildId === undefined ? scope : { ...scope, guildId },
    { ...usage, model },
    cost ? { day, cost } : { day },
  );
}
