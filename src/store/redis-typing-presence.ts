// Who is typing, in Redis: per channel a hash of person id → "since:until" (epoch ms, fractions kept:
// a message and the typing right after it can arrive within one millisecond). Every process sees
// the same hash, so a turn on any worker holds for a person typing on any gateway connection. The key
// expires with its latest entry: a person who never sends leaves nothing behind.
import type { RedisClient } from './redis-connection.js';
import type { TypingPresence } from '../core/ports.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript } from './lua-script.js';

// The typing a message ends is typing seen before it arrived; typing seen after it (the person went on)
// must survive, even when the message's handler runs late. One script, so nothing slips in between.
const STOPPED_LUA = `
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return 0 end
local since = tonumber(string.match(value, '^([%d%.]+):'))
if since and since <= tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
return 0
`;

function untilOf(value: string): number {
  return Number(value.slice(value.indexOf(':') + 1));
}

export class RedisTypingPresence implements TypingPresence {
  private readonly stoppedScript: LuaScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {
    this.stoppedScript = defineLuaScript(redis, {
      name: 'troupeTypingStopped',
      numberOfKeys: 1,
      lua: STOPPED_LUA,
    });
  }

  async started(channelId: string, personId: string, since: number, until: number): Promise<void> {
    const key = this.keys.typing(channelId);
    // Every entry is "seen + the same hold", so the newest call carries the latest `until`.
    await this.redis.multi().hset(key, personId, `${since}:${until}`).pexpireat(key, Math.ceil(until)).exec();
  }

  async stopped(channelId: string, personId: string, sentAt: number): Promise<void> {
    await this.stoppedScript([this.keys.typing(channelId)], [personId, sentAt]);
  }

  async typingAt(channelId: string, now: number): Promise<Map<string, number>> {
    const typing = new Map<string, number>();
    for (const [personId, value] of Object.entries(await this.redis.hgetall(this.keys.typing(channelId)))) {
      const until = untilOf(value);
      if (until > now) typing.set(personId, until);
    }
    return typing;
  }
}
