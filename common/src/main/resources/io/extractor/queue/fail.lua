-- Record a failed attempt: back to PENDING after a backoff while the worker says its kind of failure is worth
-- another attempt (FailureKind.retries) and attempts are left, otherwise FAILED. Only the attempt holding the
-- lease may do this.
-- Moves: PROGRESS -> PENDING, PROGRESS -> FAILED
-- KEYS: task, leases, job, delayed, the job's PROGRESS index, the job's PENDING index, the job's FAILED index
-- ARGV: task id, token, error, error kind (FailureKind label), retry (1/0), backoff ms
-- Returns {0} when fenced, {1, readyAt} when re-queued, {2} when FAILED.
local now = clock()
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'attempt', 'maxAttempt', 'pos')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return {0}
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'progress', -1)
local jstate = redis.call('HGET', KEYS[3], 'state')
if ARGV[5] == '1' and tonumber(f[3]) < tonumber(f[4]) and jstate == 'RUNNING' then
  local ready = now + tonumber(ARGV[6])
  redis.call('HSET', KEYS[1], 'state', 'PENDING', 'error', ARGV[3], 'errorKind', ARGV[4], 'worker', '',
    'leaseUntil', '', 'readyAt', ready, 'updatedAt', now)
  redis.call('ZADD', KEYS[4], ready, ARGV[1])
  redis.call('HINCRBY', KEYS[3], 'pending', 1)
  reindex(KEYS[5], KEYS[6], ARGV[1], f[5])
  return {1, ready}
end
redis.call('HSET', KEYS[1], 'state', 'FAILED', 'error', ARGV[3], 'errorKind', ARGV[4], 'leaseUntil', '',
  'updatedAt', now, 'finishedAt', now)
redis.call('HINCRBY', KEYS[3], 'failed', 1)
count_failed(KEYS[3], ARGV[4], 1)
reindex(KEYS[5], KEYS[7], ARGV[1], f[5])
return {2}
