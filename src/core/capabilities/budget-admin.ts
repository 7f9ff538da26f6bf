// `/budget`: a server's daily spending cap. `set` gives the server its own cap (in the budget currency,
// per UTC day; it overrides the deployment's DAILY_BUDGET), `off` removes it (the deployment's default,
// if any, applies again: a server's admins cannot lift the operator's cap with one command), `show`
// tells anyone today's estimated spend against the cap. The policy is in ../budget.ts; the check before
// each request in ../turn/budget-gate.ts.
import {
  budgetCurrency,
  budgetOwner,
  isValidCap,
  MAX_DAILY_BUDGET,
  MIN_DAILY_BUDGET,
  type BudgetState,
} from '../budget.js';
import type { CoreDeps } from '../deps.js';
import type { ChannelPlace } from '../ports.js';
import { lines, text, type Message, type Text } from '../text.js';
import { budgetToday, moneyFormat } from '../turn/budget-gate.js';
import { refuse, type Outcome } from './outcome.js';

export type BudgetAdminDeps = Pick<CoreDeps, 'budget' | 'clock' | 'options'>;

export async function setDailyBudget(
  deps: BudgetAdminDeps,
  scope: ChannelPlace,
  amount: number,
): Promise<Outcome<{ state: BudgetState }>> {
  const currency = budgetCurrency(deps.options.prices, deps.options.defaultModel);
  if (currency === undefined) return refuse(text('budget.noPrices'));
  if (!isValidCap(amount)) {
    return refuse(
      text(
        'budget.set.range',
        { min: MIN_DAILY_BUDGET, max: MAX_DAILY_BUDGET, currency },
        { min: { maximumFractionDigits: 4 } },
      ),
    );
  }
  await deps.budget.setCap(budgetOwner(scope.guildId, scope.channelId), amount);
  const state = await budgetToday(deps, scope);
  const money = moneyFormat(currency);
  const done = text('budget.set.done', { cap: amount, spent: state.spent }, { cap: money, spent: money });
  return { ok: true, message: state.exhausted ? lines(done, text('budget.show.exhausted')) : done, state };
}

export async function clearDailyBudget(
  deps: BudgetAdminDeps,
  scope: ChannelPlace,
): Promise<Outcome<{ state: BudgetState }>> {
  await deps.budget.setCap(budgetOwner(scope.guildId, scope.channelId), undefined);
  const state = await budgetToday(deps, scope);
  const message =
    state.cap && state.currency
      ? text('budget.off.deployment', { cap: state.cap.amount }, { cap: moneyFormat(state.currency) })
      : text('budget.off.uncapped');
  return { ok: true, message, state };
}

/** Today's estimated spend against the cap, for anyone. */
export async function budgetReport(
  deps: BudgetAdminDeps,
  scope: ChannelPlace,
): Promise<Outcome<{ state: BudgetState }>> {
  const state = await budgetToday(deps, scope);
  return { ok: true, message: describeBudget(state), state };
}

/** Pure: the lines `/budget show` reads. */
function describeBudget(state: BudgetState): Message {
  const { cap, currency } = state;
  if (currency === undefined) return text('budget.noPrices');
  const money = moneyFormat(currency);
  const rows: Text[] = [];
  if (cap) {
    const share = cap.amount > 0 ? state.spent / cap.amount : 0;
    rows.push(
      text(
        cap.source === 'own' ? 'budget.show.capped' : 'budget.show.cappedByDeployment',
        { spent: state.spent, cap: cap.amount, share },
        { spent: money, cap: money, share: { style: 'percent', maximumFractionDigits: 0 } },
      ),
    );
  } else {
    rows.push(text('budget.show.uncapped', { spent: state.spent }, { spent: money }));
  }
  if (state.exhausted) rows.push(text('budget.show.exhausted'));
  for (const other of state.uncounted) {
    rows.push(
      text(
        'budget.show.uncounted',
        { amount: other.amount, currency },
        { amount: moneyFormat(other.currency) },
      ),
    );
  }
  if (state.unpricedRequests > 0) {
    rows.push(text('budget.show.unpriced', { count: state.unpricedRequests }));
  }
  return rows.length === 1 ? rows[0]! : lines(...rows);
}
