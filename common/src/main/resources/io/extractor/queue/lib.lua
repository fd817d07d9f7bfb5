-- Helpers shared by every script: LuaScript.load puts this file in front of each one (Redis scripts cannot
-- include files). Keep it to functions of their arguments, and the clock.
--
-- Scripts receive their keys in KEYS. Only where a script learns an id from Redis itself (a task id it pops or
-- walks, a job id read from a task) does it name that id's key from the family prefix it got in ARGV
-- (RedisKeys.taskPrefix, RedisKeys.jobPrefix); with a hash-tagged prefix ({extractor}) those keys share one
-- Redis Cluster slot with the KEYS. Field and state names are checked against RedisKeys, TaskState and JobState
-- by RedisSchemaTest.

-- The Redis clock: milliseconds (what every time field holds) and microseconds (what fencing tokens grow with).
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- <p>:job:<job>:tasks:<STATE>, as RedisKeys.jobTasks(job, state) names it.
local function index_key(jobs, job, state)
  return jobs .. job .. ':tasks:' .. state
end

-- Each task id sits in exactly one of its job's state indexes (ZSETs scored by the task's position in the
-- plan), so listing the tasks in one state reads only those tasks. Every state change of a task moves it here,
-- in the same script that changes its hash and its job's counters.
local function reindex(from_key, to_key, id, pos)
  redis.call('ZREM', from_key, id)
  redis.call('ZADD', to_key, tonumber(pos) or 0, id)
end

-- Whether job `holder` may still write its run folders: it is queued, running or finishing, or it is being
-- submitted right now (reserved, not yet created). A finished, forgotten or never-created job holds nothing.
local function writer_busy(jobs, holder)
  local state = redis.call('HGET', jobs .. holder, 'state')
  if state == 'RUNNING' or state == 'CANCELLING' or state == 'FINISHING' then
    return true
  end
  return (not state) and redis.call('EXISTS', jobs .. holder .. ':reserved') == 1
end

-- A FAILED task counts once in its job's failed:<kind> counter, so the API shows failures by kind without a scan.
local function count_failed(job_key, kind, by)
  if kind and kind ~= '' then
    redis.call('HINCRBY', job_key, 'failed:' .. kind, by)
  end
end
