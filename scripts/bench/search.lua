-- GET /api/v2/search/tickets with a priority/status query (30 results a page, with total).
math.randomseed(9)
request = function()
  local q = '%22priority:' .. math.random(1, 4) .. '%20AND%20status:2%22'
  return wrk.format("GET", "/api/v2/search/tickets?query=" .. q .. "&page=" .. math.random(1, 10))
end
