-- Return tasks whose lease ran out (worker killed, crashed or cut off) to the queue, or fail them when no
-- attempt is left.
-- Moves: PROGRESS -> PENDING, PROGRESS -> FAILED
-- KEYS: leases, pending
-- ARGV: task key prefix, job key prefix, max tasks per call
-- Returns the ids handled, each followed by 'PENDING' or 'FAILED'.
local now = clock()
local tasks, jobs = ARGV[1], ARGV[2]
local out = {}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local tk = tasks .. id
  local f = redis.call('HMGET', tk, 'state', 'attempt', 'maxAttempt', 'job', 'worker', 'leaseUntil', 'pos')
  redis.call('ZREM', KEYS[1], id)
  if f[1] == 'PROGRESS' and tonumber(f[6]) and tonumber(f[6]) <= now then
    local jk = jobs .. f[4]
    local jstate = redis.call('HGET', jk, 'state')
    local err = 'lease expired: worker ' .. (f[5] or '?') .. ' stopped reporting during attempt ' .. f[2]
      .. ' (killed, crashed or cut off from Redis); its output is discarded'
    redis.call('HINCRBY', jk, 'progress', -1)
    if tonumber(f[2]) < tonumber(f[3]) and jstate == 'RUNNING' then
      redis.call('HSET', tk, 'state', 'PENDING', 'error', err, 'errorKind', 'lease-lost', 'worker', '',
        'leaseUntil', '', 'updatedAt', now)
      redis.call('RPUSH', KEYS[2], id)
      redis.call('HINCRBY', jk, 'pending', 1)
      reindex(index_key(jobs, f[4], 'PROGRESS'), index_key(jobs, f[4], 'PENDING'), id, f[7])
      table.insert(out, id)
      table.insert(out, 'PENDING')
    else
      local kind = 'lease-lost'
      if jstate ~= 'RUNNING' then
        err = 'job cancelled; ' .. err
        kind = 'cancelled'
      end
      redis.call('HSET', tk, 'state', 'FAILED', 'error', err, 'errorKind', kind, 'leaseUntil', '',
        'updatedAt', now, 'finishedAt', now)
      redis.call('HINCRBY', jk, 'failed', 1)
      count_failed(jk, kind, 1)
      reindex(index_key(jobs, f[4], 'PROGRESS'), index_key(jobs, f[4], 'FAILED'), id, f[7])
      table.insert(out, id)
      table.insert(out, 'FAILED')
    end
  end
end
return out
