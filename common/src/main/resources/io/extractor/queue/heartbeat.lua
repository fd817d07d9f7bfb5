-- Renew the lease of the attempt that holds a task, record its progress, and hand it any split the coordinator
-- proposed for it (split_propose.lua).
-- KEYS: task, leases, job
-- ARGV: task id, token, lease ms, rows read so far, last id read so far ('' before the first batch), ms between the
--   worker's heartbeats
-- Returns {0} when fenced (the attempt no longer holds the task), {1, leaseUntil}, {2, leaseUntil} when the
-- job is being cancelled and the attempt should stop, or {3, leaseUntil, cut} when the coordinator asks the attempt
-- to end its range at cut (it answers with split.lua).
local now = clock()
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'splitAt')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return {0}
end
local lease_until = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'leaseUntil', lease_until, 'updatedAt', now, 'rowsRead', ARGV[4], 'readTo', ARGV[5],
  'beatMs', ARGV[6])
redis.call('ZADD', KEYS[2], lease_until, ARGV[1])
local jstate = redis.call('HGET', KEYS[3], 'state')
if jstate ~= 'RUNNING' then
  return {2, lease_until}
end
if f[3] and f[3] ~= '' then
  return {3, lease_until, f[3]}
end
return {1, lease_until}
