// In-memory implementations of the core's ports, to drive the core in unit tests with a fake clock.
import { randomUUID } from 'node:crypto';
import { withDefaults, type ChannelSettings } from '../../src/core/channel-settings.js';
import type { ChatRequest, ChatResult } from '../../src/core/chat.js';
import { DEFAULT_CORE_OPTIONS, type CoreDeps, type CoreOptions } from '../../src/core/deps.js';
import type { Line, NewLine } from '../../src/core/line.js';
import type { Persona } from '../../src/core/persona.js';
import { qwenTokenCounter } from '../../src/model/qwen-tokens.js';
import type {
  ChatModel,
  CoreLogger,
  HistoryStore,
  PersonaCatalog,
  PostedMessage,
  SessionStore,
  SettingsStore,
  Stage,
  TurnLedger,
  TurnRecord,
  TurnCause,
  TurnScheduler,
} from '../../src/core/ports.js';
import {
  MemoryAlternatives,
  MemoryCharacters,
  MemoryCooldowns,
  MemoryFailures,
  MemoryLore,
  MemoryOnceNotes,
  MemoryTyping,
  MemoryBudget,
  MemoryUsage,
  RecordingNotices,
} from './in-memory-stores.js';

export class MemoryHistory implements HistoryStore {
  readonly lines = new Map<string, Line[]>();
  private seq = new Map<string, number>();
  /** What was done to messages not stored yet: 'deleted', or the latest edit. */
  private readonly early = new Map<string, 'deleted' | Partial<Line>>();
  constructor(private readonly now: () => number = Date.now) {}

  async append(channelId: string, line: NewLine): Promise<Line> {
    const seq = (this.seq.get(channelId) ?? 0) + 1;
    this.seq.set(channelId, seq);
    const stored: Line = { ...line, id: String(seq), seq, at: line.at ?? this.now() };
    this.lines.set(channelId, [...(this.lines.get(channelId) ?? []), stored]);
    return stored;
  }
  async appendPerson(channelId: string, line: NewLine & { kind: 'person' }): Promise<Line | undefined> {
    const key = `${channelId}/${line.messageId}`;
    const early = line.messageId === undefined ? undefined : this.early.get(key);
    this.early.delete(key);
    if (early === 'deleted') return undefined;
    return this.append(channelId, { ...line, ...early });
  }
  async recent(channelId: string, limit: number): Promise<Line[]> {
    return (this.lines.get(channelId) ?? []).slice(-limit);
  }
  async findByMessageId(channelId: string, messageId: string): Promise<Line | undefined> {
    return (this.lines.get(channelId) ?? []).find(
      (l) => l.messageId === messageId || l.messageIds?.includes(messageId),
    );
  }
  async editByMessageId(
    channelId: string,
    messageId: string,
    patch: Partial<Line>,
  ): Promise<Line | undefined> {
    const lines = this.lines.get(channelId) ?? [];
    const index = lines.findIndex((l) => l.messageId === messageId || l.messageIds?.includes(messageId));
    if (index < 0) {
      if (this.early.get(`${channelId}/${messageId}`) !== 'deleted')
        this.early.set(`${channelId}/${messageId}`, patch);
      return undefined;
    }
    lines[index] = { ...lines[index]!, ...patch };
    return lines[index];
  }
  async removeByMessageId(channelId: string, messageId: string): Promise<boolean> {
    const lines = this.lines.get(channelId) ?? [];
    const found = lines.find((l) => l.messageId === messageId || l.messageIds?.includes(messageId));
    if (!found) this.early.set(`${channelId}/${messageId}`, 'deleted');
    const kept = lines.filter((l) => l !== found || l.kind !== 'person');
    this.lines.set(channelId, kept);
    return kept.length !== lines.length;
  }
  async clear(channelId: string): Promise<void> {
    this.lines.delete(channelId);
  }
}

export class MemorySessions implements SessionStore {
  private readonly ids = new Map<string, string>();
  async get(channelId: string, personaId: string): Promise<string> {
    const key = `${channelId}/${personaId}`;
    if (!this.ids.has(key)) this.ids.set(key, randomUUID());
    return this.ids.get(key)!;
  }
  async rotate(channelId: string, personaId: string): Promise<string> {
    this.ids.delete(`${channelId}/${personaId}`);
    return this.get(channelId, personaId);
  }
  async rotateAll(channelId: string): Promise<void> {
    for (const key of [...this.ids.keys()]) if (key.startsWith(`${channelId}/`)) this.ids.delete(key);
    for (const key of [...this.cursors.keys()]) if (key.startsWith(`${channelId}/`)) this.cursors.delete(key);
  }
  private readonly cursors = new Map<string, number>();
  async getCursor(channelId: string, personaId: string): Promise<number> {
    return this.cursors.get(`${channelId}/${personaId}`) ?? 0;
  }
  async setCursor(
    channelId: string,
    personaId: string,
    seq: number,
    options: { sessionId?: string } = {},
  ): Promise<boolean> {
    const key = `${channelId}/${personaId}`;
    if (options.sessionId !== undefined && this.ids.get(key) !== options.sessionId) return false;
    if ((this.cursors.get(key) ?? 0) >= seq) return false;
    this.cursors.set(key, seq);
    return true;
  }
}

export class MemorySettings implements SettingsStore {
  private readonly byChannel = new Map<string, Partial<ChannelSettings>>();
  async get(channelId: string): Promise<ChannelSettings> {
    return withDefaults(this.byChannel.get(channelId));
  }
  async update(channelId: string, patch: Partial<ChannelSettings>): Promise<ChannelSettings> {
    this.byChannel.set(channelId, { ...this.byChannel.get(channelId), ...patch });
    return this.get(channelId);
  }
}

export class MemoryLedger implements TurnLedger {
  private readonly requested = new Map<string, number>();
  private readonly answered = new Map<string, number>();
  readonly records = new Map<string, TurnRecord>();
  async markRequested(channelId: string, seq: number): Promise<void> {
    this.requested.set(channelId, Math.max(seq, this.requested.get(channelId) ?? 0));
  }
  async requestedSeq(channelId: string): Promise<number> {
    return this.requested.get(channelId) ?? 0;
  }
  async markAnswered(channelId: string, seq: number): Promise<void> {
    this.answered.set(channelId, Math.max(seq, this.answered.get(channelId) ?? 0));
  }
  async replyPending(channelId: string): Promise<boolean> {
    return (this.requested.get(channelId) ?? 0) > (this.answered.get(channelId) ?? 0);
  }
  async get(turnId: string): Promise<TurnRecord | undefined> {
    return this.records.get(turnId);
  }
  async markPosting(turnId: string, record: Omit<TurnRecord, 'state' | 'messageIds'>): Promise<boolean> {
    if (this.records.has(turnId)) return false;
    this.records.set(turnId, { ...record, state: 'posting' });
    return true;
  }
  async markPosted(turnId: string, messageIds: string[]): Promise<void> {
    this.records.set(turnId, { ...this.records.get(turnId)!, state: 'posted', messageIds });
  }
}

export class StaticCatalog implements PersonaCatalog {
  constructor(private readonly personas: Persona[]) {}
  async get(id: string): Promise<Persona | undefined> {
    return this.personas.find((p) => p.id === id);
  }
  async list(): Promise<Persona[]> {
    return [...this.personas];
  }
}

export interface Post {
  channelId: string;
  personaId: string;
  username: string;
  chunks: string[];
}

export interface Edit extends Post {
  /** The message ids the reply had before the edit. */
  messageIds: string[];
}

export class RecordingStage implements Stage {
  readonly posts: Post[] = [];
  readonly edits: Edit[] = [];
  readonly typed: string[] = [];
  private next = 1;
  async typing(_channelId: string, persona: Persona): Promise<void> {
    this.typed.push(persona.id);
  }
  async post(channelId: string, persona: Persona, chunks: string[]): Promise<PostedMessage> {
    this.posts.push({ channelId, personaId: persona.id, username: persona.name, chunks });
    return { messageIds: chunks.map(() => `m${this.next++}`) };
  }
  /** Keeps the ids of edited messages, mints new ones for extra chunks, drops the ids of extra old ones. */
  async edit(
    channelId: string,
    persona: Persona,
    messageIds: string[],
    chunks: string[],
  ): Promise<PostedMessage> {
    this.edits.push({ channelId, personaId: persona.id, username: persona.name, chunks, messageIds });
    return { messageIds: chunks.map((_, i) => messageIds[i] ?? `m${this.next++}`) };
  }
}

/** Records what the core scheduled; the test decides when a turn runs. */
export class ManualScheduler implements TurnScheduler {
  readonly turns: Array<{ channelId: string; request: TurnCause; delayMs: number }> = [];
  readonly silences: Array<{ channelId: string; seq: number; delayMs: number }> = [];
  cancelled = 0;
  async scheduleTurn(channelId: string, request: TurnCause, delayMs: number): Promise<void> {
    this.turns.push({ channelId, request, delayMs });
  }
  async armSilence(channelId: string, seq: number, delayMs: number): Promise<void> {
    this.silences.push({ channelId, seq, delayMs });
  }
  async cancelSilence(): Promise<void> {
    this.cancelled++;
  }
}

/** A `ChatModel` that answers from a script and records requests (for core unit tests only). */
export class ScriptedModel implements ChatModel {
  readonly requests: ChatRequest[] = [];
  constructor(private readonly answer: (request: ChatRequest) => string | Error = () => 'Hello there.') {}
  async complete(request: ChatRequest): Promise<ChatResult> {
    this.requests.push(request);
    const text = this.answer(request);
    if (text instanceof Error) throw text;
    return {
      texts: [text],
      usage: { promptTokens: 10, completionTokens: 3, cachedTokens: 0 },
      model: request.model,
    };
  }
}

export const silentLogger: CoreLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

export interface MemoryCore {
  deps: CoreDeps;
  history: MemoryHistory;
  settings: MemorySettings;
  ledger: MemoryLedger;
  stage: RecordingStage;
  scheduler: ManualScheduler;
  model: ScriptedModel;
  clock: { now: () => number; advance: (ms: number) => void };
}

export function memoryCore(
  personas: Persona[],
  options: { model?: ScriptedModel; core?: Partial<CoreOptions>; start?: number } = {},
): MemoryCore {
  let time = options.start ?? Date.UTC(2026, 10, 21, 12, 0, 0);
  const clock = { now: () => time, advance: (ms: number) => void (time += ms) };
  const history = new MemoryHistory(clock.now);
  const settings = new MemorySettings();
  const ledger = new MemoryLedger();
  const stage = new RecordingStage();
  const scheduler = new ManualScheduler();
  const model = options.model ?? new ScriptedModel();
  const budget = new MemoryBudget();
  const deps: CoreDeps = {
    history,
    sessions: new MemorySessions(),
    settings,
    personas: new StaticCatalog(personas),
    model,
    stage,
    scheduler,
    ledger,
    usage: new MemoryUsage(budget),
    budget,
    notes: new MemoryOnceNotes(),
    lore: new MemoryLore(),
    failures: new MemoryFailures(clock.now),
    notices: new RecordingNotices(),
    alternatives: new MemoryAlternatives(clock.now),
    typing: new MemoryTyping(),
    characters: new MemoryCharacters(),
    cooldowns: new MemoryCooldowns(clock.now),
    // Qwen's own tokenizer, as production counts: the in-memory history stores no counts, so the
    // prompt counts every line itself (the lazy path).
    tokens: qwenTokenCounter,
    clock,
    log: silentLogger,
    options: { ...DEFAULT_CORE_OPTIONS, ...options.core },
  };
  return { deps, history, settings, ledger, stage, scheduler, model, clock };
}
