-- Reserve a new job id and the run folders the job will write, before anything reaches the sink: an id already
-- in use, or a folder another job is writing (or submitting into) right now, refuses the submit here. The
-- reservation expires by itself if the submitting coordinator dies; creating the job makes it permanent.
-- KEYS: job, reservation, forgetting jobs, writer key of each run folder...
-- ARGV: job key prefix, job id, ttl ms
-- Returns {'ok'}, {'taken'} when the id is in use, or {'busy', folder key, other job}.
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1
    or redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then
  return {'taken'}
end
for i = 4, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[2] and writer_busy(ARGV[1], holder) then
    return {'busy', KEYS[i], holder}
  end
end
redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[3]))
for i = 4, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2], 'PX', tonumber(ARGV[3]))
end
return {'ok'}
