-- wrk: POST a clig create with the key in BENCH_KEY (empty for the bare server); one target per request
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"target":"https://example.com/bench/' .. n .. '"}')
end
