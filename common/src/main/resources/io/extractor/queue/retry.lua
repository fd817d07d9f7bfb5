-- Operator retry: every FAILED task of a job goes back to PENDING with a fresh set of attempts. Allowed while
-- the job runs (its other tasks go on) and after it failed or was cancelled.
-- KEYS: job, job tasks, pending, active jobs
-- ARGV: prefix, attempts to grant, job id
-- Returns the number of tasks re-queued, or -1 when the job is unknown, cancelling or finishing.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'RUNNING' and state ~= 'FAILED' and state ~= 'CANCELLED' then
  return -1
end
local count = 0
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local tk = ARGV[1] .. 'task:' .. id
  local f = redis.call('HMGET', tk, 'state', 'attempt', 'error')
  if f[1] == 'FAILED' then
    redis.call('HSET', tk, 'state', 'PENDING', 'maxAttempt', tonumber(f[2]) + tonumber(ARGV[2]),
      'lastError', f[3] or '', 'error', '', 'updatedAt', now, 'finishedAt', '')
    redis.call('LPUSH', KEYS[3], id)
    count = count + 1
  end
end
if count > 0 then
  redis.call('HINCRBY', KEYS[1], 'failed', -count)
  redis.call('HINCRBY', KEYS[1], 'pending', count)
  redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'finishedAt', '', 'error', '')
  redis.call('SADD', KEYS[4], ARGV[3])
end
return count
