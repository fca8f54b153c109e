package dev.clickstream.collector.http;

import dev.clickstream.collector.auth.WriteKeyResolver;
import dev.clickstream.collector.enrich.ClientAddress;
import dev.clickstream.collector.ingest.IngestService;
import dev.clickstream.collector.ingest.JsonCodec;
import dev.clickstream.collector.lifecycle.RateLimiter;
import dev.clickstream.collector.lifecycle.RequestGate;
import dev.clickstream.collector.metrics.CollectorMetrics;

/** What every ingest endpoint needs, bundled once. */
public record IngestDeps(BodyReader bodies, JsonCodec json, WriteKeyResolver keys, Cors cors, IngestService ingest,
                  CollectorMetrics metrics, RequestGate gate, ClientAddress clientAddress, int retryAfterSeconds,
                  int maxMessageBytes, int maxBatchBytes, int maxBatchMessages, RateLimiter rateLimit) {}
