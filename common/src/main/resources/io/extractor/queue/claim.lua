-- Claim the next runnable task: PENDING -> PROGRESS, atomically with popping it off the queue.
-- Moves: PENDING -> PROGRESS, PENDING -> FAILED
-- KEYS: pending, delayed, leases, poison
-- ARGV: task key prefix, job key prefix, worker id, lease ms, max entries to skip
-- Returns {'task', id, attempt, token, leaseUntil, maxAttempt, lo, hi, notes} or {'none', notes}; notes are
-- poison entries seen. lo and hi are the task's range [lo, hi) as its hash holds it now.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tasks, jobs = ARGV[1], ARGV[2]

-- retries whose backoff is over go to the front of the queue
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('RPUSH', KEYS[1], id)
end

local notes = {}
for _ = 1, tonumber(ARGV[5]) do
  local id = redis.call('RPOP', KEYS[1])
  if not id then
    break
  end
  local tk = tasks .. id
  local f = redis.call('HMGET', tk, 'state', 'job', 'pos', 'maxAttempt', 'lo', 'hi')
  local state, job, pos = f[1], f[2], f[3]
  if not state then
    redis.call('LPUSH', KEYS[4], id)
    redis.call('LTRIM', KEYS[4], 0, 999)
    table.insert(notes, 'queue entry "' .. id .. '" names no task; moved to ' .. KEYS[4])
  elseif state == 'PENDING' then
    local jk = jobs .. job
    local jstate = redis.call('HGET', jk, 'state')
    if jstate == 'RUNNING' then
      local attempt = redis.call('HINCRBY', tk, 'attempt', 1)
      -- the fencing token grows with every claim and with time, so it stays unique to this claim even after
      -- Redis lost its data and a resumed job hands the task out again while an old attempt still runs
      local now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local token = math.max(tonumber(redis.call('HGET', tk, 'token') or '0') + 1, now_us)
      redis.call('HSET', tk, 'token', string.format('%.0f', token))
      local lease_until = now + tonumber(ARGV[4])
      redis.call('HSET', tk, 'state', 'PROGRESS', 'worker', ARGV[3], 'leaseUntil', lease_until,
        'claimedAt', now, 'updatedAt', now, 'rowsRead', 0)
      redis.call('ZADD', KEYS[3], lease_until, id)
      redis.call('HINCRBY', jk, 'pending', -1)
      redis.call('HINCRBY', jk, 'progress', 1)
      reindex(index_key(jobs, job, 'PENDING'), index_key(jobs, job, 'PROGRESS'), id, pos)
      return {'task', id, attempt, token, lease_until, f[4] or '1', f[5] or '', f[6] or '', table.concat(notes, '\n')}
    elseif not jstate then
      redis.call('HSET', tk, 'state', 'FAILED', 'updatedAt', now, 'errorKind', 'job-missing',
        'error', 'job ' .. job .. ' is unknown to Redis (its record was lost or deleted); resubmit or resume the job')
      table.insert(notes, 'task ' .. id .. ' belongs to unknown job ' .. job .. '; marked FAILED')
    elseif jstate == 'CANCELLING' or jstate == 'CANCELLED' then
      redis.call('HSET', tk, 'state', 'FAILED', 'updatedAt', now, 'errorKind', 'cancelled',
        'error', 'job cancelled before this task ran')
      redis.call('HINCRBY', jk, 'pending', -1)
      redis.call('HINCRBY', jk, 'failed', 1)
      count_failed(jk, 'cancelled', 1)
      reindex(index_key(jobs, job, 'PENDING'), index_key(jobs, job, 'FAILED'), id, pos)
    end
    -- a PENDING task of a job in any other state stays out of the queue until an operator retries the job
  end
  -- an entry whose task is no longer PENDING is stale (cancelled or already re-queued): drop it
end
return {'none', table.concat(notes, '\n')}
