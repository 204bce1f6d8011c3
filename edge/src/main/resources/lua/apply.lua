pcall(redis.replicate_commands)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local seq = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
if seq <= now then seq = now + 1 end
local s = string.format('%.0f', seq)
redis.call('SET', KEYS[1], s)
local n, m, d = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local v = tonumber(ARGV[4])
for i = 2, n + 1 do redis.call('SET', KEYS[i], s) end
for i = n + 2, n + m + 1 do
  local c = tonumber(redis.call('GET', KEYS[i]) or '0')
  if v > c then redis.call('SET', KEYS[i], ARGV[4]) end
end
for i = n + m + 2, n + m + d + 1 do redis.call('DEL', KEYS[i]) end
redis.call('PUBLISH', 'edgesync:l1', ARGV[5])
return s
