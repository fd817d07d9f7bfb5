-- Start removing a finished job from Redis (retention): it leaves the API at once, and its task keys are
-- deleted in batches afterwards by whoever holds the coordinator lock. Its output stays in the sink.
-- KEYS: job, jobs, finished jobs, forgetting jobs
-- ARGV: job id
-- Returns 1 when started, 0 when the job is still active (active jobs are never removed).
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'RUNNING' or state == 'CANCELLING' or state == 'FINISHING' then
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
