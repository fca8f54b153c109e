-- The default funnel, Segment's e-commerce spec, seeded once; edit funnel_definitions to add your own.
INSERT INTO clickstream.funnel_definitions (funnel, step, event, max_seconds_from_previous)
SELECT 'ecommerce', 1, 'Product Viewed', NULL
WHERE NOT EXISTS (SELECT 1 FROM clickstream.funnel_definitions WHERE funnel = 'ecommerce');

INSERT INTO clickstream.funnel_definitions (funnel, step, event, max_seconds_from_previous)
SELECT 'ecommerce', 2, 'Product Added', 3600
WHERE NOT EXISTS (SELECT 1 FROM clickstream.funnel_definitions WHERE funnel = 'ecommerce' AND step = 2);

INSERT INTO clickstream.funnel_definitions (funnel, step, event, max_seconds_from_previous)
SELECT 'ecommerce', 3, 'Checkout Started', 3600
WHERE NOT EXISTS (SELECT 1 FROM clickstream.funnel_definitions WHERE funnel = 'ecommerce' AND step = 3);

INSERT INTO clickstream.funnel_definitions (funnel, step, event, max_seconds_from_previous)
SELECT 'ecommerce', 4, 'Order Completed', 3600
WHERE NOT EXISTS (SELECT 1 FROM clickstream.funnel_definitions WHERE funnel = 'ecommerce' AND step = 4);
