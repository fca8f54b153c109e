-- A fixed 100-event batch (about 37 KB) on /v1/batch; the body is built once so wrk's CPU stays out of the way.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("WRITE_KEY_BASIC")
local parts = {}
for i = 1, 100 do
  parts[i] = '{"type":"track","userId":"user-' .. i .. '","event":"Product Viewed","messageId":"b-' .. i
    .. '","properties":{"product_id":"sku-42","price":19.99,"category":"shoes","brand":"acme"},'
    .. '"context":{"userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36","page":{"url":"https://shop.example/p/42",'
    .. '"path":"/p/42","referrer":"https://google.com/"}},"timestamp":"2026-11-25T09:52:44.944Z"}'
end
wrk.body = '{"batch":[' .. table.concat(parts, ",") .. '],"sentAt":"2026-11-25T09:52:45.000Z",'
  .. '"context":{"library":{"name":"analytics-java","version":"3.5.4"}}}'
