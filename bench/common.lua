-- Loaded by every wrk script here (dofile, from the repository's root). Two things for all routes
-- alike, so that the client's own cost is the same for the floor as for the rest:
--
-- * every request comes through a trusted proxy from a client address of its own: the service
--   runs with LATCHKEY_TRUSTED_PROXIES=127.0.0.1 and reads the client from X-Forwarded-For, so with
--   limits on, the per-address buckets are taken from as they would be behind a load balancer,
--   instead of one loopback address being refused after its tenth key request. Each thread walks
--   its own block of 2^24 addresses from a random start, so no address is used twice in a run;
-- * every answer's status is counted, and done() prints one line "status <code> <count>" per
--   status, so that a refusal or a failure shows in the figures instead of passing as speed.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local client = 0
first_client = 0 -- global: the scripts use it to make their emails unique too
statuses = {}

function init(args)
  math.randomseed(os.time() * 100 + id)
  first_client = math.random(0, 16777215)
end

-- The next client address, in this thread's block (11.x.x.x for the first thread, 12.x.x.x ...).
function client_address()
  client = client + 1
  local n = (first_client + client) % 16777216
  return string.format("%d.%d.%d.%d", 11 + id, math.floor(n / 65536), math.floor(n / 256) % 256, n % 256)
end

-- A request's headers: its client address, and a JSON content type when it has a body.
function headers(json)
  local h = { ["X-Forwarded-For"] = client_address() }
  if json then h["Content-Type"] = "application/json" end
  return h
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local codes = {}
  for status in pairs(total) do table.insert(codes, status) end
  table.sort(codes)
  for _, status in ipairs(codes) do io.write(string.format("status %d %d\n", status, total[status])) end
end
