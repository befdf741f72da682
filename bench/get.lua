-- GET of the URL's path (the floor, an unknown address): bench/common.lua's client address and counts.
dofile("bench/common.lua")
request = function()
  return wrk.format("GET", nil, headers(false))
end
