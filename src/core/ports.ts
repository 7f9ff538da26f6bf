// The core's ports: what it needs from the outside world, as small interfaces. Adapters (Redis, BullMQ,
// openai, discord.js, the terminal) implement them; the core never imports an adapter.
import type { BudgetDay, BudgetOwner, DaySpend } from './budget.js';
import type { ChannelSettings } from './channel-settings.js';
import type { ChatRequest, ChatResult } from './chat.js';
import type { ModelErrorCode } from './errors.js';
import type { Line, NewLine, TurnTrigger } from './line.js';
import type { LoreEntry, NewLoreEntry } from './lore.js';
import type { Persona } from './persona.js';
import type { Message } from './text.js';
import type { UsageFilter, UsageRow } from './usage.js';

/** A channel's speaker-tagged history, oldest first, capped at a configured length. */
export interface HistoryStore {
  append(channelId: string, line: NewLine): Promise<Line>;
  /**
   * Appends a person's line, after what was done to its message before it arrived (edits and deletions
   * are handled in any order, by any process): an earlier edit is stored already applied; an earlier
   * deletion stores nothing (undefined).
   */
  appendPerson(channelId: string, line: NewLine & { kind: 'person' }): Promise<Line | undefined>;
  /** The last `limit` lines, oldest first. */
  recent(channelId: string, limit: number): Promise<Line[]>;
  findByMessageId(channelId: string, messageId: string): Promise<Line | undefined>;
  /**
   * Replaces a line's text (a person edited their message, or an alternative was chosen). A message not
   * stored yet gets the edit when its line arrives (`appendPerson`); undefined then.
   */
  editByMessageId(
    channelId: string,
    messageId: string,
    patch: Pick<Line, 'text'> & Partial<Line>,
  ): Promise<Line | undefined>;
  /**
   * A person deleted their message: removes its person line (a persona's line stays); a message not
   * stored yet is dropped when it arrives (`appendPerson`). True when a line was removed now.
   */
  removeByMessageId(channelId: string, messageId: string): Promise<boolean>;
  clear(channelId: string): Promise<void>;
}

/** Per (channel, persona) session ids for the `x-dashscope-aca-session` header. */
export interface SessionStore {
  /** The current session id, created (a UUID) on first use. */
  get(channelId: string, personaId: string): Promise<string>;
  /** A new session id for one persona. */
  rotate(channelId: string, personaId: string): Promise<string>;
  /** New sessions for every persona of the channel (on /reset). */
  rotateAll(channelId: string): Promise<void>;
  /** Long-term memory: the seq of the last line already sent to the persona's session; 0 if none. */
  getCursor(channelId: string, personaId: string): Promise<number>;
  /**
   * Records that lines up to `seq` were sent to the persona's session: never moves back, and not at all
   * when `sessionId` is given and no longer the persona's session (a /reset happened meanwhile).
   */
  setCursor(
    channelId: string,
    personaId: string,
    seq: number,
    options?: { sessionId?: string },
  ): Promise<boolean>;
}

export interface SettingsStore {
  get(channelId: string): Promise<ChannelSettings>;
  update(channelId: string, patch: Partial<ChannelSettings>): Promise<ChannelSettings>;
}

/** Personas available to a channel (shipped files plus, later, a server's own). */
export interface PersonaCatalog {
  get(id: string, scope?: { guildId?: string }): Promise<Persona | undefined>;
  list(scope?: { guildId?: string }): Promise<Persona[]>;
}

/**
 * The model's own tokenizer, as far as the prompt needs it: how many tokens a text is. The window is cut
 * by these counts, so they must be the model's (the server refuses a prompt over its input limit).
 */
export interface TokenCounter {
  /** Tokens of `text` by the model's tokenizer, without the chat template's tokens around a message. */
  count(text: string): number;
}

export interface ChatModel {
  /** Throws `ModelError` on failure. */
  complete(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<ChatResult>;
}

export interface PostedMessage {
  /** Platform message ids, one per chunk, in order. */
  messageIds: string[];
}

/** Where replies appear: a Discord channel through a webhook, the terminal, an in-memory list. */
export interface Stage {
  /** Shows that a persona is composing. Best effort. */
  typing(channelId: string, persona: Persona): Promise<void>;
  /** Posts a persona's reply, already cleaned and split into chunks the platform accepts. */
  post(channelId: string, persona: Persona, chunks: string[]): Promise<PostedMessage>;
  /**
   * Replaces a posted reply in place (an alternative was chosen, the reply regenerated). `messageIds` are
   * the reply's messages in order; the first min(old, new) are edited, extra new chunks are posted after
   * them and extra old messages deleted; resolves to the ids now holding the reply. On Discord this is a
   * webhook message edit (PATCH /webhooks/{id}/{token}/messages/{message_id}) per chunk, by the webhook
   * that posted it.
   */
  edit(channelId: string, persona: Persona, messageIds: string[], chunks: string[]): Promise<PostedMessage>;
}

/**
 * Who is typing in a channel right now (Discord's typing indicator), so personas hold their turns
 * instead of talking over a person who is about to send something.
 */
export interface TypingPresence {
  /** The person was seen typing at `since` and counts as typing until `until` (epoch ms). */
  started(channelId: string, personId: string, since: number, until: number): Promise<void>;
  /**
   * The person's message arrived at `sentAt`: typing seen before then was that message and holds nobody
   * any more; typing seen after it (they went on typing) still does.
   */
  stopped(channelId: string, personId: string, sentAt: number): Promise<void>;
  /** Who is still typing at `now`: person id → until (epoch ms); empty when nobody is. */
  typingAt(channelId: string, now: number): Promise<Map<string, number>>;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Why a turn is due: what a scheduled turn is for. */
export type TurnCause =
  /** A line arrived (its seq); the director decided someone should answer. */
  | { kind: 'line'; seq: number }
  /** The channel has been quiet since the line `seq`. */
  | { kind: 'silence'; seq: number }
  /** Someone asked a persona to speak now (/nudge). */
  | { kind: 'forced'; personaId: string; nonce: string };

/** Turns and silence timers; the BullMQ adapter makes them durable and one-at-a-time per channel. */
export interface TurnScheduler {
  /** Runs a turn for the channel after `delayMs`; idempotent per cause. */
  scheduleTurn(channelId: string, cause: TurnCause, delayMs: number): Promise<void>;
  /** (Re)arms the channel's silence timer: fires after `delayMs` unless another line arrives. */
  armSilence(channelId: string, seq: number, delayMs: number): Promise<void>;
  /** Stops the channel's silence timer (silence turned off, channel reset). */
  cancelSilence(channelId: string): Promise<void>;
}

/** What a turn left behind before posting, so a retried turn never posts twice. */
export interface TurnRecord {
  state: 'posting' | 'posted';
  personaId: string;
  /** The persona's name as posted, for the line a resumed turn stores. */
  speakerName?: string;
  text: string;
  trigger: TurnTrigger;
  /** The newest line the reply's prompt held (`Line.seenSeq`). */
  seenSeq?: number;
  messageIds?: string[];
}

/** Per-channel turn bookkeeping, shared by every process. */
export interface TurnLedger {
  /** Remembers that a turn was requested for line `seq` (keeps the highest). */
  markRequested(channelId: string, seq: number): Promise<void>;
  /** The highest line seq a turn was requested for; 0 if none. */
  requestedSeq(channelId: string): Promise<number>;
  /** Remembers that the turn requested for line `seq` is over, whatever its outcome (keeps the highest). */
  markAnswered(channelId: string, seq: number): Promise<void>;
  /** True while a turn requested for a line has not finished (a reply is still due). */
  replyPending(channelId: string): Promise<boolean>;
  get(turnId: string): Promise<TurnRecord | undefined>;
  /**
   * Written before the post; a turn found in this state after a crash is not posted again. False when
   * the turn already has a record (another run of it got there first): then it must not post.
   */
  markPosting(turnId: string, record: Omit<TurnRecord, 'state' | 'messageIds'>): Promise<boolean>;
  markPosted(turnId: string, messageIds: string[]): Promise<void>;
}

/** Token usage bookkeeping (per server, channel and persona, and per model when given). */
export interface UsageRecorder {
  /**
   * Adds one request's usage. With `spend`, its estimated cost is added to the day's spend of its
   * budget owner (the server, else the channel) in the same transaction, so /usage and /budget agree.
   */
  record(
    scope: { guildId?: string; channelId: string; personaId: string },
    usage: { promptTokens: number; completionTokens: number; cachedTokens: number; model?: string },
    spend?: DaySpend,
  ): Promise<void>;
}

/** Recorded usage read back, for /usage. */
export interface UsageLedger extends UsageRecorder {
  /** One row per (guild, channel, persona) matching the filter. */
  rows(filter?: UsageFilter): Promise<UsageRow[]>;
}

/**
 * Spending caps: each owner's own daily cap, and its spend per UTC day (written by
 * `UsageRecorder.record`; old days expire on their own).
 */
export interface BudgetStore {
  /** The owner's own cap and what it spent on `day` (`YYYY-MM-DD`, UTC), in one read. */
  day(owner: BudgetOwner, day: string): Promise<BudgetDay>;
  /** Sets the owner's own daily cap (in the budget currency), or with undefined removes it. */
  setCap(owner: BudgetOwner, amount: number | undefined): Promise<void>;
}

/** A one-time note waiting for the channel's next posted turn (`/scene once`). */
export interface PendingNote {
  /** Unique per note, so consuming one never removes another with the same text. */
  id: string;
  text: string;
}

/** One-time notes per channel: read by every turn, removed only by the turn that posts. */
export interface OnceNoteStore {
  add(channelId: string, text: string): Promise<PendingNote>;
  /** Waiting notes, oldest first. */
  pending(channelId: string): Promise<PendingNote[]>;
  /** Removes exactly these notes; one added meanwhile waits for the next turn. */
  consume(channelId: string, notes: readonly PendingNote[]): Promise<void>;
  clear(channelId: string): Promise<void>;
}

/** Where lore entries live: a whole server, or one channel. */
export type LoreScope = { kind: 'guild'; guildId: string } | { kind: 'channel'; channelId: string };

/** Keyword-triggered lore entries per server and per channel (a persona's own come from its file). */
export interface LoreStore {
  add(scope: LoreScope, entry: NewLoreEntry): Promise<LoreEntry>;
  /** In the order they were added. */
  list(scope: LoreScope): Promise<LoreEntry[]>;
  remove(scope: LoreScope, id: string): Promise<boolean>;
}

/**
 * Why a turn failed: a model error, or a reply that could not be posted (`post_failed`: the platform
 * refused it; `post_interrupted`: the process stopped mid-post, so it may or may not be there).
 */
export type FailureCode = ModelErrorCode | 'post_failed' | 'post_interrupted';

/** A failure seen in a channel, kept so admins can find out why a persona passed. */
export interface TurnFailure {
  code: FailureCode;
  personaId: string;
  /** Epoch ms. */
  at: number;
  retryable: boolean;
  /** The adapter's message (never the API key), clipped. */
  message: string;
  /** The platform's error code of a failed post (Discord's JSON code, e.g. 10015), when there is one. */
  platformCode?: number | string;
}

export interface FailureLog {
  record(channelId: string, failure: TurnFailure): Promise<void>;
  /** Newest first. */
  recent(channelId: string, limit: number): Promise<TurnFailure[]>;
  /** True for the first caller per `key` within `ttlMs` (across processes), false for the rest. */
  claimNotice(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * Messages for a channel's admins (a bad API key, a spent budget); the terminal prints them, Discord
 * posts them in the channel in the server's language.
 */
export interface AdminNotices {
  notify(channelId: string, text: Message): Promise<void>;
}

/** The alternatives last offered for a channel's persona message, until one is picked or they expire. */
export interface AlternativeSet {
  /** Short random id; a stale button carrying another id is refused. */
  setId: string;
  /** The persona message they would replace (its first platform message id). */
  messageId: string;
  personaId: string;
  texts: string[];
  /** Epoch ms. */
  at: number;
}

export interface AlternativesStore {
  /** Replaces the channel's offered set. */
  save(channelId: string, set: AlternativeSet, ttlMs: number): Promise<void>;
  get(channelId: string): Promise<AlternativeSet | undefined>;
  clear(channelId: string): Promise<void>;
}

/**
 * A channel and the server it is in (none outside any server: the playground). What holds per server
 * (a budget, a cooldown, a notice, a player's character) holds per channel there.
 */
export interface ChannelPlace {
  guildId?: string | undefined;
  channelId: string;
}

/** Where a member's cooldown holds: their server, or the channel outside any server. */
export type CooldownScope = ChannelPlace;

/** Per-member cooldowns of paid requests members ask for (a retake), shared by every process. */
export interface MemberCooldowns {
  /**
   * Starts the member's cooldown for `ms` unless one is running: 0 when it started, else the ms left
   * of the running one (which is left as it is).
   */
  claim(scope: CooldownScope, memberId: string, ms: number): Promise<number>;
}

/** The slice of a pino logger the core uses (object first, message second). */
export interface CoreLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): CoreLogger;
}

/** A character a person plays (`/character`): the name their lines carry, and a short description. */
export interface PlayerCharacter {
  name: string;
  about?: string;
}

export type CharacterStoreScope = { kind: 'channel'; channelId: string } | { kind: 'guild'; guildId: string };

/** Players' characters per channel and per server (player-characters.ts). */
export interface CharacterStore {
  get(scope: CharacterStoreScope, userId: string): Promise<PlayerCharacter | undefined>;
  set(scope: CharacterStoreScope, userId: string, character: PlayerCharacter): Promise<void>;
  /** True when there was one. */
  clear(scope: CharacterStoreScope, userId: string): Promise<boolean>;
}
