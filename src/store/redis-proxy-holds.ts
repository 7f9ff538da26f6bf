// People's messages held back for a moment where a proxy bot (Tupperbox, PluralKit) may replace them,
// and the proxy bots' recent copies, shared by every process: the original's MESSAGE_CREATE, the copy's
// and the original's MESSAGE_DELETE may each be handled by a different process, in any order.
//
// One hash per channel (expires a minute after its last write): `h:<messageId>` a held message (JSON
// `HeldMessage`), `d:<messageId>` a deletion seen (before or after its message arrived), `c:<messageId>`
// a proxy's copy not yet matched to an original (JSON `ProxyCopy`), `p:<messageId>` what the original
// of a copy handled first tells about it (JSON `CopyOrigin`: the person behind it, whom it replied to
// or mentioned). Taking a held message is one
// HDEL, so exactly one of "release it after the hold" and "a copy replaced it" wins.
import type { RedisClient } from './redis-connection.js';
import type { Line, NewLine } from '../core/line.js';
import type { Keys } from './keys.js';

/** How long the records of one channel outlive its last write: far beyond any hold, ms. */
export const PROXY_RECORD_TTL_MS = 60_000;

export interface HeldMessage {
  /** The person's line, as it would be stored. */
  line: NewLine;
  /** The message's raw text (proxy tags included). */
  content: string;
  /** Attachment file names: a proxy re-uploads them under the same names. */
  files: string[];
  /** Epoch ms it arrived. */
  at: number;
  /**
   * When its gateway event was handled (epoch ms): the copy replacing it ends the typing that wrote it,
   * not typing that came after it (the person going on).
   */
  receivedAt: number;
}

export interface ProxyCopy {
  content: string;
  files: string[];
  at: number;
}

/** What a copy's original tells about it: the copy itself says nothing of who wrote it or whom it answers. */
export interface CopyOrigin {
  /** The person behind the character. */
  playerId: string;
  /** Whom the original replied to (a Discord reply). */
  replyTo?: Line['replyTo'];
  /** Personas the original @-mentioned. */
  mentions?: string[];
}

export interface ProxyRecords {
  held: Map<string, HeldMessage & { deleted: boolean }>;
  copies: Map<string, ProxyCopy>;
}

export class RedisProxyHolds {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** Marks the channel as one where a proxy bot speaks, for `ttlMs`. */
  async markSeen(channelId: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.proxySeen(channelId), '1', 'PX', ttlMs);
  }

  async seen(channelId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.proxySeen(channelId))) === 1;
  }

  async records(channelId: string): Promise<ProxyRecords> {
    const all = await this.redis.hgetall(this.keys.proxyHolds(channelId));
    const held = new Map<string, HeldMessage & { deleted: boolean }>();
    const copies = new Map<string, ProxyCopy>();
    for (const [field, value] of Object.entries(all)) {
      const id = field.slice(2);
      if (field.startsWith('h:')) held.set(id, { ...(JSON.parse(value) as HeldMessage), deleted: false });
      else if (field.startsWith('c:')) copies.set(id, JSON.parse(value) as ProxyCopy);
    }
    for (const field of Object.keys(all)) {
      const entry = field.startsWith('d:') ? held.get(field.slice(2)) : undefined;
      if (entry) entry.deleted = true;
    }
    return { held, copies };
  }

  /** Holds a message; false when its deletion was already seen (it must leave no trace). */
  async hold(channelId: string, messageId: string, message: HeldMessage): Promise<boolean> {
    const key = this.keys.proxyHolds(channelId);
    const result = await this.redis
      .multi()
      .hexists(key, `d:${messageId}`)
      .hset(key, `h:${messageId}`, JSON.stringify(message))
      .pexpire(key, PROXY_RECORD_TTL_MS)
      .exec();
    return result?.[0]?.[1] !== 1;
  }

  /**
   * Takes a held message out (the hold is over, or a copy replaced it). Returns it only to the one
   * caller that removed it, with `deleted` telling whether its deletion was seen meanwhile.
   */
  async take(
    channelId: string,
    messageId: string,
  ): Promise<(HeldMessage & { deleted: boolean }) | undefined> {
    const key = this.keys.proxyHolds(channelId);
    const result = await this.redis
      .multi()
      .hget(key, `h:${messageId}`)
      .hdel(key, `h:${messageId}`)
      .hexists(key, `d:${messageId}`)
      .exec();
    const value = result?.[0]?.[1];
    if (typeof value !== 'string' || result?.[1]?.[1] !== 1) return undefined;
    return { ...(JSON.parse(value) as HeldMessage), deleted: result[2]?.[1] === 1 };
  }

  /** A message was deleted: a held one is then never stored, even if it is still to arrive. */
  async markDeleted(channelId: string, messageId: string): Promise<void> {
    const key = this.keys.proxyHolds(channelId);
    await this.redis.multi().hset(key, `d:${messageId}`, '1').pexpire(key, PROXY_RECORD_TTL_MS).exec();
  }

  /** Keeps a proxy's copy that matched no held message, for an original handled later. */
  async addCopy(channelId: string, messageId: string, copy: ProxyCopy): Promise<void> {
    const key = this.keys.proxyHolds(channelId);
    await this.redis
      .multi()
      .hset(key, `c:${messageId}`, JSON.stringify(copy))
      .pexpire(key, PROXY_RECORD_TTL_MS)
      .exec();
  }

  /**
   * True for the one caller that removed the copy: its original, which tells about the copy
   * (`p:<messageId>`) for the copy's handler to read once its line is stored.
   */
  async takeCopy(channelId: string, messageId: string, origin: CopyOrigin): Promise<boolean> {
    const key = this.keys.proxyHolds(channelId);
    if ((await this.redis.hdel(key, `c:${messageId}`)) !== 1) return false;
    await this.redis
      .multi()
      .hset(key, `p:${messageId}`, JSON.stringify(origin))
      .pexpire(key, PROXY_RECORD_TTL_MS)
      .exec();
    return true;
  }

  /** What a copy's original told, once it came. */
  async originOf(channelId: string, messageId: string): Promise<CopyOrigin | undefined> {
    const value = await this.redis.hget(this.keys.proxyHolds(channelId), `p:${messageId}`);
    return value === null ? undefined : (JSON.parse(value) as CopyOrigin);
  }
}
