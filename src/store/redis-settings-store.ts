// Channel settings in Redis: one JSON string per channel holding only what was set explicitly, so a
// channel picks up changed defaults for everything it never touched. Changes are read-modify-write with
// a compare-and-set script, retried on a lost race, so concurrent commands never drop each other's
// edits. (WATCH would not do: it is per connection, and ioredis shares one connection among callers.)
import type { RedisClient } from './redis-connection.js';
import { withDefaults, type ChannelSettings } from '../core/channel-settings.js';
import type { SettingsStore } from '../core/ports.js';
import type { Keys } from './keys.js';
import { defineLuaScript, type LuaScript, type LuaScriptDefinition } from './lua-script.js';

/** Attempts of one change before giving up; each lost race means another writer's change landed. */
const MAX_CHANGE_ATTEMPTS = 50;

/** What is stored: the explicitly set fields. */
type StoredSettings = Partial<ChannelSettings>;

const compareAndSetScript: LuaScriptDefinition = {
  name: 'troupeCompareAndSet',
  numberOfKeys: 1,
  lua: `
--[[
  Sets a string key only if it still holds what the caller read.
  KEYS[1] the key
  ARGV[1] '1' if the caller read a value, '0' if the key was missing
  ARGV[2] the value read ('' when ARGV[1] is '0')
  ARGV[3] the new value
  Returns: 1 if set, 0 if the key changed meanwhile
]]
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3])
return 1
`,
};

export class RedisSettingsStore implements SettingsStore {
  private readonly compareAndSet: LuaScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {
    this.compareAndSet = defineLuaScript(redis, compareAndSetScript);
  }

  async get(channelId: string): Promise<ChannelSettings> {
    const key = this.keys.settings(channelId);
    return withDefaults(parseStored(key, await this.redis.get(key)));
  }

  /**
   * Merges the patch over the stored settings (`silence` field by field; arrays are replaced whole).
   * A field given as `undefined` is reset to its default, which is how `scene` is cleared.
   */
  update(channelId: string, patch: Partial<ChannelSettings>): Promise<ChannelSettings> {
    return this.change(channelId, (stored) => {
      const merged = { ...stored, ...patch };
      if (patch.silence !== undefined) merged.silence = { ...stored.silence, ...patch.silence };
      return merged;
    });
  }

  /** Adds a persona at the end of the cast; no change if it is already in. */
  addToCast(channelId: string, personaId: string): Promise<ChannelSettings> {
    return this.change(channelId, (stored) => {
      const { cast } = withDefaults(stored);
      return cast.includes(personaId) ? stored : { ...stored, cast: [...cast, personaId] };
    });
  }

  /** Takes a persona out of the cast, and unmutes it so it does not come back muted. */
  removeFromCast(channelId: string, personaId: string): Promise<ChannelSettings> {
    return this.change(channelId, (stored) => {
      const { cast, muted } = withDefaults(stored);
      if (!cast.includes(personaId) && !muted.includes(personaId)) return stored;
      return {
        ...stored,
        cast: cast.filter((id) => id !== personaId),
        muted: muted.filter((id) => id !== personaId),
      };
    });
  }

  private async change(
    channelId: string,
    apply: (stored: StoredSettings) => StoredSettings,
  ): Promise<ChannelSettings> {
    const key = this.keys.settings(channelId);
    for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(key);
      const nextRaw = JSON.stringify(apply(parseStored(key, raw)));
      // Parsed back rather than used directly, so the result is exactly what `get` will return (no
      // fields left as undefined).
      const next = withDefaults(JSON.parse(nextRaw) as StoredSettings);
      if (nextRaw === raw || (raw === null && nextRaw === '{}')) return next;
      const set = await this.compareAndSet([key], raw === null ? ['0', '', nextRaw] : ['1', raw, nextRaw]);
      if (set === 1) return next;
    }
    throw new Error(`changing the settings of channel ${channelId} lost ${MAX_CHANGE_ATTEMPTS} races`);
  }
}

function parseStored(key: string, raw: string | null): StoredSettings {
  if (raw === null) return {};
  const value: unknown = JSON.parse(raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${key} does not hold a settings object`);
  }
  return value as StoredSettings;
}
