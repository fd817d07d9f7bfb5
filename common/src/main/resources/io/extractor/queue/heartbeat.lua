-- Renew the lease of the attempt that holds a task, and record its progress.
-- KEYS: task, leases, job
-- ARGV: task id, token, lease ms, rows read so far
-- Returns {0} when fenced (the attempt no longer holds the task), {1, leaseUntil}, or {2, leaseUntil} when the
-- job is being cancelled and the attempt should stop.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local f = redis.call('HMGET', KEYS[1], 'state', 'token')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return {0}
end
local lease_until = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'leaseUntil', lease_until, 'updatedAt', now, 'rowsRead', ARGV[4])
redis.call('ZADD', KEYS[2], lease_until, ARGV[1])
local jstate = redis.call('HGET', KEYS[3], 'state')
if jstate ~= 'RUNNING' then
  return {2, lease_until}
end
return {1, lease_until}
