local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
if seq < now then seq = now end
return string.format('%.0f', seq)
