<?php
// analytics-php pointed at a clickstream collector: one of each call, then flush.  NOT RUN BY THE BUILD (see README).
// Run it: composer install && COLLECTOR_HOST=collector.example.com SEGMENT_WRITE_KEY=… php send_events.php
require __DIR__ . '/vendor/autoload.php';

use Segment\Segment;

Segment::init(getenv('SEGMENT_WRITE_KEY'), [
    'host' => getenv('COLLECTOR_HOST'), // host[:port], no scheme: the SDK always prepends https://, posts to /v1/batch
    'compress_request' => true,         // optional gzip; the collector inflates it
    'error_handler' => function ($code, $message) { fwrite(STDERR, "failed: $code $message\n"); },
]);

Segment::identify(['userId' => 'user-123', 'traits' => ['name' => 'Jane Doe', 'email' => 'jane@example.com', 'plan' => 'pro']]);
Segment::track(['userId' => 'user-123', 'event' => 'Order Completed',
    'properties' => ['order_id' => 'order-1001', 'revenue' => 99.5, 'currency' => 'USD']]);
Segment::page(['userId' => 'user-123', 'name' => 'Pricing', 'properties' => ['url' => 'https://www.example.com/pricing']]);
Segment::screen(['userId' => 'user-123', 'name' => 'Home']);
Segment::group(['userId' => 'user-123', 'groupId' => 'company-42', 'traits' => ['name' => 'Example Inc', 'employees' => 42]]);
Segment::alias(['previousId' => 'anon-7f3e', 'userId' => 'user-123']);

Segment::flush();
