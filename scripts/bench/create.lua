-- POST /api/v2/tickets with a fresh subject each time; the requester is one existing e-mail.
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"subject":"Benchmark ticket ' .. counter .. '","description":"<p>Load test body ' .. counter ..
    '</p>","email":"bench.requester@example.com","priority":' .. (counter % 4 + 1) .. ',"status":2,"tags":["bench"]}'
  return wrk.format("POST", "/api/v2/tickets", {["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"]}, body)
end
