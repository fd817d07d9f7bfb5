-- Record a failed attempt: back to PENDING after a backoff while attempts are left and the error is
-- retryable, otherwise FAILED. Only the attempt holding the lease may do this.
-- KEYS: task, leases, job, delayed
-- ARGV: task id, token, error, retryable (1/0), backoff ms, prefix
-- Returns {0} when fenced, {1, readyAt} when re-queued, {2} when FAILED.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'attempt', 'maxAttempt', 'job', 'pos')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return {0}
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'progress', -1)
local jstate = redis.call('HGET', KEYS[3], 'state')
if ARGV[4] == '1' and tonumber(f[3]) < tonumber(f[4]) and jstate == 'RUNNING' then
  local ready = now + tonumber(ARGV[5])
  redis.call('HSET', KEYS[1], 'state', 'PENDING', 'error', ARGV[3], 'worker', '', 'leaseUntil', '',
    'readyAt', ready, 'updatedAt', now)
  redis.call('ZADD', KEYS[4], ready, ARGV[1])
  redis.call('HINCRBY', KEYS[3], 'pending', 1)
  reindex(ARGV[6], f[5], ARGV[1], f[6], 'PROGRESS', 'PENDING')
  return {1, ready}
end
redis.call('HSET', KEYS[1], 'state', 'FAILED', 'error', ARGV[3], 'leaseUntil', '', 'updatedAt', now, 'finishedAt', now)
redis.call('HINCRBY', KEYS[3], 'failed', 1)
reindex(ARGV[6], f[5], ARGV[1], f[6], 'PROGRESS', 'FAILED')
return {2}
