// The channel history in Redis: per channel a capped list of `Line` JSON, oldest first, and a counter
// that hands out line ids. Appends are one Lua round trip (id, push and cap together), so concurrent
// writers from several processes get a strict order without gaps.
import type { Redis } from 'ioredis';
import type { Line, NewLine } from '../core/line.js';
import { systemClock, type Clock, type HistoryStore } from '../core/ports.js';
import { appendLineScript, findLineScript, removeLineScript, replaceLineScript } from './history-scripts.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript } from './lua-script.js';

export const DEFAULT_HISTORY_LIMIT = 500;

/** Compare-and-set attempts of one edit before giving up; each lost race means another writer won. */
const MAX_EDIT_ATTEMPTS = 20;

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
}

export class RedisHistoryStore implements HistoryStore {
  private readonly historyLimit: number;
  private readonly clock: Clock;
  private readonly appendLine: LuaScript;
  private readonly findLine: LuaScript;
  private readonly removeLine: LuaScript;
  private readonly replaceLine: LuaScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    options: RedisHistoryStoreOptions = {},
  ) {
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(this.historyLimit) || this.historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${this.historyLimit}`);
    }
    this.clock = options.clock ?? systemClock;
    this.appendLine = defineLuaScript(redis, appendLineScript);
    this.findLine = defineLuaScript(redis, findLineScript);
    this.removeLine = defineLuaScript(redis, removeLineScript);
    this.replaceLine = defineLuaScript(redis, replaceLineScript);
  }

  async append(channelId: string, line: NewLine): Promise<Line> {
    // The store owns id and seq; a stray one on the input (the type forbids it, JS does not) is dropped
    // rather than stored next to the real one.
    const { id: _id, seq: _seq, ...fields } = line as NewLine & Partial<Pick<Line, 'id' | 'seq'>>;
    // JSON drops undefined fields, so a line reads back without keys it never had a value for.
    const body = JSON.stringify({ ...fields, at: line.at ?? this.clock.now() });
    const seq = await this.appendLine(
      [this.keys.history(channelId), this.keys.seq(channelId)],
      [body, this.historyLimit],
    );
    if (typeof seq !== 'number') throw new Error(`history append returned ${String(seq)}`);
    return { id: String(seq), seq, ...(JSON.parse(body) as Omit<Line, 'id' | 'seq'>) };
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

  /** Merges the patch into the line (undefined fields in the patch are ignored; id and seq never change). */
  async editByMessageId(
    channelId: string,
    messageId: string,
    patch: Pick<Line, 'text'> & Partial<Line>,
  ): Promise<Line | undefined> {
    // Optimistic: read, merge in TypeScript, write only if the line is still what was read. Merging in
    // Lua would need cjson to re-encode the line, which does not round-trip.
    for (let attempt = 0; attempt < MAX_EDIT_ATTEMPTS; attempt++) {
      const raw = await this.findRaw(channelId, messageId);
      if (raw === undefined) return undefined;
      const current = parseLine(raw);
      const nextRaw = JSON.stringify(mergeLine(current, patch));
      if (nextRaw === raw) return current;
      const replaced = await this.replaceLine([this.keys.history(channelId)], [raw, nextRaw]);
      if (replaced === 1) return parseLine(nextRaw);
    }
    throw new Error(`editing message ${messageId} in channel ${channelId} lost ${MAX_EDIT_ATTEMPTS} races`);
  }

  async removeByMessageId(channelId: string, messageId: string): Promise<boolean> {
    const removed = await this.removeLine([this.keys.history(channelId)], [messageId, jsonNeedle(messageId)]);
    return removed === 1;
  }

  /** Forgets the lines but not the counter, so ids handed out after a clear are still new. */
  async clear(channelId: string): Promise<void> {
    await this.redis.del(this.keys.history(channelId));
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

function mergeLine(current: Line, patch: Partial<Line>): Line {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  // Spreading keeps the stored key order, so an unchanged line serialises to the same JSON.
  return { ...current, ...defined, id: current.id, seq: current.seq };
}
