-- Commit an attempt's part: PROGRESS -> SUCCESS, only for the attempt that holds the lease now.
-- Moves: PROGRESS -> SUCCESS
-- KEYS: task, leases, job, the job's PROGRESS index, the job's SUCCESS index
-- ARGV: task id, token, rows, bytes, object key, upload id, etags, duration ms, hi of the range the part holds
-- Returns 1 when committed (also when this same commit already landed), 0 when fenced (abort the upload), 2 when
-- the part's range does not end where the task's does now (a split the attempt agreed to never landed: abort too).
local now = clock()
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'error', 'uploadId', 'pos', 'errorKind', 'hi')
if f[1] == 'SUCCESS' and f[2] == ARGV[2] and (f[4] or '') == ARGV[6] then
  return 1 -- this attempt's commit already landed (a retried call after a lost reply)
end
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[2] then
  return 0
end
if (f[7] or '') ~= ARGV[9] then
  return 2
end
redis.call('HSET', KEYS[1], 'state', 'SUCCESS', 'rows', ARGV[3], 'bytes', ARGV[4], 'key', ARGV[5],
  'uploadId', ARGV[6], 'etags', ARGV[7], 'durationMs', ARGV[8], 'completed', (ARGV[5] == '' and 1 or 0),
  'rowsRead', ARGV[3], 'updatedAt', now, 'finishedAt', now)
if f[3] and f[3] ~= '' then
  redis.call('HSET', KEYS[1], 'lastError', f[3], 'lastErrorKind', f[6] or '')
  redis.call('HDEL', KEYS[1], 'error', 'errorKind')
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'progress', -1)
redis.call('HINCRBY', KEYS[3], 'success', 1)
redis.call('HINCRBY', KEYS[3], 'rows', ARGV[3])
redis.call('HINCRBY', KEYS[3], 'bytes', ARGV[4])
reindex(KEYS[4], KEYS[5], ARGV[1], f[5])
return 1
