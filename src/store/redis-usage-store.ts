// Token usage in Redis, per (guild, channel, persona): prompt, completion and cached tokens and the
// number of requests, for the /usage command. Counters only grow; a record is one transaction, so a
// reader never sees a request without its tokens.
import type { Redis } from 'ioredis';
import type { ChatUsage } from '../core/chat.js';
import type { Keys } from './keys.js';

/** Whose usage a request was. `guildId` is absent outside a guild (DMs, the terminal). */
export interface UsageScope {
  guildId?: string;
  channelId: string;
  personaId: string;
}

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the session cache (part of `promptTokens`). */
  cachedTokens: number;
  requests: number;
}

/** One (guild, channel, persona) and its totals. */
export interface UsageRow extends UsageScope, UsageTotals {}

/** Narrows totals; every given field must match, absent fields match anything. */
export type UsageFilter = Partial<UsageScope>;

const FIELDS = ['promptTokens', 'completionTokens', 'cachedTokens', 'requests'] as const;

type IndexMember = [guildId: string | null, channelId: string, personaId: string];

// Satisfies the core's `UsageRecorder` port structurally (`record`); `rows` and `totals` are for /usage.
export class RedisUsageStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Adds one request's usage. */
  async record(scope: UsageScope, usage: ChatUsage): Promise<void> {
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
    if (guildId !== undefined) tx.sadd(this.keys.usageGuildIndex(guildId), member);
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
      pipeline.hmget(this.keys.usage(scope.guildId, scope.channelId, scope.personaId), ...FIELDS);
    }
    const replies = (await pipeline.exec()) ?? [];
    return scopes.map((scope, i) => {
      const [error, values] = replies[i] ?? [new Error('missing pipeline reply'), null];
      if (error) throw error;
      const counts = (values ?? []) as Array<string | null>;
      return {
        ...scope,
        promptTokens: Number(counts[0] ?? 0),
        completionTokens: Number(counts[1] ?? 0),
        cachedTokens: Number(counts[2] ?? 0),
        requests: Number(counts[3] ?? 0),
      };
    });
  }

  /** The sum over every (guild, channel, persona) matching the filter. */
  async totals(filter: UsageFilter = {}): Promise<UsageTotals> {
    const sum: UsageTotals = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, requests: 0 };
    for (const row of await this.rows(filter)) {
      for (const field of FIELDS) sum[field] += row[field];
    }
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
