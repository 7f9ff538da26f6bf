// The channel history in Redis: per channel a capped list of `Line` JSON, oldest first, and a counter
// that hands out line ids. Appends are one Lua round trip (id, push and cap together), so concurrent
// writers from several processes get a strict order without gaps. Each line carries its text's token
// count (`Line.tokens`), counted here whenever a text is stored, so the count always matches the text.
import type { RedisClient } from './redis-connection.js';
import type { Line, NewLine } from '../core/line.js';
import { systemClock, type Clock, type HistoryStore, type TokenCounter } from '../core/ports.js';
import {
  appendLineScript,
  EARLY_DELETION,
  findLineScript,
  findOrDeferEditScript,
  removeLineScript,
  replaceLineScript,
} from './history-scripts.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript } from './lua-script.js';

export const DEFAULT_HISTORY_LIMIT = 500;

/** Compare-and-set attempts of one edit before giving up; each lost race means another writer won. */
const MAX_EDIT_ATTEMPTS = 20;

/**
 * How long an edit or deletion handled before its message's line was stored waits for the line. Under a
 * flood the line follows within seconds; an event about a message Troupe never stores (a channel without
 * a cast, a line long past the cap) is forgotten after this.
 */
export const EARLY_CHANGE_TTL_SECONDS = 300;

export interface RedisHistoryStoreOptions {
  /**
   * Lines kept per channel; appending beyond it drops the oldest.
   * @defaultValue 500
   */
  historyLimit?: number;
  /**
   * Where `at` comes from when a new line has none.
   * @defaultValue the system clock
   */
  clock?: Clock;
  /**
   * The model's tokenizer: every stored text gets its count (`Line.tokens`). Without one lines are
   * stored uncounted and the prompt counts them each turn.
   */
  tokens?: TokenCounter;
}

export class RedisHistoryStore implements HistoryStore {
  private readonly historyLimit: number;
  private readonly clock: Clock;
  private readonly tokens: TokenCounter | undefined;
  private readonly appendLine: LuaScript;
  private readonly findLine: LuaScript;
  private readonly removeLine: LuaScript;
  private readonly replaceLine: LuaScript;
  private readonly findOrDeferEdit: LuaScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    options: RedisHistoryStoreOptions = {},
  ) {
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(this.historyLimit) || this.historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${this.historyLimit}`);
    }
    this.clock = options.clock ?? systemClock;
    this.tokens = options.tokens;
    this.appendLine = defineLuaScript(redis, appendLineScript);
    this.findLine = defineLuaScript(redis, findLineScript);
    this.removeLine = defineLuaScript(redis, removeLineScript);
    this.replaceLine = defineLuaScript(redis, replaceLineScript);
    this.findOrDeferEdit = defineLuaScript(redis, findOrDeferEditScript);
  }

  async append(channelId: string, line: NewLine): Promise<Line> {
    const stored = await this.store(channelId, line, false);
    if (!stored) throw new Error('history append dropped a line it was not asked to check');
    return stored;
  }

  async appendPerson(channelId: string, line: NewLine & { kind: 'person' }): Promise<Line | undefined> {
    return this.store(channelId, line, true);
  }

  /** One append; with `early`, what was done to the line's message before it arrived applies first. */
  private async store(channelId: string, line: NewLine, early: boolean): Promise<Line | undefined> {
    // The store owns id and seq; a stray one on the input (the type forbids it, JS does not) is dropped
    // rather than stored next to the real one.
    const { id: _id, seq: _seq, ...given } = line as NewLine & Partial<Pick<Line, 'id' | 'seq'>>;
    const messageId = early ? line.messageId : undefined;
    const earlyKey =
      messageId === undefined ? this.keys.history(channelId) : this.keys.earlyChange(channelId, messageId);
    let fields: Omit<NewLine, 'at'> = given;
    let mergedEdit = '';
    for (let attempt = 0; attempt < MAX_EDIT_ATTEMPTS; attempt++) {
      // JSON drops undefined fields, so a line reads back without keys it never had a value for.
      const body = JSON.stringify({ ...this.counted(fields), at: line.at ?? this.clock.now() });
      const reply = await this.appendLine(
        [this.keys.history(channelId), this.keys.seq(channelId), earlyKey],
        [body, this.historyLimit, messageId === undefined ? '0' : '1', mergedEdit],
      );
      if (typeof reply === 'number')
        return { id: String(reply), seq: reply, ...(JSON.parse(body) as Omit<Line, 'id' | 'seq'>) };
      if (reply === EARLY_DELETION) return undefined;
      if (typeof reply !== 'string') throw new Error(`history append returned ${String(reply)}`);
      // Edited before it was stored: stored as edited (the newest edit; each retry means a newer one came).
      mergedEdit = reply;
      fields = mergeFields(given, JSON.parse(reply) as Partial<Line>);
    }
    throw new Error(`storing message ${messageId} in channel ${channelId} lost ${MAX_EDIT_ATTEMPTS} races`);
  }

  async recent(channelId: string, limit: number): Promise<Line[]> {
    const count = Math.floor(limit);
    // LRANGE -0 -1 would be the whole list, so an empty window is answered here.
    if (!(count > 0)) return [];
    const start = Number.isFinite(count) ? -count : 0;
    const raws = await this.redis.lrange(this.keys.history(channelId), start, -1);
    return raws.map(parseLine);
  }

  async findByMessageId(channelId: string, messageId: string): Promise<Line | undefined> {
    const raw = await this.findRaw(channelId, messageId);
    return raw === undefined ? undefined : parseLine(raw);
  }

  /**
   * Merges the patch into the line (undefined fields in the patch are ignored; id and seq never change).
   * A message whose line is not stored yet gets the patch when it arrives (`appendPerson`).
   */
  async editByMessageId(
    channelId: string,
    messageId: string,
    patch: Pick<Line, 'text'> & Partial<Line>,
  ): Promise<Line | undefined> {
    // Optimistic: read, merge in TypeScript, write only if the line is still what was read. Merging in
    // Lua would need cjson to re-encode the line, which does not round-trip.
    for (let attempt = 0; attempt < MAX_EDIT_ATTEMPTS; attempt++) {
      const found = await this.findOrDeferEdit(
        [this.keys.history(channelId), this.keys.earlyChange(channelId, messageId)],
        [messageId, jsonNeedle(messageId), JSON.stringify(withoutIds(patch)), EARLY_CHANGE_TTL_SECONDS],
      );
      if (typeof found !== 'string') return undefined;
      const raw = found;
      const current = parseLine(raw);
      const nextRaw = JSON.stringify(this.counted(mergeLine(current, patch)));
      if (nextRaw === raw) return current;
      const replaced = await this.replaceLine([this.keys.history(channelId)], [raw, nextRaw]);
      if (replaced === 1) return parseLine(nextRaw);
    }
    throw new Error(`editing message ${messageId} in channel ${channelId} lost ${MAX_EDIT_ATTEMPTS} races`);
  }

  /** A person deleted their message: its line goes, or, not stored yet, is dropped when it arrives. */
  async removeByMessageId(channelId: string, messageId: string): Promise<boolean> {
    const removed = await this.removeLine(
      [this.keys.history(channelId), this.keys.earlyChange(channelId, messageId)],
      [messageId, jsonNeedle(messageId), EARLY_CHANGE_TTL_SECONDS],
    );
    return removed === 1;
  }

  /** Forgets the lines but not the counter, so ids handed out after a clear are still new. */
  async clear(channelId: string): Promise<void> {
    await this.redis.del(this.keys.history(channelId));
  }

  /** The fields with their text's token count (replacing any given one), or with none without a counter. */
  private counted<T extends Pick<Line, 'text' | 'tokens'>>(fields: T): T {
    const { tokens: _given, ...rest } = fields;
    return (this.tokens ? { ...fields, tokens: this.tokens.count(fields.text) } : rest) as T;
  }

  private async findRaw(channelId: string, messageId: string): Promise<string | undefined> {
    const raw = await this.findLine([this.keys.history(channelId)], [messageId, jsonNeedle(messageId)]);
    return typeof raw === 'string' ? raw : undefined;
  }
}

function parseLine(raw: string): Line {
  return JSON.parse(raw) as Line;
}

/** The id as it appears between the quotes of a JSON string, for the scripts' substring pre-test. */
function jsonNeedle(messageId: string): string {
  return JSON.stringify(messageId).slice(1, -1);
}

function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function withoutIds(patch: Partial<Line>): Partial<Line> {
  const { id: _id, seq: _seq, ...rest } = definedFields(patch);
  return rest;
}

/** A waiting edit merged into a line about to be stored (key order kept, as in `mergeLine`). */
function mergeFields(fields: Omit<NewLine, 'at'>, patch: Partial<Line>): Omit<NewLine, 'at'> {
  return { ...fields, ...withoutIds(patch) };
}

function mergeLine(current: Line, patch: Partial<Line>): Line {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  // Spreading keeps the stored key order, so an unchanged line serialises to the same JSON.
  return { ...current, ...defined, id: current.id, seq: current.seq };
}
