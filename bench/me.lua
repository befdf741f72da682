-- GET /api/v1/integrations/me with a Bearer key chosen at random from keys.txt.
dofile("bench/common.lua")
local keys = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/keys.txt") do keys[#keys + 1] = line end
request = function()
  local h = headers(false)
  h["Authorization"] = "Bearer " .. keys[math.random(#keys)]
  return wrk.format("GET", "/api/v1/integrations/me", h)
end
