-- Hand a task back without spending an attempt (worker shutting down): PROGRESS -> PENDING, front of queue.
-- Moves: PROGRESS -> PENDING
-- KEYS: task, leases, job, pending, the job's PROGRESS index, the job's PENDING index
-- ARGV: task id, token, reason
-- Returns 1 when released, 0 when fenced.
local now = clock()
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'pos')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'attempt', -1)
redis.call('HSET', KEYS[1], 'state', 'PENDING', 'worker', '', 'leaseUntil', '', 'updatedAt', now, 'released', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'progress', -1)
redis.call('HINCRBY', KEYS[3], 'pending', 1)
redis.call('RPUSH', KEYS[4], ARGV[1])
reindex(KEYS[5], KEYS[6], ARGV[1], f[3])
return 1
