// The `TurnLedger` port on Redis: the highest line a turn was requested for (so older pending turns
// know they are superseded) and the at-most-once record of each turn's post.
import type { Redis } from 'ioredis';
import type { TurnLedger, TurnRecord } from '../core/ports.js';
import type { TurnTrigger } from '../core/line.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript } from './lua-script.js';

/** How long a turn's post record is kept: long enough for every retry of the turn. */
export const TURN_RECORD_TTL_SECONDS = 24 * 3_600;

export class RedisTurnLedger implements TurnLedger {
  private readonly raiseField: LuaScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.raiseField = defineLuaScript(redis, {
      name: 'troupeRaiseTurnField',
      numberOfKeys: 1,
      /**
       * KEYS[1] the channel's turn hash
       * ARGV[1] field (`requestedSeq` or `answeredSeq`)
       * ARGV[2] line seq
       * Sets the field to ARGV[2] when that is higher. Returns the stored value.
       */
      lua: `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local seq = tonumber(ARGV[2])
if seq > current then redis.call('HSET', KEYS[1], ARGV[1], seq) return seq end
return current`,
    });
  }

  async markRequested(channelId: string, seq: number): Promise<void> {
    await this.raiseField([this.keys.turn(channelId)], ['requestedSeq', seq]);
  }

  async markAnswered(channelId: string, seq: number): Promise<void> {
    await this.raiseField([this.keys.turn(channelId)], ['answeredSeq', seq]);
  }

  async replyPending(channelId: string): Promise<boolean> {
    const [requested, answered] = await this.redis.hmget(
      this.keys.turn(channelId),
      'requestedSeq',
      'answeredSeq',
    );
    return Number(requested ?? 0) > Number(answered ?? 0);
  }

  async requestedSeq(channelId: string): Promise<number> {
    return Number((await this.redis.hget(this.keys.turn(channelId), 'requestedSeq')) ?? 0);
  }

  async get(turnId: string): Promise<TurnRecord | undefined> {
    const fields = await this.redis.hgetall(this.keys.turnRecord(turnId));
    if (!fields.state || !fields.personaId) return undefined;
    return {
      state: fields.state === 'posted' ? 'posted' : 'posting',
      personaId: fields.personaId,
      text: fields.text ?? '',
      trigger: (fields.trigger ?? 'reply') as TurnTrigger,
      ...(fields.messageIds ? { messageIds: JSON.parse(fields.messageIds) as string[] } : {}),
    };
  }

  async markPosting(turnId: string, record: Omit<TurnRecord, 'state' | 'messageIds'>): Promise<void> {
    const key = this.keys.turnRecord(turnId);
    await this.redis
      .multi()
      .hset(key, {
        state: 'posting',
        personaId: record.personaId,
        text: record.text,
        trigger: record.trigger,
      })
      .expire(key, TURN_RECORD_TTL_SECONDS)
      .exec();
  }

  async markPosted(turnId: string, messageIds: string[]): Promise<void> {
    await this.redis.hset(this.keys.turnRecord(turnId), {
      state: 'posted',
      messageIds: JSON.stringify(messageIds),
    });
  }
}
