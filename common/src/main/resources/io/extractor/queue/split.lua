-- The running attempt's answer to a split proposal (split_propose.lua). Accepting ends the attempt's range at cut
-- and makes [cut, hi) a new PENDING task at the front of the queue, in one step: the attempt has already bounded its
-- read at cut, so every row is in exactly one of the two. Declining (the attempt had read past cut, or had read
-- everything) just clears the proposal. Only the attempt holding the lease may answer.
-- Creates: PENDING
-- KEYS: task, job, pending, the job's task list, the job's PENDING index, active task count
-- ARGV: task id, token, cut, accept (1/0), task key prefix, attempts the new task may spend
-- Returns {1, new task id} when split (also when this attempt's split at cut already landed), {2} when declined,
-- {0} when fenced, {-1} when there is no proposal at cut or the job is no longer running (the attempt then reads
-- its whole range again on a retry).
local now = clock()
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'splitAt', 'hi', 'splitInto', 'job', 'table',
  'splitHeadRows', 'splitTailRows')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return {0}
end
if (f[3] or '') == '' and f[4] == ARGV[3] and (f[5] or '') ~= '' and ARGV[4] == '1' then
  return {1, f[5]} -- a retried call after a lost reply
end
if f[3] ~= ARGV[3] then
  return {-1}
end
if ARGV[4] ~= '1' then
  redis.call('HSET', KEYS[1], 'splitAt', '')
  return {2}
end
if redis.call('HGET', KEYS[2], 'state') ~= 'RUNNING' then
  redis.call('HSET', KEYS[1], 'splitAt', '')
  return {-1}
end
-- seq numbers (and so part names) are never reused within a job: nextSeq starts past every planned task
redis.call('HSETNX', KEYS[2], 'nextSeq', redis.call('HGET', KEYS[2], 'total'))
local seq = redis.call('HINCRBY', KEYS[2], 'nextSeq', 1) - 1
local pos = redis.call('HINCRBY', KEYS[2], 'total', 1) - 1
local id = f[6] .. '.' .. f[7] .. '.' .. seq
local tk = ARGV[5] .. id
redis.call('HSET', tk, 'state', 'PENDING', 'job', f[6], 'table', f[7], 'seq', seq, 'pos', pos, 'lo', ARGV[3],
  'hi', f[4], 'estRows', f[9] or '', 'token', '0', 'attempt', 0, 'maxAttempt', ARGV[6], 'splitFrom', ARGV[1],
  'updatedAt', now)
if (f[9] or '') == '' then
  redis.call('HDEL', tk, 'estRows')
end
redis.call('HSET', KEYS[1], 'hi', ARGV[3], 'splitAt', '', 'splitInto', id, 'updatedAt', now)
if (f[8] or '') ~= '' then
  redis.call('HSET', KEYS[1], 'estRows', f[8])
end
redis.call('HINCRBY', KEYS[1], 'splits', 1)
redis.call('HINCRBY', KEYS[2], 'pending', 1)
redis.call('HINCRBY', KEYS[2], 'splits', 1)
redis.call('RPUSH', KEYS[4], id)
redis.call('ZADD', KEYS[5], pos, id)
redis.call('RPUSH', KEYS[3], id)
redis.call('INCRBY', KEYS[6], 1)
return {1, id}
