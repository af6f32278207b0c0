-- POST /api/v2/tickets with a fresh subject each time, from 500 distinct requesters (each its own key): the first
-- ticket of each creates the contact, later ones find it through the blind index.
local counter = 0
local thread_offset = math.random(0, 499)
request = function()
  counter = counter + 1
  local requester = (counter + thread_offset) % 500
  local body = '{"subject":"Benchmark ticket ' .. counter .. '","description":"<p>Load test body ' .. counter ..
    '</p>","email":"requester' .. requester .. '@example.com","priority":' .. (counter % 4 + 1) ..
    ',"status":2,"tags":["bench"]}'
  return wrk.format("POST", "/api/v2/tickets", {["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"]}, body)
end
