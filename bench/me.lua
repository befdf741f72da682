-- GET /api/v1/integrations/me with a Bearer key chosen at random from keys.txt.
local keys = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/keys.txt") do keys[#keys + 1] = line end
math.randomseed(os.time())
request = function()
  local key = keys[math.random(#keys)]
  return wrk.format("GET", "/api/v1/integrations/me", { ["Authorization"] = "Bearer " .. key })
end
