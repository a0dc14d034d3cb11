/**
 * The Lua scripts of the Redis store. Each runs atomically on the server, which is what
 * makes a versioned write, a queue move or a record re-index all-or-nothing.
 */
import { createHash } from 'node:crypto';

/** A Lua script with its SHA1, for EVALSHA. */
export interface LuaScript {
  lua: string;
  sha: string;
}

const script = (lua: string): LuaScript => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });

/**
 * KEYS[1] state hash {v, value}; ARGV[1] json, ARGV[2] expected version.
 * Returns the new version, or -1 - actual on a conflict.
 */
export const PUT_STATE = script(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[2]) then return -1 - v end
redis.call('HSET', KEYS[1], 'v', v + 1, 'value', ARGV[1])
return v + 1
`);

/** KEYS[1] log list, KEYS[2] stream-name sorted set; ARGV[1] json, ARGV[2] stream name. Returns the seq. */
export const APPEND = script(`
local seq = redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 'NX', 0, ARGV[2])
return seq
`);

/**
 * KEYS[1] log list; ARGV = (index, old json, new json)*. Writes only if every old value is
 * still there (compare-and-set), so two rewrites never interleave. Returns 1, or 0 to retry.
 */
export const REWRITE = script(`
for i = 1, #ARGV, 3 do
  if redis.call('LINDEX', KEYS[1], ARGV[i]) ~= ARGV[i + 1] then return 0 end
end
for i = 1, #ARGV, 3 do redis.call('LSET', KEYS[1], ARGV[i], ARGV[i + 2]) end
return 1
`);

/** KEYS[1] id list, KEYS[2] items hash; ARGV[1] id, ARGV[2] json. Returns 1 when queued, 0 when already there. */
export const ENQUEUE = script(`
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
`);

/** KEYS[1] id list, KEYS[2] items hash. Returns {id, json} of the head, or nil. */
export const DEQUEUE = script(`
local id = redis.call('LPOP', KEYS[1])
if not id then return false end
local item = redis.call('HGET', KEYS[2], id)
redis.call('HDEL', KEYS[2], id)
return {id, item}
`);

/** KEYS[1] id list, KEYS[2] items hash; ARGV[1] id. Returns 1 when it was queued. */
export const REMOVE_FROM_QUEUE = script(`
if redis.call('HDEL', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('LREM', KEYS[1], 1, ARGV[1])
return 1
`);

/** KEYS[1] id list, KEYS[2] items hash. Returns {id1, json1, id2, json2, …}, head first. */
export const LIST_QUEUE = script(`
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[2], id)
end
return out
`);

// Index sets are named base .. #field .. ':' .. field .. ':' .. value: the byte length makes
// the name unambiguous whatever ':' the field or value contain.
const SET_KEY = `local function setkey(f, v) return ARGV[1] .. #f .. ':' .. f .. ':' .. v end`;
const UNINDEX = `
local old = redis.call('HGET', KEYS[2], ARGV[2])
if old then
  for f, v in pairs(cjson.decode(old)) do redis.call('SREM', setkey(f, v), ARGV[2]) end
end`;

/**
 * KEYS[1] docs hash, KEYS[2] index-values hash; ARGV[1] set-name base, ARGV[2] id,
 * ARGV[3] doc json, ARGV[4] index json ({field: value}). Moves the id between index sets.
 */
export const PUT_RECORD = script(`
${SET_KEY}
${UNINDEX}
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
for f, v in pairs(cjson.decode(ARGV[4])) do redis.call('SADD', setkey(f, v), ARGV[2]) end
return 1
`);

/** KEYS[1] docs hash, KEYS[2] index-values hash; ARGV[1] set-name base, ARGV[2] id. */
export const DELETE_RECORD = script(`
${SET_KEY}
${UNINDEX}
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
return 1
`);

/**
 * KEYS[1] docs hash; ARGV[1] set-name base, then (field, value)*. Returns
 * {id1, json1, …} of the records in every index set (unsorted).
 */
export const FIND_RECORDS = script(`
${SET_KEY}
local sets = {}
for i = 2, #ARGV, 2 do sets[#sets + 1] = setkey(ARGV[i], ARGV[i + 1]) end
local out = {}
for _, id in ipairs(redis.call('SINTER', unpack(sets))) do
  local doc = redis.call('HGET', KEYS[1], id)
  if doc then
    out[#out + 1] = id
    out[#out + 1] = doc
  end
end
return out
`);

/** KEYS[1] lock; ARGV[1] token. Deletes the lock only if we still hold it. */
export const RELEASE_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
