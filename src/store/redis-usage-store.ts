// Token usage in Redis, per (guild, channel, persona) and within each per model: prompt, completion and
// cached tokens and the number of requests, for the /usage command. Counters only grow; a record is one transaction, so a
// reader never sees a request without its tokens.
import { budgetOwner, type DaySpend } from '../core/budget.js';
import type { RedisClient } from './redis-connection.js';
import type { ChatUsage } from '../core/chat.js';
import type { UsageLedger } from '../core/ports.js';
import {
  addTotals,
  emptyTotals,
  USAGE_FIELDS,
  type UsageFilter,
  type UsageRow,
  type UsageScope,
  type UsageTotals,
} from '../core/usage.js';
import type { Keys } from './keys.js';
import { addSpend } from './redis-budget-store.js';

export type { UsageFilter, UsageRow, UsageScope, UsageTotals };

const FIELDS = USAGE_FIELDS;

/** Hash field of one model's counter: `m:<model>:<field>` (the model name escaped, so a colon cannot split it). */
function modelField(model: string, field: (typeof FIELDS)[number]): string {
  return `m:${encodeURIComponent(model)}:${field}`;
}

type IndexMember = [guildId: string | null, channelId: string, personaId: string];

// The core's `UsageLedger`: `record` after every request, `rows` and `totals` for /usage.
export class RedisUsageStore implements UsageLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /**
   * Adds one request's usage, also under its model when given, and with `spend` its estimated cost to
   * its budget owner's spend for that day (redis-budget-store.ts), all in one transaction.
   */
  async record(scope: UsageScope, usage: ChatUsage & { model?: string }, spend?: DaySpend): Promise<void> {
    const { guildId, channelId, personaId } = scope;
    const key = this.keys.usage(guildId, channelId, personaId);
    const member = JSON.stringify([guildId ?? null, channelId, personaId] satisfies IndexMember);
    const tx = this.redis
      .multi()
      .hincrby(key, 'promptTokens', tokens(usage.promptTokens))
      .hincrby(key, 'completionTokens', tokens(usage.completionTokens))
      .hincrby(key, 'cachedTokens', tokens(usage.cachedTokens))
      .hincrby(key, 'requests', 1)
      .sadd(this.keys.usageIndex(), member);
    if (usage.model) {
      tx.hincrby(key, modelField(usage.model, 'promptTokens'), tokens(usage.promptTokens))
        .hincrby(key, modelField(usage.model, 'completionTokens'), tokens(usage.completionTokens))
        .hincrby(key, modelField(usage.model, 'cachedTokens'), tokens(usage.cachedTokens))
        .hincrby(key, modelField(usage.model, 'requests'), 1);
    }
    if (guildId !== undefined) tx.sadd(this.keys.usageGuildIndex(guildId), member);
    if (spend) addSpend(tx, this.keys.spend(budgetOwner(guildId, channelId), spend.day), spend);
    await tx.exec();
  }

  /** Usage per (guild, channel, persona) matching the filter, in no particular order. */
  async rows(filter: UsageFilter = {}): Promise<UsageRow[]> {
    const index =
      filter.guildId === undefined ? this.keys.usageIndex() : this.keys.usageGuildIndex(filter.guildId);
    const scopes = (await this.redis.smembers(index))
      .map(parseMember)
      .filter((scope) => matches(scope, filter));
    if (scopes.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const scope of scopes) {
      pipeline.hgetall(this.keys.usage(scope.guildId, scope.channelId, scope.personaId));
    }
    const replies = (await pipeline.exec()) ?? [];
    return scopes.map((scope, i) => {
      const [error, values] = replies[i] ?? [new Error('missing pipeline reply'), null];
      if (error) throw error;
      return { ...scope, ...parseCounters((values ?? {}) as Record<string, string>) };
    });
  }

  /** The sum over every (guild, channel, persona) matching the filter. */
  async totals(filter: UsageFilter = {}): Promise<UsageTotals> {
    const sum = emptyTotals();
    for (const row of await this.rows(filter)) addTotals(sum, row);
    return sum;
  }
}

/**
 * A token count HINCRBY accepts. A provider that reports nothing (or nonsense) must not fail the turn
 * whose usage is being recorded, so such a figure counts as 0.
 */
function tokens(count: number): number {
  return Number.isFinite(count) && count > 0 ? Math.round(count) : 0;
}

/** A usage hash's fields: the totals, and per model the `m:<model>:<field>` counters. */
function parseCounters(hash: Record<string, string>): UsageTotals & { byModel: Record<string, UsageTotals> } {
  const totals = emptyTotals();
  for (const field of FIELDS) totals[field] = Number(hash[field] ?? 0);
  const byModel: Record<string, UsageTotals> = {};
  for (const [name, value] of Object.entries(hash)) {
    const match = /^m:([^:]+):(\w+)$/.exec(name);
    const field = FIELDS.find((f) => f === match?.[2]);
    if (!match || !field) continue;
    const model = decodeURIComponent(match[1]!);
    byModel[model] ??= emptyTotals();
    byModel[model][field] = Number(value);
  }
  return { ...totals, byModel };
}

function parseMember(member: string): UsageScope {
  const [guildId, channelId, personaId] = JSON.parse(member) as IndexMember;
  return guildId === null ? { channelId, personaId } : { guildId, channelId, personaId };
}

function matches(scope: UsageScope, filter: UsageFilter): boolean {
  return (
    (filter.guildId === undefined || scope.guildId === filter.guildId) &&
    (filter.channelId === undefined || scope.channelId === filter.channelId) &&
    (filter.personaId === undefined || scope.personaId === filter.personaId)
  );
}
