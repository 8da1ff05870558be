/**
 * Presence across nodes as Lua scripts, each atomic in Redis, so two nodes never both see a user come online or go
 * offline. Keys (all under the deployment's prefix `p`, built inside the scripts: one Redis, not Redis Cluster):
 *   p..'nodes'                 set of the nodes that registered
 *   p..'node:'..n..':alive'    present while node n sends heartbeats (expires after the TTL)
 *   p..'node:'..n..':sockets'  hash user -> that user's socket count on node n
 *   p..'user:'..u..':nodes'    set of the nodes where user u has sockets: online while it is not empty
 *   p..'user:'..u..':rooms'    set of the rooms u counts as online in (its rooms when it came online, kept by joins)
 *   p..'room:'..r..':online'   set of the users online in room r, on any node
 *   p..'profiles'              hash user -> its User as JSON, while online
 * Every script takes the prefix as ARGV[1].
 */

/** Removes node `node` from user `user`; on its last node, the user goes offline: returns its rooms. */
const LEAVE_NODE = `
local function leaveNode(p, node, user)
  local nodesKey = p .. 'user:' .. user .. ':nodes'
  redis.call('SREM', nodesKey, node)
  if redis.call('EXISTS', nodesKey) == 1 then return {} end
  local roomsKey = p .. 'user:' .. user .. ':rooms'
  local rooms = redis.call('SMEMBERS', roomsKey)
  for _, room in ipairs(rooms) do redis.call('SREM', p .. 'room:' .. room .. ':online', user) end
  redis.call('DEL', roomsKey)
  redis.call('HDEL', p .. 'profiles', user)
  return rooms
end
`;

/**
 * ARGV: prefix, node, user id, user JSON, room ids... Returns [cameOnline (1/0), room ids...]: when the user was
 * online already (on any node), the rooms tracked for it win over the given ones, like `Presence.connect`.
 */
export const CONNECT = `
local p, node, user = ARGV[1], ARGV[2], ARGV[3]
local nodesKey = p .. 'user:' .. user .. ':nodes'
local roomsKey = p .. 'user:' .. user .. ':rooms'
local wasOnline = redis.call('EXISTS', nodesKey) == 1
redis.call('HINCRBY', p .. 'node:' .. node .. ':sockets', user, 1)
redis.call('SADD', nodesKey, node)
if wasOnline then
  local rooms = redis.call('SMEMBERS', roomsKey)
  table.insert(rooms, 1, 0)
  return rooms
end
redis.call('HSET', p .. 'profiles', user, ARGV[4])
local result = {1}
for i = 5, #ARGV do
  redis.call('SADD', roomsKey, ARGV[i])
  redis.call('SADD', p .. 'room:' .. ARGV[i] .. ':online', user)
  result[#result + 1] = ARGV[i]
end
return result
`;

/** ARGV: prefix, node, user id. Returns the rooms the user went offline in (empty unless it did). */
export const DISCONNECT = `${LEAVE_NODE}
local p, node, user = ARGV[1], ARGV[2], ARGV[3]
local socketsKey = p .. 'node:' .. node .. ':sockets'
if redis.call('HINCRBY', socketsKey, user, -1) > 0 then return {} end
redis.call('HDEL', socketsKey, user)
return leaveNode(p, node, user)
`;

/** ARGV: prefix, user id, room id. 1 when the user is online and was not counted in the room yet. */
export const JOINED = `
local p, user, room = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', p .. 'user:' .. user .. ':nodes') == 0 then return 0 end
if redis.call('SADD', p .. 'user:' .. user .. ':rooms', room) == 0 then return 0 end
redis.call('SADD', p .. 'room:' .. room .. ':online', user)
return 1
`;

/** ARGV: prefix, user id, room id. 1 when the user was counted online in the room. */
export const LEFT = `
local p, user, room = ARGV[1], ARGV[2], ARGV[3]
if redis.call('SREM', p .. 'user:' .. user .. ':rooms', room) == 0 then return 0 end
redis.call('SREM', p .. 'room:' .. room .. ':online', user)
return 1
`;

/** ARGV: prefix, room id. The online users' JSON. */
export const ONLINE = `
local p, room = ARGV[1], ARGV[2]
local result = {}
for _, user in ipairs(redis.call('SMEMBERS', p .. 'room:' .. room .. ':online')) do
  local profile = redis.call('HGET', p .. 'profiles', user)
  if profile then result[#result + 1] = profile end
end
return result
`;

/** ARGV: prefix, node, TTL in ms. Returns 1 when the node was not registered (its first beat, or it was swept). */
export const HEARTBEAT = `
local p, node = ARGV[1], ARGV[2]
redis.call('SET', p .. 'node:' .. node .. ':alive', '1', 'PX', ARGV[3])
return redis.call('SADD', p .. 'nodes', node)
`;

/**
 * ARGV: prefix, this node, mode. Mode 'dead': releases every other node whose heartbeat expired; 'self': releases
 * this node (a clean shutdown). Releasing a node takes each of its users off it. Returns [user, rooms JSON, ...] for
 * the users who went offline, so the one node that ran the script announces them.
 */
export const RELEASE = `${LEAVE_NODE}
local p, self, mode = ARGV[1], ARGV[2], ARGV[3]
local result = {}
local function release(node)
  local socketsKey = p .. 'node:' .. node .. ':sockets'
  for _, user in ipairs(redis.call('HKEYS', socketsKey)) do
    local rooms = leaveNode(p, node, user)
    if #rooms > 0 then
      result[#result + 1] = user
      result[#result + 1] = cjson.encode(rooms)
    end
  end
  redis.call('DEL', socketsKey, p .. 'node:' .. node .. ':alive')
  redis.call('SREM', p .. 'nodes', node)
end
if mode == 'self' then
  release(self)
else
  for _, node in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
    if node ~= self and redis.call('EXISTS', p .. 'node:' .. node .. ':alive') == 0 then release(node) end
  end
end
return result
`;
