if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local n = tonumber(ARGV[7])
local e = #KEYS - n
if n > 0 then
  local g = redis.call('MGET', unpack(KEYS, e + 1, e + n))
  for i = 1, n do
    if (g[i] or '0') ~= ARGV[7 + i] then return 2 end
  end
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[3])
if e > 3 then
  redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[3])
  redis.call('SET', KEYS[5], ARGV[4], 'PX', ARGV[3])
end
redis.call('PUBLISH', 'edgesync:l1', ARGV[5])
if ARGV[6] == '1' then
  redis.call('DEL', KEYS[1])
  local w = 'fw:' .. string.sub(KEYS[1], 4)
  if redis.call('DEL', w) == 1 then redis.call('PUBLISH', 'edgesync:fill', KEYS[1]) end
end
return 1
