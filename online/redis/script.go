package redis

import goredis "github.com/redis/go-redis/v9"

// putScript stores each ARGV blob in field ARGV view of hash KEYS[i]
// unless the stored blob is byte-wise greater or equal: the event-time
// check (blobs start with the event time) done atomically on the server.
// Strings are compared byte by byte because Lua's < on strings follows the
// server's locale (Redis sets LC_COLLATE from its environment).
//
// KEYS: hash keys. ARGV: field_1, blob_1, field_2, blob_2, ...
// Returns the number of rows written.
var putScript = goredis.NewScript(`
local function greater(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end
local written = 0
for i, key in ipairs(KEYS) do
  local field, blob = ARGV[2 * i - 1], ARGV[2 * i]
  local old = redis.call('HGET', key, field)
  if (not old) or greater(blob, old) then
    redis.call('HSET', key, field, blob)
    written = written + 1
  end
end
return written
`)
