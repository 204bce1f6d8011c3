if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], 'pass', 'PX', ARGV[2])
else
  redis.call('DEL', KEYS[1])
end
local w = 'fw:' .. string.sub(KEYS[1], 4)
if redis.call('DEL', w) == 1 then redis.call('PUBLISH', 'edgesync:fill', KEYS[1]) end
return 1
