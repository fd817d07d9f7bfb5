-- Cancel a job: pending tasks fail at once, running ones learn it from their next heartbeat.
-- KEYS: job, job tasks
-- ARGV: prefix
-- Returns the number of pending tasks dropped, or -1 when the job is not running.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'RUNNING' then
  return -1
end
redis.call('HSET', KEYS[1], 'state', 'CANCELLING', 'cancelledAt', now)
local dropped = 0
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local tk = ARGV[1] .. 'task:' .. id
  if redis.call('HGET', tk, 'state') == 'PENDING' then
    redis.call('HSET', tk, 'state', 'FAILED', 'error', 'job cancelled by an operator before this task ran',
      'updatedAt', now, 'finishedAt', now)
    redis.call('ZREM', ARGV[1] .. 'delayed', id)
    dropped = dropped + 1
  end
end
redis.call('HINCRBY', KEYS[1], 'pending', -dropped)
redis.call('HINCRBY', KEYS[1], 'failed', dropped)
return dropped
