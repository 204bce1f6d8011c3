pcall(redis.replicate_commands)
-- KEYS: fill lock, region sequence, entry, entry's stamp, then the state keys; ARGV: owner, lease ms, what to check first
-- ARGV[3] 'entry': an existing entry is the answer {'entry', value, stamp}; 'stored': {'stored', '0'}; 'none': no check
if ARGV[3] == 'entry' then
  local e = redis.call('GET', KEYS[3])
  if e then return {'entry', e, redis.call('GET', KEYS[4]) or ''} end
elseif ARGV[3] == 'stored' and redis.call('EXISTS', KEYS[3]) == 1 then
  return {'stored', '0'}
end
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  v = ARGV[1]
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
if seq < now then seq = now end
local out = {v, string.format('%.0f', seq)}
if v ~= ARGV[1] and v ~= 'pass' then
  redis.call('SET', 'fw:' .. string.sub(KEYS[1], 4), '1', 'PX', ARGV[2])
end
if v == ARGV[1] and #KEYS >= 5 then
  for _, g in ipairs(redis.call('MGET', unpack(KEYS, 5))) do out[#out + 1] = g or '0' end
end
return out
