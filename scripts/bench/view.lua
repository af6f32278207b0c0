-- GET /api/v2/tickets/{id} over ids 1..TICKETS.
local tickets = tonumber(os.getenv("TICKETS") or "10000")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v2/tickets/" .. math.random(1, tickets))
end
