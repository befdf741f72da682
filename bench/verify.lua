-- POST /api/v1/keys/verify: 90 % valid email/key pairs from pairs.txt, answered 200; 10 % a wrong
-- key, answered 401. A wrong key comes with an email of its own that owns nothing, as a typo of a
-- new user would: each failure is counted in that email's and its client's buckets of failures
-- (limits on), and none of them fills up in a run. With the wrong key paired with the seeded
-- owners' emails, ten thousand owners would take a failure every few seconds each, and their
-- buckets (5 failures in 15 minutes) would turn the failures into 429 within a minute: a benchmark
-- of refusals, not of the limits' cost.
dofile("bench/common.lua")
local pairs_ = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/pairs.txt") do
  local email, key = line:match("([^,]+),([^,]+)")
  pairs_[#pairs_ + 1] = { email, key }
end
local wrong = 0
wrk.method = "POST"
request = function()
  local email, key
  if math.random(10) == 1 then
    wrong = wrong + 1
    email = "nobody-" .. id .. "-" .. wrong .. "-" .. first_client .. "@bench.example"
    key = "eck_" .. string.rep("0", 38)
  else
    local pair = pairs_[math.random(#pairs_)]
    email, key = pair[1], pair[2]
  end
  return wrk.format("POST", nil, headers(true), '{"email":"' .. email .. '","apiKey":"' .. key .. '"}')
end
