// In-memory versions of the ports every runtime wires beside the turn's own (usage, spending caps,
// one-time notes, lore, failures, admin notices, alternatives, typing, characters, cooldowns), behaving
// as their Redis adapters do, so core unit tests wire a complete `CoreDeps`. Test-only.
import { randomUUID } from 'node:crypto';
import {
  budgetOwner,
  ownerName,
  type BudgetDay,
  type BudgetOwner,
  type DaySpend,
} from '../../src/core/budget.js';
import type { LoreEntry, NewLoreEntry } from '../../src/core/lore.js';
import type {
  AdminNotices,
  BudgetStore,
  AlternativeSet,
  AlternativesStore,
  CharacterStore,
  CharacterStoreScope,
  CooldownScope,
  FailureLog,
  LoreScope,
  LoreStore,
  MemberCooldowns,
  OnceNoteStore,
  PendingNote,
  PlayerCharacter,
  TurnFailure,
  TypingPresence,
  UsageLedger,
} from '../../src/core/ports.js';
import type { Message } from '../../src/core/text.js';
import {
  addTotals,
  emptyTotals,
  type UsageFilter,
  type UsageRow,
  type UsageScope,
} from '../../src/core/usage.js';

/** Caps and daily spend as the Redis store keeps them; `MemoryUsage` adds the spend it is given. */
export class MemoryBudget implements BudgetStore {
  private readonly caps = new Map<string, number>();
  private readonly days = new Map<string, { spent: Record<string, number>; unpricedRequests: number }>();
  async day(owner: BudgetOwner, day: string): Promise<BudgetDay> {
    const cap = this.caps.get(ownerName(owner));
    const spend = this.days.get(`${ownerName(owner)}@${day}`);
    return {
      ...(cap === undefined ? {} : { ownCap: cap }),
      spent: { ...spend?.spent },
      unpricedRequests: spend?.unpricedRequests ?? 0,
    };
  }
  async setCap(owner: BudgetOwner, amount: number | undefined): Promise<void> {
    if (amount === undefined) this.caps.delete(ownerName(owner));
    else this.caps.set(ownerName(owner), amount);
  }
  add(owner: BudgetOwner, spend: DaySpend): void {
    const key = `${ownerName(owner)}@${spend.day}`;
    const day = this.days.get(key) ?? { spent: {}, unpricedRequests: 0 };
    if (spend.cost) {
      day.spent[spend.cost.currency] = (day.spent[spend.cost.currency] ?? 0) + spend.cost.amount;
    } else day.unpricedRequests++;
    this.days.set(key, day);
  }
}

export class MemoryUsage implements UsageLedger {
  private readonly byScope = new Map<string, UsageRow>();
  constructor(private readonly budget?: MemoryBudget) {}
  async record(
    scope: UsageScope,
    usage: { promptTokens: number; completionTokens: number; cachedTokens: number; model?: string },
    spend?: DaySpend,
  ): Promise<void> {
    if (spend) this.budget?.add(budgetOwner(scope.guildId, scope.channelId), spend);
    const key = JSON.stringify([scope.guildId ?? null, scope.channelId, scope.personaId]);
    const row = this.byScope.get(key) ?? { ...scope, ...emptyTotals(), byModel: {} };
    const totals = { ...usage, requests: 1 };
    addTotals(row, totals);
    if (usage.model) addTotals((row.byModel[usage.model] ??= emptyTotals()), totals);
    this.byScope.set(key, row);
  }
  async rows(filter: UsageFilter = {}): Promise<UsageRow[]> {
    return [...this.byScope.values()].filter(
      (row) =>
        (filter.guildId === undefined || row.guildId === filter.guildId) &&
        (filter.channelId === undefined || row.channelId === filter.channelId) &&
        (filter.personaId === undefined || row.personaId === filter.personaId),
    );
  }
}

export class MemoryOnceNotes implements OnceNoteStore {
  private readonly notes = new Map<string, PendingNote[]>();
  async add(channelId: string, text: string): Promise<PendingNote> {
    const note = { id: randomUUID(), text };
    this.notes.set(channelId, [...(this.notes.get(channelId) ?? []), note]);
    return note;
  }
  async pending(channelId: string): Promise<PendingNote[]> {
    return [...(this.notes.get(channelId) ?? [])];
  }
  async consume(channelId: string, notes: readonly PendingNote[]): Promise<void> {
    const ids = new Set(notes.map((note) => note.id));
    this.notes.set(
      channelId,
      (this.notes.get(channelId) ?? []).filter((note) => !ids.has(note.id)),
    );
  }
  async clear(channelId: string): Promise<void> {
    this.notes.delete(channelId);
  }
}

/** Ids carry their scope as the Redis store's do: `c<n>` for a channel, `s<n>` for a server. */
export class MemoryLore implements LoreStore {
  private readonly entries = new Map<string, LoreEntry[]>();
  private readonly next = new Map<string, number>();
  private key(scope: LoreScope): string {
    return scope.kind === 'channel' ? `c:${scope.channelId}` : `s:${scope.guildId}`;
  }
  async add(scope: LoreScope, entry: NewLoreEntry): Promise<LoreEntry> {
    const key = this.key(scope);
    const n = (this.next.get(key) ?? 0) + 1;
    this.next.set(key, n);
    const stored = { ...entry, id: `${scope.kind === 'channel' ? 'c' : 's'}${n}` };
    this.entries.set(key, [...(this.entries.get(key) ?? []), stored]);
    return stored;
  }
  async list(scope: LoreScope): Promise<LoreEntry[]> {
    return [...(this.entries.get(this.key(scope)) ?? [])];
  }
  async remove(scope: LoreScope, id: string): Promise<boolean> {
    const key = this.key(scope);
    const before = this.entries.get(key) ?? [];
    const after = before.filter((entry) => entry.id !== id);
    this.entries.set(key, after);
    return after.length < before.length;
  }
}

export class MemoryFailures implements FailureLog {
  private readonly failures = new Map<string, TurnFailure[]>();
  private readonly claimed = new Map<string, number>();
  constructor(private readonly now: () => number) {}
  async record(channelId: string, failure: TurnFailure): Promise<void> {
    this.failures.set(channelId, [failure, ...(this.failures.get(channelId) ?? [])]);
  }
  async recent(channelId: string, limit: number): Promise<TurnFailure[]> {
    return (this.failures.get(channelId) ?? []).slice(0, limit);
  }
  async claimNotice(key: string, ttlMs: number): Promise<boolean> {
    const until = this.claimed.get(key);
    if (until !== undefined && until > this.now()) return false;
    this.claimed.set(key, this.now() + ttlMs);
    return true;
  }
}

export class RecordingNotices implements AdminNotices {
  readonly notices: Array<{ channelId: string; text: Message }> = [];
  async notify(channelId: string, text: Message): Promise<void> {
    this.notices.push({ channelId, text });
  }
}

export class MemoryAlternatives implements AlternativesStore {
  private readonly sets = new Map<string, { set: AlternativeSet; until: number }>();
  constructor(private readonly now: () => number) {}
  async save(channelId: string, set: AlternativeSet, ttlMs: number): Promise<void> {
    this.sets.set(channelId, { set, until: this.now() + ttlMs });
  }
  async get(channelId: string): Promise<AlternativeSet | undefined> {
    const saved = this.sets.get(channelId);
    return saved && saved.until > this.now() ? saved.set : undefined;
  }
  async clear(channelId: string): Promise<void> {
    this.sets.delete(channelId);
  }
}

/** Person id → since and until, per channel; a message ends only the typing seen before it. */
export class MemoryTyping implements TypingPresence {
  private readonly typing = new Map<string, Map<string, { since: number; until: number }>>();
  async started(channelId: string, personId: string, since: number, until: number): Promise<void> {
    const channel = this.typing.get(channelId) ?? new Map<string, { since: number; until: number }>();
    channel.set(personId, { since, until });
    this.typing.set(channelId, channel);
  }
  async stopped(channelId: string, personId: string, sentAt: number): Promise<void> {
    const entry = this.typing.get(channelId)?.get(personId);
    if (entry && entry.since <= sentAt) this.typing.get(channelId)?.delete(personId);
  }
  async typingAt(channelId: string, now: number): Promise<Map<string, number>> {
    const typing = new Map<string, number>();
    for (const [personId, entry] of this.typing.get(channelId) ?? []) {
      if (entry.until > now) typing.set(personId, entry.until);
    }
    return typing;
  }
}

/** Players' characters per (scope, user), as the Redis store keeps them. */
export class MemoryCharacters implements CharacterStore {
  private readonly characters = new Map<string, PlayerCharacter>();
  private key(scope: CharacterStoreScope, userId: string): string {
    return JSON.stringify([scope.kind === 'channel' ? scope.channelId : scope.guildId, scope.kind, userId]);
  }
  async get(scope: CharacterStoreScope, userId: string): Promise<PlayerCharacter | undefined> {
    return this.characters.get(this.key(scope, userId));
  }
  async set(scope: CharacterStoreScope, userId: string, character: PlayerCharacter): Promise<void> {
    this.characters.set(this.key(scope, userId), character);
  }
  async clear(scope: CharacterStoreScope, userId: string): Promise<boolean> {
    return this.characters.delete(this.key(scope, userId));
  }
}

/** Members' cooldowns on the core's clock, as the Redis store keeps them (one per member and server). */
export class MemoryCooldowns implements MemberCooldowns {
  private readonly until = new Map<string, number>();
  constructor(private readonly now: () => number) {}
  async claim(scope: CooldownScope, memberId: string, ms: number): Promise<number> {
    const key = JSON.stringify([
      scope.guildId ?? null,
      scope.guildId === undefined ? scope.channelId : null,
      memberId,
    ]);
    const left = (this.until.get(key) ?? 0) - this.now();
    if (left > 0) return left;
    this.until.set(key, this.now() + ms);
    return 0;
  }
}
