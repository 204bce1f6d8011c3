-- wrk script: GET /obj/{k}?w={PASS} with k drawn from Zipf(s = 1) over 10,000 objects (seed 42 per thread), as the
-- bench's own Zipf driver but open-ended (wrk -d). PASS (environment) names the pass: a new value is a cold pass.
local n = 10000
local cdf = {}
local h = 0
for k = 1, n do h = h + 1.0 / k end
local acc = 0
for k = 1, n do acc = acc + (1.0 / k) / h; cdf[k] = acc end
local pass = os.getenv("PASS") or "0"
math.randomseed(42)
request = function()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do local mid = math.floor((lo + hi) / 2); if cdf[mid] < u then lo = mid + 1 else hi = mid end end
  return wrk.format("GET", "/obj/" .. (lo - 1) .. "?w=" .. pass)
end
