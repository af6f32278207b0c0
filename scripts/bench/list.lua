-- GET /api/v2/tickets?per_page=100 over the first 50 pages (newest first).
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/v2/tickets?per_page=100&page=" .. math.random(1, 50))
end
