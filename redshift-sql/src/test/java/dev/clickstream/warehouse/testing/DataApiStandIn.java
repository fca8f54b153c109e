package dev.clickstream.warehouse.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

import java.net.URI;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The Redshift Data API where only AWS can answer: WireMock on a random local port speaking the service's wire
 * protocol (POST /, JSON 1.1, {@code X-Amz-Target: RedshiftData.<Operation>}), with helpers for the answers and
 * faults the tests need. Clients built here have the SDK's own retries off, so the runner's retry policy is the one
 * under test.
 */
public final class DataApiStandIn implements AutoCloseable {
    public static final String ID = "3f1c2a9e-5b7d-4e21-9c0a-1d2e3f4a5b6c";
    private final WireMockServer wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    public DataApiStandIn() {
        wm.start();
    }

    public WireMockServer server() {
        return wm;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + wm.port();
    }

    public RedshiftDataClient client() {
        return RedshiftDataClient.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    public static MappingBuilder call(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData." + operation));
    }

    public static RequestPatternBuilder requested(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("RedshiftData." + operation));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** An AWS JSON error, e.g. 400 ThrottlingException. */
    public static ResponseDefinitionBuilder error(int status, String type, String message) {
        return json(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    public static ResponseDefinitionBuilder connectionReset() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    public static ResponseDefinitionBuilder submitted(String id) {
        return json(200, "{\"Id\":\"" + id + "\",\"CreatedAt\":1714557600.123,\"Database\":\"analytics\"}");
    }

    /** Every submission of this operation is accepted as statement {@link #ID}. */
    public void accepts(String operation) {
        wm.stubFor(call(operation).willReturn(submitted(ID)));
    }

    /** DescribeStatement answers FINISHED with one sub-statement per count (a batch of that many). */
    public static ResponseDefinitionBuilder finished(long... counts) {
        StringBuilder subs = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (i > 0) subs.append(',');
            subs.append("{\"Id\":\"").append(ID).append(':').append(i + 1).append("\",\"Status\":\"FINISHED\",\"ResultRows\":")
                    .append(counts[i]).append('}');
        }
        return json(200, "{\"Id\":\"" + ID + "\",\"Status\":\"FINISHED\",\"HasResultSet\":false,\"SubStatements\":[" + subs + "]}");
    }

    public List<LoggedRequest> requests(String operation) {
        return wm.findAll(requested(operation));
    }

    @Override
    public void close() {
        wm.stop();
    }
}
