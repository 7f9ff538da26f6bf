// The shapes of recorded token usage, shared by the usage store and the /usage report. Usage is kept per
// (server, channel, persona), and inside each per model, so a cost can be priced per model.

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
export interface UsageRow extends UsageScope, UsageTotals {
  /** The same totals split by model name (requests recorded without a model are not in it). */
  byModel: Record<string, UsageTotals>;
}

/** Narrows totals; every given field must match, absent fields match anything. */
export type UsageFilter = Partial<UsageScope>;

export const USAGE_FIELDS = ['promptTokens', 'completionTokens', 'cachedTokens', 'requests'] as const;

export function emptyTotals(): UsageTotals {
  return { promptTokens: 0, completionTokens: 0, cachedTokens: 0, requests: 0 };
}

export function addTotals(into: UsageTotals, more: UsageTotals): UsageTotals {
  for (const field of USAGE_FIELDS) into[field] += more[field];
  return into;
}
