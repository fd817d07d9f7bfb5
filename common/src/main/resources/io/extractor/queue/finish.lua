-- Record the outcome of a job that is FINISHING: its final state, out of the active set and into the finished
-- index (for retention), its tasks off the active count, and its run folders free for the next writer.
-- KEYS: job, active jobs, finished jobs, active task count
-- ARGV: prefix, job id, state, finished at (ms), error
-- Returns 1, or 0 when the job was not finishing.
local f = redis.call('HMGET', KEYS[1], 'state', 'total', 'writers')
if f[1] ~= 'FINISHING' then
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[3], 'finishedAt', ARGV[4], 'error', ARGV[5])
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], tonumber(ARGV[4]), ARGV[2])
redis.call('DECRBY', KEYS[4], tonumber(f[2]) or 0)
for _, key in ipairs(split_words(f[3])) do
  if redis.call('GET', key) == ARGV[2] then
    redis.call('DEL', key)
  end
end
return 1
