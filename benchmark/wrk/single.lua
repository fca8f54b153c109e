-- One track event per request on /v1/track, unique messageIds. WRITE_KEY comes from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("WRITE_KEY_BASIC")
local n = 0
local thread_id = 0
function setup(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
request = function()
  n = n + 1
  local body = '{"userId":"user-' .. (n % 1000) .. '","event":"Product Viewed","messageId":"s' .. tid .. '-' .. n
    .. '","properties":{"product_id":"sku-42","price":19.99,"category":"shoes","brand":"acme"},'
    .. '"context":{"userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36","page":{"url":"https://shop.example/p/42",'
    .. '"path":"/p/42","referrer":"https://google.com/"},"library":{"name":"analytics.js","version":"next-1.84.3"}},'
    .. '"timestamp":"2026-11-25T09:52:44.944Z","sentAt":"2026-11-25T09:52:45.000Z"}'
  return wrk.format(nil, "/v1/track", nil, body)
end
