// The `TurnLedger` port on Redis: the highest line a turn was requested for (so older pending turns
// know they are superseded) and the at-most-once record of each turn's post.
import type { RedisClient } from './redis-connection.js';
import type { TurnLedger, TurnRecord } from '../core/ports.js';
import type { TurnTrigger } from '../core/line.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript } from './lua-script.js';

/** How long a turn's post record is kept: long enough for every retry of the turn. */
export const TURN_RECORD_TTL_SECONDS = 24 * 3_600;

export class RedisTurnLedger implements TurnLedger {
  private readonly raiseField: LuaScript;
  private readonly claimPost: LuaScript;

  constructor(
    private readonly redis: RedisClient,
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
    this.claimPost = defineLuaScript(redis, {
      name: 'troupeClaimTurnPost',
      numberOfKeys: 1,
      /**
       * KEYS[1] the turn's record hash
       * ARGV[1] ttl, s
       * ARGV[2..] field, value, … (state posting, persona, text, trigger; the name and seen seq when given)
       * Writes the record only if the turn has none. Returns 1 when written (the caller may post), else 0.
       */
      lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`,
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
      ...(fields.speakerName ? { speakerName: fields.speakerName } : {}),
      text: fields.text ?? '',
      trigger: (fields.trigger ?? 'reply') as TurnTrigger,
      ...(fields.seenSeq ? { seenSeq: Number(fields.seenSeq) } : {}),
      ...(fields.messageIds ? { messageIds: JSON.parse(fields.messageIds) as string[] } : {}),
    };
  }

  async markPosting(turnId: string, record: Omit<TurnRecord, 'state' | 'messageIds'>): Promise<boolean> {
    // One atomic claim: two runs of the same turn (a job BullMQ thought stalled while its worker was
    // only slow) cannot both pass it, so the reply is posted at most once.
    const claimed = await this.claimPost(
      [this.keys.turnRecord(turnId)],
      [
        TURN_RECORD_TTL_SECONDS,
        'state',
        'posting',
        'personaId',
        record.personaId,
        'text',
        record.text,
        'trigger',
        record.trigger,
        ...(record.speakerName === undefined ? [] : ['speakerName', record.speakerName]),
        ...(record.seenSeq === undefined ? [] : ['seenSeq', String(record.seenSeq)]),
      ],
    );
    return claimed === 1;
  }

  async markPosted(turnId: string, messageIds: string[]): Promise<void> {
    await this.redis.hset(this.keys.turnRecord(turnId), {
      state: 'posted',
      messageIds: JSON.stringify(messageIds),
    });
  }
}
