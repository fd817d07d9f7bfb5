-- Helpers shared by every script: LuaScript.load puts this file in front of each one (Redis scripts cannot
-- include files). Keep it to pure functions of their arguments.

-- Each task id sits in exactly one of its job's state indexes, <p>job:<job>:tasks:<STATE> (ZSETs scored by the
-- task's position in the plan), so listing the tasks in one state reads only those tasks. Every state change
-- of a task moves it here, in the same script that changes its hash and its job's counters.
local function reindex(prefix, job, id, pos, from, to)
  local base = prefix .. 'job:' .. job .. ':tasks:'
  redis.call('ZREM', base .. from, id)
  redis.call('ZADD', base .. to, tonumber(pos) or 0, id)
end

-- Whether job `holder` may still write its run folders: it is queued, running or finishing, or it is being
-- submitted right now (reserved, not yet created). A finished, forgotten or never-created job holds nothing.
local function writer_busy(prefix, holder)
  local state = redis.call('HGET', prefix .. 'job:' .. holder, 'state')
  if state == 'RUNNING' or state == 'CANCELLING' or state == 'FINISHING' then
    return true
  end
  return (not state) and redis.call('EXISTS', prefix .. 'job:' .. holder .. ':reserved') == 1
end

local function split_words(text)
  local words = {}
  for word in string.gmatch(text or '', '%S+') do
    table.insert(words, word)
  end
  return words
end
