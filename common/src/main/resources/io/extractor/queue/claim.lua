-- Claim the next runnable task: PENDING -> PROGRESS, atomically with popping it off the queue.
-- Moves: PENDING -> PROGRESS, PENDING -> FAILED
-- KEYS: pending, delayed, leases, poison, idle workers
-- ARGV: task key prefix, job key prefix, worker id, lease ms, max entries to skip, source key prefix
-- Returns {'task', id, attempt, token, leaseUntil, maxAttempt, lo, hi, notes} or {'none', notes}; notes are
-- poison entries seen. lo and hi are the task's range [lo, hi) as its hash holds it now. A worker that finds
-- nothing to claim is recorded as idle (scored by time), which is what lets the coordinator split running tasks.
-- A task whose source already serves its maxStreams tasks is left in the queue, where it was, for a later claim.
local now, now_us = clock()
local tasks, jobs, sources = ARGV[1], ARGV[2], ARGV[6]

-- Whether the source has a free stream: its running tasks, counted from its set of task ids (entries that left
-- PROGRESS are dropped here, so no other script has to keep the set), below its maxStreams, which the coordinator
-- writes from its configuration (0 or absent: no cap).
local full = {}
local caps = {}
local function stream_cap(source)
  if caps[source] == nil then
    caps[source] = tonumber(redis.call('HGET', sources .. source, 'maxStreams') or '0') or 0
  end
  return caps[source]
end
local function stream_free(source)
  if full[source] then
    return false
  end
  local cap = stream_cap(source)
  if cap <= 0 then
    return true
  end
  local running = 0
  for _, other in ipairs(redis.call('SMEMBERS', sources .. source .. ':streams')) do
    if redis.call('HGET', tasks .. other, 'state') == 'PROGRESS' then
      running = running + 1
    else
      redis.call('SREM', sources .. source .. ':streams', other)
    end
  end
  full[source] = running >= cap
  return not full[source]
end

-- retries whose backoff is over go to the front of the queue
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('RPUSH', KEYS[1], id)
end

local notes = {}
local held = {}
local function put_back()
  for i = #held, 1, -1 do
    redis.call('RPUSH', KEYS[1], held[i])
  end
end
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
    local jf = redis.call('HMGET', jk, 'state', 'source')
    local jstate = jf[1]
    if jstate == 'RUNNING' and jf[2] and not stream_free(jf[2]) then
      table.insert(held, id)
    elseif jstate == 'RUNNING' then
      local attempt = redis.call('HINCRBY', tk, 'attempt', 1)
      -- the fencing token grows with every claim and with time, so it stays unique to this claim even after
      -- Redis lost its data and a resumed job hands the task out again while an old attempt still runs
      local token = math.max(tonumber(redis.call('HGET', tk, 'token') or '0') + 1, now_us)
      redis.call('HSET', tk, 'token', string.format('%.0f', token))
      local lease_until = now + tonumber(ARGV[4])
      redis.call('HSET', tk, 'state', 'PROGRESS', 'worker', ARGV[3], 'leaseUntil', lease_until,
        'claimedAt', now, 'updatedAt', now, 'rowsRead', 0, 'readTo', '', 'splitAt', '')
      redis.call('ZREM', KEYS[5], ARGV[3])
      if jf[2] and stream_cap(jf[2]) > 0 then
        redis.call('SADD', sources .. jf[2] .. ':streams', id) -- only a capped source counts its streams
      end
      put_back()
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
put_back()
redis.call('ZADD', KEYS[5], now, ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - 600000)
return {'none', table.concat(notes, '\n')}
