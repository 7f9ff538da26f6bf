// The Lua scripts behind the Redis history store. Each runs atomically on the channel's slot (all its
// keys share the channel's hash tag). Lines are stored as the exact JSON the store wrote: the scripts
// splice or compare strings and decode only to match message ids, never re-encode, because cjson would
// turn `[]` into `{}` and reorder fields, and a line must read back exactly as written.
import type { LuaScriptDefinition } from './lua-script.js';

/** Lines examined per LRANGE while searching backwards, so a long history is not copied at once. */
const SCAN_CHUNK = 100;

/**
 * Shared by the find and remove scripts: the newest line whose `messageId` or `messageIds` holds the id.
 * `needle` is the id as it appears inside JSON (escaped), for a cheap substring test before decoding.
 */
const FIND_BY_MESSAGE_ID = `
local function findByMessageId(key, messageId, needle)
  local stop = redis.call('LLEN', key) - 1
  while stop >= 0 do
    local start = math.max(0, stop - ${SCAN_CHUNK - 1})
    local lines = redis.call('LRANGE', key, start, stop)
    for i = #lines, 1, -1 do
      local raw = lines[i]
      -- Most lines do not mention the id at all; only the few that do are decoded.
      if string.find(raw, needle, 1, true) then
        local ok, line = pcall(cjson.decode, raw)
        if ok and type(line) == 'table' then
          if line.messageId == messageId then return raw end
          if type(line.messageIds) == 'table' then
            for _, id in ipairs(line.messageIds) do
              if id == messageId then return raw end
            end
          end
        end
      end
    end
    stop = start - 1
  end
  return nil
end
`;

export const appendLineScript: LuaScriptDefinition = {
  name: 'troupeHistoryAppend',
  numberOfKeys: 2,
  lua: `
--[[
  Appends a line to a channel's history with the next seq, and drops the oldest lines beyond the cap.
  KEYS[1] history list
  KEYS[2] seq counter (INCR; never reset, so ids are never reused)
  ARGV[1] the line as a JSON object without "id" and "seq", at least one field ('{"kind":…}')
  ARGV[2] cap: how many lines are kept (>= 1)
  Returns: the line's seq (integer)
]]
local seq = redis.call('INCR', KEYS[2])
-- id and seq go first; the rest of the object is spliced in unchanged.
local line = '{"id":"' .. seq .. '","seq":' .. seq .. ',' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[1], line)
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
return seq
`,
};

export const findLineScript: LuaScriptDefinition = {
  name: 'troupeHistoryFind',
  numberOfKeys: 1,
  lua: `
--[[
  Finds the newest line carrying a platform message id (as messageId or in messageIds).
  KEYS[1] history list
  ARGV[1] message id
  ARGV[2] the message id as escaped inside JSON (for the substring pre-test)
  Returns: the line's stored JSON, or nil
]]
${FIND_BY_MESSAGE_ID}
return findByMessageId(KEYS[1], ARGV[1], ARGV[2])
`,
};

export const removeLineScript: LuaScriptDefinition = {
  name: 'troupeHistoryRemove',
  numberOfKeys: 1,
  lua: `
--[[
  Removes the newest line carrying a platform message id (as messageId or in messageIds).
  KEYS[1] history list
  ARGV[1] message id
  ARGV[2] the message id as escaped inside JSON (for the substring pre-test)
  Returns: 1 if a line was removed, 0 if none matched
]]
${FIND_BY_MESSAGE_ID}
local raw = findByMessageId(KEYS[1], ARGV[1], ARGV[2])
if not raw then return 0 end
-- Every line's JSON is unique (it starts with its own id), so this removes exactly the line found.
return redis.call('LREM', KEYS[1], -1, raw)
`,
};

export const replaceLineScript: LuaScriptDefinition = {
  name: 'troupeHistoryReplace',
  numberOfKeys: 1,
  lua: `
--[[
  Compare-and-set of one line: replaces it only if it is still stored exactly as the caller read it.
  KEYS[1] history list
  ARGV[1] the line's JSON as read
  ARGV[2] the new JSON
  Returns: 1 if replaced, 0 if the line changed, moved out under the cap or was removed meanwhile
]]
local index = redis.call('LPOS', KEYS[1], ARGV[1], 'RANK', -1)
if not index then return 0 end
redis.call('LSET', KEYS[1], index, ARGV[2])
return 1
`,
};
