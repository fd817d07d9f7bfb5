-- Ask the attempt running a task to end its range early at cut, so the rest can go to an idle worker: the
-- coordinator proposes, the attempt learns it at its next heartbeat and answers with split.lua, because only the
-- attempt knows whether it has already read past cut. One proposal at a time per attempt.
-- KEYS: task, job
-- ARGV: token of the attempt the proposal is for, cut, estimated rows of [lo, cut), estimated rows of [cut, hi), hi as
--   the caller read it
-- Returns 1 when proposed, 0 when the attempt no longer holds the task, the job is not running, a proposal is
-- already open, or the range changed since the caller read it. The caller checks lo < cut < hi with exact integers (Lua's numbers are doubles); the attempt checks
-- it again before it agrees.
local f = redis.call('HMGET', KEYS[1], 'state', 'token', 'splitAt', 'lo', 'hi')
if f[1] ~= 'PROGRESS' or f[2] ~= ARGV[1] or (f[3] and f[3] ~= '') or f[5] ~= ARGV[5] then
  return 0
end
if redis.call('HGET', KEYS[2], 'state') ~= 'RUNNING' then
  return 0
end
redis.call('HSET', KEYS[1], 'splitAt', ARGV[2], 'splitHeadRows', ARGV[3], 'splitTailRows', ARGV[4])
return 1
