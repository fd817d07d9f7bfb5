-- Cancel a job: its pending tasks fail at once and leave the queue, so the next job does not wait behind them;
-- running ones learn it from their next heartbeat.
-- Moves: PENDING -> FAILED
-- KEYS: job, the job's PENDING index, the job's FAILED index, pending, delayed
-- ARGV: task key prefix, job id
-- Returns the number of pending tasks dropped, or -1 when the job is not running.
local now = clock()
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'RUNNING' then
  return -1
end
redis.call('HSET', KEYS[1], 'state', 'CANCELLING', 'cancelledAt', now)
local dropped = 0
local waiting = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #waiting, 2 do
  local id = waiting[i]
  redis.call('HSET', ARGV[1] .. id, 'state', 'FAILED', 'error', 'job cancelled by an operator before this task ran',
    'errorKind', 'cancelled', 'updatedAt', now, 'finishedAt', now)
  redis.call('ZADD', KEYS[3], waiting[i + 1], id)
  redis.call('ZREM', KEYS[5], id)
  dropped = dropped + 1
end
redis.call('DEL', KEYS[2])
redis.call('HINCRBY', KEYS[1], 'pending', 0 - dropped) -- never -dropped: Lua makes -0 of it, which HINCRBY refuses
redis.call('HINCRBY', KEYS[1], 'failed', dropped)
count_failed(KEYS[1], 'cancelled', dropped)

-- rewrite the queue without this job's entries: one pass over it, where an LREM per task would be one pass each
if dropped > 0 then
  local mine = ARGV[2] .. '.'
  local queue = redis.call('LRANGE', KEYS[4], 0, -1)
  local kept = {}
  for _, id in ipairs(queue) do
    if string.sub(id, 1, #mine) ~= mine then
      table.insert(kept, id)
    end
  end
  if #kept < #queue then
    redis.call('DEL', KEYS[4])
    for i = 1, #kept, 1000 do
      redis.call('RPUSH', KEYS[4], unpack(kept, i, math.min(i + 999, #kept)))
    end
  end
end
return dropped
