-- POST /api/v1/keys/verify: 90 % valid email/key pairs from pairs.txt, 10 % a wrong key.
local pairs = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/pairs.txt") do
  local email, key = line:match("([^,]+),([^,]+)")
  pairs[#pairs + 1] = { email, key }
end
math.randomseed(os.time())
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local pair = pairs[math.random(#pairs)]
  local key = pair[2]
  if math.random(10) == 1 then key = "eck_" .. string.rep("0", 38) end
  return wrk.format(nil, nil, nil, '{"email":"' .. pair[1] .. '","apiKey":"' .. key .. '"}')
end
