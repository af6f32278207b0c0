-- POST /api/v2/tickets whose description carries a card number among other digits (the masking's work case: more
-- than 13 digits, so every body is scanned, and one Luhn-valid number masked), from 500 distinct requesters.
local counter = 0
local thread_offset = math.random(0, 499)
request = function()
  counter = counter + 1
  local requester = (counter + thread_offset) % 500
  local body = '{"subject":"Refund for order ' .. counter .. '","description":"<p>Order 2026-12-' .. (counter % 28 + 1) ..
    ' no. ' .. (100000 + counter) .. ': please refund to my card 4111 1111 1111 1111, phone +1 555 123 4567.</p>",' ..
    '"email":"requester' .. requester .. '@example.com","priority":' .. (counter % 4 + 1) .. ',"status":2,"tags":["bench"]}'
  return wrk.format("POST", "/api/v2/tickets", {["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"]}, body)
end
