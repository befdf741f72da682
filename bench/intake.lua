-- POST /api/v1/key-requests with a new email each time (run with LATCHKEY_LIMITS_ENABLED=false).
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("id", thread_id); thread_id = thread_id + 1 end
init = function() counter = 0 end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil,
    '{"name":"Intake","email":"intake-' .. id .. '-' .. counter .. '-' .. os.time() .. '@bench.example"}')
end
