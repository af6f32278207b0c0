-- GET /api/v2/tickets?per_page=100&updated_since=… over the first 50 pages (newest first): how incremental
-- syncs (tap-freshdesk, Airbyte) read.
math.randomseed(11)
request = function()
  return wrk.format("GET", "/api/v2/tickets?per_page=100&updated_since=2020-01-01T00:00:00Z&page=" .. math.random(1, 50))
end
