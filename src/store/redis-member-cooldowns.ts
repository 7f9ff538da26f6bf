// Members' cooldowns in Redis: one key with a TTL per member and server, so every process refuses a
// member who asked a moment ago through another one, and the key goes away on its own.
import type { RedisClient } from './redis-connection.js';
import type { CooldownScope, MemberCooldowns } from '../core/ports.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript, type LuaScriptDefinition } from './lua-script.js';

const claimScript: LuaScriptDefinition = {
  name: 'troupeClaimCooldown',
  numberOfKeys: 1,
  lua: `
--[[
  Starts a cooldown unless one is running.
  KEYS[1] the member's cooldown key
  ARGV[1] the cooldown, ms
  Returns: 0 when it started, else the ms left of the running one
]]
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left > 0 then return left end
-- A key without a TTL (never written so) or gone in between: start afresh.
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 0
`,
};

export class RedisMemberCooldowns implements MemberCooldowns {
  private readonly claimCooldown: LuaScript;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
  ) {
    this.claimCooldown = defineLuaScript(redis, claimScript);
  }

  async claim(scope: CooldownScope, memberId: string, ms: number): Promise<number> {
    const key = this.keys.memberCooldown(scope, memberId);
    return Number(await this.claimCooldown([key], [Math.max(1, Math.round(ms))]));
  }
}
