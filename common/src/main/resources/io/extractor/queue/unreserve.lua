-- Undo a reservation whose job was never created (the submit failed): the id and its run folders are free again.
-- KEYS: reservation, writer key of each run folder...
-- ARGV: job id
-- Returns 1.
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
  end
end
return 1
