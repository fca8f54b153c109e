# analytics-python pointed at a clickstream collector: one of each call, then flush.  NOT RUN BY THE BUILD (see README).
# Run it: pip install -r requirements.txt && COLLECTOR_URL=https://collector.example.com SEGMENT_WRITE_KEY=… python send_events.py
import os

import segment.analytics as analytics

analytics.write_key = os.environ["SEGMENT_WRITE_KEY"]
analytics.host = os.environ["COLLECTOR_URL"]  # the only change from Segment: batches go to {host}/v1/batch
analytics.gzip = True  # optional; the collector inflates gzip bodies


def on_error(error, items):
    print("failed:", error)


analytics.on_error = on_error

analytics.identify("user-123", {"name": "Jane Doe", "email": "jane@example.com", "plan": "pro"})
analytics.track("user-123", "Order Completed", {"order_id": "order-1001", "revenue": 99.5, "currency": "USD"})
analytics.page("user-123", None, "Pricing", {"url": "https://www.example.com/pricing"})
analytics.screen("user-123", None, "Home")
analytics.group("user-123", "company-42", {"name": "Example Inc", "employees": 42})
analytics.alias("anon-7f3e", "user-123")

analytics.flush()     # send what is queued
analytics.shutdown()  # wait for it, then stop the consumer thread
