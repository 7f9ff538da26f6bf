// The core's ports: what it needs from the outside world, as small interfaces. Adapters (Redis, BullMQ,
// openai, discord.js, the terminal) implement them; the core never imports an adapter.
import type { ChannelSettings } from './channel-settings.js';
import type { ChatRequest, ChatResult } from './chat.js';
import type { Line, NewLine, TurnTrigger } from './line.js';
import type { Persona } from './persona.js';

/** A channel's speaker-tagged history, oldest first, capped at a configured length. */
export interface HistoryStore {
  append(channelId: string, line: NewLine): Promise<Line>;
  /** The last `limit` lines, oldest first. */
  recent(channelId: string, limit: number): Promise<Line[]>;
  findByMessageId(channelId: string, messageId: string): Promise<Line | undefined>;
  /** Replaces a line's text (a person edited their message, or an alternative was chosen). */
  editByMessageId(
    channelId: string,
    messageId: string,
    patch: Pick<Line, 'text'> & Partial<Line>,
  ): Promise<Line | undefined>;
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
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** What a scheduled turn is for. */
export type TurnRequest =
  /** A line arrived (its seq); the director decided someone should answer. */
  | { kind: 'line'; seq: number }
  /** The channel has been quiet since the line `seq`. */
  | { kind: 'silence'; seq: number }
  /** Someone asked a persona to speak now (/nudge). */
  | { kind: 'forced'; personaId: string; nonce: string };

/** Turns and silence timers; the BullMQ adapter makes them durable and one-at-a-time per channel. */
export interface TurnScheduler {
  /** Runs a turn for the channel after `delayMs`; idempotent per request. */
  scheduleTurn(channelId: string, request: TurnRequest, delayMs: number): Promise<void>;
  /** (Re)arms the channel's silence timer: fires after `delayMs` unless another line arrives. */
  armSilence(channelId: string, seq: number, delayMs: number): Promise<void>;
  /** Stops the channel's silence timer (silence turned off, channel reset). */
  cancelSilence(channelId: string): Promise<void>;
}

/** What a turn left behind before posting, so a retried turn never posts twice. */
export interface TurnRecord {
  state: 'posting' | 'posted';
  personaId: string;
  text: string;
  trigger: TurnTrigger;
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
  /** Written before the post; a turn found in this state after a crash is not posted again. */
  markPosting(turnId: string, record: Omit<TurnRecord, 'state' | 'messageIds'>): Promise<void>;
  markPosted(turnId: string, messageIds: string[]): Promise<void>;
}

/** Token usage bookkeeping (per server, channel and persona). */
export interface UsageRecorder {
  record(
    scope: { guildId?: string; channelId: string; personaId: string },
    usage: { promptTokens: number; completionTokens: number; cachedTokens: number },
  ): Promise<void>;
}

/** The slice of a pino logger the core uses (object first, message second). */
export interface CoreLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): CoreLogger;
}
