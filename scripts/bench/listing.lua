-- listing.lua — one GET of GET /tasks, again and again: LISTING_TARGET (path and query) as the fixtures' first user.
-- wrk -t2 -c16 -d10s --latency -s scripts/bench/listing.lua BASE_URL -- FIXTURES.lua   (run by listing.sh)
-- Uses ../shared/bench/common.lua (from BENCH_KIT) for the fixtures and the JSON line done() prints.
local bench = dofile(os.getenv("BENCH_KIT") .. "/common.lua")
bench.run(os.getenv("LISTING_CASE"), function(users, prefix)
  local request = wrk.format("GET", prefix .. os.getenv("LISTING_TARGET"), bench.headers(users[1], false))
  return function() return request end
end)
