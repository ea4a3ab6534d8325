-- wrk script: replays request paths from a file, round-robin, optionally pipelined.
--
--   wrk -t1 -c64 -d15s --latency -s ops/bench/paths.lua http://127.0.0.1:8080 -- <paths.txt> [pipeline]
--
-- <paths.txt>: one path per line (ops/bench/gen_links.py writes paths-zipf.txt and paths-all.txt).
-- [pipeline]:  requests per write (default 1). With N > 1 each request() returns N requests
--              concatenated, as in wrk's scripts/pipeline.lua; wrk counts each response.
-- Every thread starts at the beginning of the list, so with one thread (-t1) the first
-- #paths requests cover the whole list once.

local reqs = {}
local n = 0
local i = 0

init = function(args)
   local file = args[1]
   local depth = tonumber(args[2] or "1")
   if file == nil or depth == nil or depth < 1 then
      error("usage: -s paths.lua <url> -- <paths.txt> [pipeline]")
   end
   local paths = {}
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. file)
   end
   -- With pipelining, batch k holds paths k*depth+1 .. k*depth+depth (wrapping around), so
   -- the batches together still cover the list in order.
   local batches = math.max(1, math.floor(#paths / depth))
   for b = 0, batches - 1 do
      local r = {}
      for j = 1, depth do
         local p = paths[((b * depth + j - 1) % #paths) + 1]
         r[j] = wrk.format(nil, p)
      end
      reqs[b + 1] = table.concat(r)
   end
   n = #reqs
end

request = function()
   i = i + 1
   if i > n then
      i = 1
   end
   return reqs[i]
end
