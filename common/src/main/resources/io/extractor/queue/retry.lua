-- Operator retry: every FAILED task of a job goes back to PENDING with a fresh set of attempts. Allowed while
-- the job runs (its other tasks go on) and after it failed or was cancelled; a finished job takes its run
-- folders back first, unless another job is writing one of them now.
-- KEYS: job, the job's FAILED index, the job's PENDING index, pending, active jobs, finished jobs, active task count
-- ARGV: prefix, attempts to grant, job id
-- Returns {count}, {-1} when the job is unknown, cancelling or finishing, or {-2, folder key, other job} when
-- another job is writing one of its run folders.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local f = redis.call('HMGET', KEYS[1], 'state', 'writers', 'total')
local state = f[1]
if state ~= 'RUNNING' and state ~= 'FAILED' and state ~= 'CANCELLED' then
  return {-1}
end
local failed = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
if #failed == 0 then
  return {0}
end
local writers = split_words(f[2])
for _, key in ipairs(writers) do
  local holder = redis.call('GET', key)
  if holder and holder ~= ARGV[3] and writer_busy(ARGV[1], holder) then
    return {-2, key, holder}
  end
end
for _, key in ipairs(writers) do
  redis.call('SET', key, ARGV[3])
end
local count = 0
for i = 1, #failed, 2 do
  local id = failed[i]
  local tk = ARGV[1] .. 'task:' .. id
  local g = redis.call('HMGET', tk, 'attempt', 'error')
  redis.call('HSET', tk, 'state', 'PENDING', 'maxAttempt', tonumber(g[1]) + tonumber(ARGV[2]),
    'lastError', g[2] or '', 'error', '', 'updatedAt', now, 'finishedAt', '')
  redis.call('ZADD', KEYS[3], failed[i + 1], id)
  redis.call('LPUSH', KEYS[4], id)
  count = count + 1
end
redis.call('DEL', KEYS[2])
redis.call('HINCRBY', KEYS[1], 'failed', -count)
redis.call('HINCRBY', KEYS[1], 'pending', count)
if state ~= 'RUNNING' then
  redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'finishedAt', '', 'error', '')
  redis.call('SADD', KEYS[5], ARGV[3])
  redis.call('ZREM', KEYS[6], ARGV[3])
  redis.call('INCRBY', KEYS[7], tonumber(f[3]) or 0)
end
return {count}
