package dev.clickstream.benchmark.load;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Kinesis ceiling: a bare loop of PutRecords calls (500 records of {@code recordBytes} each, the most one call
 * takes) from {@code threads} threads, with nothing else in the way. The collector's Kinesis path is reported as a
 * ratio to this records-per-second figure.
 */
public final class PutRecordsCeiling {
    private PutRecordsCeiling() {}

    public record Result(double recordsPerSecond, long failedRecords) {}

    private static KinesisClient client(URI endpoint, int connections) {
        return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections)).build();
    }

    /** Creates the stream both the collector and the bare loop write to, and waits until it is ACTIVE. */
    public static void createStream(URI endpoint, String stream, int shards) {
        try (KinesisClient kinesis = client(endpoint, 2)) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                    != software.amazon.awssdk.services.kinesis.model.StreamStatus.ACTIVE) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("stream " + stream + " not ACTIVE within 60 s");
                ServerProcess.sleep(200);
            }
        }
    }

    public static Result run(URI endpoint, String stream, int threads, int recordBytes, Duration warmup, Duration measure) {
        KinesisClient kinesis = client(endpoint, threads * 2);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                Random random = new Random(seed);
                byte[] payload = new byte[recordBytes];
                random.nextBytes(payload);
                List<PutRecordsRequestEntry> entries = new ArrayList<>(500);
                for (int i = 0; i < 500; i++) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + random.nextInt(100_000))
                            .data(SdkBytes.fromByteArray(payload)).build());
                }
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(entries));
                    if (start >= measureFrom) {
                        ok.add(500 - r.failedRecordCount());
                        failed.add(r.failedRecordCount());
                    }
                }
            }, "putrecords-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kinesis.close();
        return new Result(ok.sum() / (measure.toNanos() / 1e9), failed.sum());
    }
}
