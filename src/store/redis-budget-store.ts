// Spending caps in Redis: each budget owner's own daily cap, and its estimated spend per UTC day, which
// the usage store adds in the same transaction as the usage itself (`addSpend`). Amounts are integer
// nano-units (1e-9 of the currency), so sums are exact (HINCRBY) however many tiny requests a day holds.
// The day's hash expires a day after its day ends; nothing has to clean it up.
import type { ChainableCommander } from 'ioredis';
import { DAY_MS, type BudgetDay, type BudgetOwner, type DaySpend } from '../core/budget.js';
import type { BudgetStore } from '../core/ports.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis-connection.js';

/** Nano-units per currency unit. */
const NANOS = 1_000_000_000;

/** A day's spend is kept this long after the day ends (a process with a slow clock may still read it), ms. */
export const SPEND_KEPT_AFTER_DAY_MS = DAY_MS;

const CURRENCY_FIELD = 'c:';
const UNPRICED_FIELD = 'unpriced';

const toNanos = (amount: number): number => Math.round(amount * NANOS);

/** Queues one request's spend on `tx` (the usage record's transaction); `key` is `keys.spend(owner, day)`. */
export function addSpend(tx: ChainableCommander, key: string, spend: DaySpend): void {
  const nanos = spend.cost ? toNanos(spend.cost.amount) : 0;
  if (spend.cost && nanos > 0) tx.hincrby(key, `${CURRENCY_FIELD}${spend.cost.currency}`, nanos);
  else if (!spend.cost) tx.hincrby(key, UNPRICED_FIELD, 1);
  else return;
  tx.pexpireat(key, Date.parse(`${spend.day}T00:00:00Z`) + DAY_MS + SPEND_KEPT_AFTER_DAY_MS);
}

export class RedisBudgetStore implements BudgetStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** One round trip: the cap and the day's hash (both under the usage tag, so one slot in a cluster). */
  async day(owner: BudgetOwner, day: string): Promise<BudgetDay> {
    const replies = await this.redis
      .pipeline()
      .get(this.keys.budgetCap(owner))
      .hgetall(this.keys.spend(owner, day))
      .exec();
    const [capReply, spendReply] = replies ?? [];
    if (!capReply || !spendReply) throw new Error('missing pipeline reply');
    if (capReply[0]) throw capReply[0];
    if (spendReply[0]) throw spendReply[0];
    const cap = capReply[1] as string | null;
    const hash = (spendReply[1] ?? {}) as Record<string, string>;
    const spent: Record<string, number> = {};
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith(CURRENCY_FIELD)) spent[field.slice(CURRENCY_FIELD.length)] = Number(value) / NANOS;
    }
    return {
      ...(cap === null ? {} : { ownCap: Number(cap) / NANOS }),
      spent,
      unpricedRequests: Number(hash[UNPRICED_FIELD] ?? 0),
    };
  }

  async setCap(owner: BudgetOwner, amount: number | undefined): Promise<void> {
    const key = this.keys.budgetCap(owner);
    if (amount === undefined) await this.redis.del(key);
    else await this.redis.set(key, String(toNanos(amount)));
  }
}
