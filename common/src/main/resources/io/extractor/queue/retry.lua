-- Operator retry: every FAILED task of a job goes back to PENDING with a fresh set of attempts. Allowed while
-- the job runs (its other tasks go on) and after it failed or was cancelled; a finished job takes its run
-- folders back first, unless another job is writing one of them now.
-- Moves: FAILED -> PENDING
-- KEYS: job, the job's FAILED index, the job's PENDING index, pending, active jobs, finished jobs, active task count,
--   writer key of each of its run folders (its 'writers')...
-- ARGV: task key prefix, job key prefix, attempts to grant, job id
-- Returns {count}, {-1} when the job is unknown, cancelling or finishing, or {-2, folder key, other job} when
-- another job is writing one of its run folders.
local now = clock()
local f = redis.call('HMGET', KEYS[1], 'state', 'total')
local state = f[1]
if state ~= 'RUNNING' and state ~= 'FAILED' and state ~= 'CANCELLED' then
  return {-1}
end
local failed = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
if #failed == 0 then
  return {0}
end
for i = 8, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[4] and writer_busy(ARGV[2], holder) then
    return {-2, KEYS[i], holder}
  end
end
for i = 8, #KEYS do
  redis.call('SET', KEYS[i], ARGV[4])
end
local count = 0
for i = 1, #failed, 2 do
  local id = failed[i]
  local tk = ARGV[1] .. id
  local g = redis.call('HMGET', tk, 'attempt', 'error', 'errorKind')
  redis.call('HSET', tk, 'state', 'PENDING', 'maxAttempt', tonumber(g[1]) + tonumber(ARGV[3]),
    'lastError', g[2] or '', 'lastErrorKind', g[3] or '', 'error', '', 'errorKind', '', 'updatedAt', now,
    'finishedAt', '')
  count_failed(KEYS[1], g[3], -1)
  redis.call('ZADD', KEYS[3], failed[i + 1], id)
  redis.call('LPUSH', KEYS[4], id)
  count = count + 1
end
redis.call('DEL', KEYS[2])
redis.call('HINCRBY', KEYS[1], 'failed', 0 - count)
redis.call('HINCRBY', KEYS[1], 'pending', count)
if state ~= 'RUNNING' then
  redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'finishedAt', '', 'error', '')
  redis.call('SADD', KEYS[5], ARGV[4])
  redis.call('ZREM', KEYS[6], ARGV[4])
  redis.call('INCRBY', KEYS[7], tonumber(f[2]) or 0)
end
return {count}
