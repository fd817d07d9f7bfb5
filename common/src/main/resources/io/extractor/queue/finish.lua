-- Record the outcome of a job that is FINISHING: its final state, out of the active set and into the finished
-- index (for retention), its tasks off the active count, and its run folders free for the next writer.
-- KEYS: job, active jobs, finished jobs, active task count, writer key of each of its run folders (its 'writers')...
-- ARGV: job id, state, finished at (ms), error
-- Returns 1, or 0 when the job was not finishing.
local f = redis.call('HMGET', KEYS[1], 'state', 'total')
if f[1] ~= 'FINISHING' then
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'finishedAt', ARGV[3], 'error', ARGV[4])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], tonumber(ARGV[3]), ARGV[1])
redis.call('DECRBY', KEYS[4], tonumber(f[2]) or 0)
for i = 5, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
  end
end
return 1
