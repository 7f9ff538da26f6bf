// Session ids per (channel, persona) in Redis, sent to Qwen as `x-dashscope-aca-session` so a persona's
// session cache and long-term memory follow one scene. Also each persona's memory cursor: how far the
// channel's history has been fed into that session, so it is reset whenever the session is.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection.js';
import type { SessionStore } from '../core/ports.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript, type LuaScriptDefinition } from './lua-script.js';

export interface RedisSessionStoreOptions {
  /**
   * Makes a new session id.
   * @defaultValue `crypto.randomUUID`
   */
  newSessionId?: () => string;
}

export interface SetCursorOptions {
  /**
   * Only move the cursor if this is still the persona's session: a turn that started before a rotate
   * must not mark lines as remembered by the new session.
   */
  sessionId?: string;
}

const advanceCursorScript: LuaScriptDefinition = {
  name: 'troupeSessionAdvanceCursor',
  numberOfKeys: 2,
  lua: `
--[[
  Moves a persona's memory cursor forward, never back (two turns may finish out of order).
  KEYS[1] memory cursor hash (personaId -> seq)
  KEYS[2] sessions hash (personaId -> session id)
  ARGV[1] persona id
  ARGV[2] seq of the last line sent to the session
  ARGV[3] the session id the lines were sent to, or '' to skip that check
  Returns: 1 if the cursor moved, 0 if it was already there or the session changed
]]
if ARGV[3] ~= '' and redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[3] then return 0 end
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`,
};

export class RedisSessionStore implements SessionStore {
  private readonly newSessionId: () => string;
  private readonly advanceCursor: LuaScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    options: RedisSessionStoreOptions = {},
  ) {
    this.newSessionId = options.newSessionId ?? randomUUID;
    this.advanceCursor = defineLuaScript(redis, advanceCursorScript);
  }

  async get(channelId: string, personaId: string): Promise<string> {
    const key = this.keys.sessions(channelId);
    // HSETNX then HGET in one transaction: whichever process gets there first sets the id, and every
    // caller reads back the one that won.
    const replies = await this.redis
      .multi()
      .hsetnx(key, personaId, this.newSessionId())
      .hget(key, personaId)
      .exec();
    const [error, sessionId] = replies?.[1] ?? [new Error('transaction aborted'), null];
    if (error) throw error;
    if (typeof sessionId !== 'string') throw new Error(`no session id for ${personaId} in ${channelId}`);
    return sessionId;
  }

  async rotate(channelId: string, personaId: string): Promise<string> {
    const sessionId = this.newSessionId();
    await this.redis
      .multi()
      .hset(this.keys.sessions(channelId), personaId, sessionId)
      .hdel(this.keys.memCursor(channelId), personaId)
      .exec();
    return sessionId;
  }

  /** Forgets every persona's session and cursor; the next `get` creates fresh ones. */
  async rotateAll(channelId: string): Promise<void> {
    await this.redis.del(this.keys.sessions(channelId), this.keys.memCursor(channelId));
  }

  /** The seq of the last line already sent to the persona's long-term-memory session; 0 if none. */
  async getCursor(channelId: string, personaId: string): Promise<number> {
    const value = await this.redis.hget(this.keys.memCursor(channelId), personaId);
    return value === null ? 0 : Number(value);
  }

  /**
   * Records that lines up to `seq` were sent to the persona's session. Never moves the cursor back;
   * resolves to whether it moved.
   */
  async setCursor(
    channelId: string,
    personaId: string,
    seq: number,
    options: SetCursorOptions = {},
  ): Promise<boolean> {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`cursor must be a seq, got ${seq}`);
    const moved = await this.advanceCursor(
      [this.keys.memCursor(channelId), this.keys.sessions(channelId)],
      [personaId, seq, options.sessionId ?? ''],
    );
    return moved === 1;
  }
}
