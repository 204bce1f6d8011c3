redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
if #KEYS > 2 then
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
  redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[2])
end
redis.call('PUBLISH', 'edgesync:l1', ARGV[4])
return 1
