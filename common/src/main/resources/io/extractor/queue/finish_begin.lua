-- Move a job whose tasks are all done to FINISHING, so exactly one coordinator pass finishes it.
-- KEYS: job
-- Returns 1 when the caller should finish the job now.
local f = redis.call('HMGET', KEYS[1], 'state', 'pending', 'progress')
if f[1] == 'FINISHING' then
  return 1
end
if (f[1] ~= 'RUNNING' and f[1] ~= 'CANCELLING') or tonumber(f[2]) ~= 0 or tonumber(f[3]) ~= 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'FINISHING', 'finishingFrom', f[1])
return 1
