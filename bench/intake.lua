-- POST /api/v1/key-requests with a new email each time, from a new client address each time (so
-- that, limits on, neither the per-email nor the per-client bucket refuses: see bench/common.lua).
dofile("bench/common.lua")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, headers(true),
    '{"name":"Intake","email":"intake-' .. id .. '-' .. counter .. '-' .. first_client .. '@bench.example"}')
end
