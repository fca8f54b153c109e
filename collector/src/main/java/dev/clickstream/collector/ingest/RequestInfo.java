package dev.clickstream.collector.ingest;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What one HTTP request contributes to every message in it: the server's receive time, the client address,
 * and for batches the envelope's {@code context}, {@code integrations} and {@code sentAt}.
 */
public record RequestInfo(Instant receivedAt, String clientIp, JsonNode batchContext, JsonNode batchIntegrations,
                          String batchSentAt) {}
