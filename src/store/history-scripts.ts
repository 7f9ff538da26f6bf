// The Lua scripts behind the Redis history store. Each runs atomically on the channel's slot (all its
// keys share the channel's hash tag). Lines are stored as the exact JSON the store wrote: the scripts
// splice or compare strings and decode only to match message ids, never re-encode, because cjson would
// turn `[]` into `{}` and reorder fields, and a line must read back exactly as written.
import type { LuaScriptDefinition } from './lua-script.js';

/** Lines examined per LRANGE while searching backwards, so a long history is not copied at once. */
const SCAN_CHUNK = 100;

/** The early-change value of a message deleted before its line was stored (an edit's is a JSON object). */
export const EARLY_DELETION = 'deleted';

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
  numberOfKeys: 3,
  lua: `
--[[
  Appends a line to a channel's history with the next seq, and drops the oldest lines beyond the cap.
  A person's line first meets what was done to its message before it arrived (an edit or a deletion
  handled first, by any process): a deletion stores nothing; an edit the caller has not merged yet is
  handed back to be merged, so the line is never stored with its old words, not even for a moment.
  KEYS[1] history list
  KEYS[2] seq counter (INCR; never reset, so ids are never reused)
  KEYS[3] the early-change key of the line's message (any key of the channel when ARGV[3] is '0')
  ARGV[1] the line as a JSON object without "id" and "seq", at least one field ('{"kind":…}')
  ARGV[2] cap: how many lines are kept (>= 1)
  ARGV[3] '1' to apply an early change to this line (a person's line with a message id), else '0'
  ARGV[4] the early edit already merged into ARGV[1] by the caller, or ''
  Returns: the line's seq (integer); or 'deleted' (nothing stored); or the JSON patch of an early edit
  that ARGV[1] does not include yet (nothing stored: merge it and call again)
]]
if ARGV[3] == '1' then
  local early = redis.call('GET', KEYS[3])
  if early == '${EARLY_DELETION}' then
    redis.call('DEL', KEYS[3])
    return early
  end
  if early and early ~= ARGV[4] then return early end
  if early then redis.call('DEL', KEYS[3]) end
end
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
  numberOfKeys: 2,
  lua: `
--[[
  A person deleted their message: removes the newest person line carrying its id (as messageId or in
  messageIds). A persona's line stays (its message may be deleted as part of replacing it). When no line
  carries the id yet, the deletion waits for it (the append script drops the line when it arrives).
  KEYS[1] history list
  KEYS[2] the message's early-change key
  ARGV[1] message id
  ARGV[2] the message id as escaped inside JSON (for the substring pre-test)
  ARGV[3] how long a waiting deletion is kept, s
  Returns: 1 if a line was removed, 0 if not (a persona's line, or the deletion now waits)
]]
${FIND_BY_MESSAGE_ID}
local raw = findByMessageId(KEYS[1], ARGV[1], ARGV[2])
if not raw then
  redis.call('SET', KEYS[2], '${EARLY_DELETION}', 'EX', ARGV[3])
  return 0
end
local ok, line = pcall(cjson.decode, raw)
if not ok or type(line) ~= 'table' or line.kind ~= 'person' then return 0 end
-- Every line's JSON is unique (it starts with its own id), so this removes exactly the line found.
return redis.call('LREM', KEYS[1], -1, raw)
`,
};

export const findOrDeferEditScript: LuaScriptDefinition = {
  name: 'troupeHistoryFindOrDeferEdit',
  numberOfKeys: 2,
  lua: `
--[[
  The first step of an edit: finds the line to edit, or, when no line carries the id yet, keeps the edit
  for the line to be stored with (the append script merges it). A deletion already waiting wins.
  KEYS[1] history list
  KEYS[2] the message's early-change key
  ARGV[1] message id
  ARGV[2] the message id as escaped inside JSON (for the substring pre-test)
  ARGV[3] the edit's patch as JSON
  ARGV[4] how long a waiting edit is kept, s
  Returns: the line's stored JSON, or nil (the edit now waits, or a deletion does)
]]
${FIND_BY_MESSAGE_ID}
local raw = findByMessageId(KEYS[1], ARGV[1], ARGV[2])
if raw then return raw end
if redis.call('GET', KEYS[2]) ~= '${EARLY_DELETION}' then
  redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
end
return nil
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
