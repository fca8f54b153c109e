package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic snippet's CDN paths served from the jar: the analytics.js loader and its lazy chunks, plain or gzip,
 * with cache headers, and nothing else from that folder (sdk-snippets' TestClassicSnippet runs it in Chromium).
 */
class TestAnalyticsJs {
    private static final String CHUNK = "/analytics-next/bundles/ajs-destination.bundle.40628baed746e9904edc.js";
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    @Test
    void loaderIsTheCommittedStandaloneBuildPlainOrGzip() throws IOException {
        byte[] standalone = resource("standalone.js");
        HttpResponse<byte[]> plain = get("/analytics.js/v1/any_key/analytics.min.js", "identity");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(standalone);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();

        HttpResponse<byte[]> gz = get("/analytics.js/v1/any_key/analytics.min.js", "gzip, deflate, br");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.body().length).isLessThan(standalone.length / 2);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(standalone);
        }
        assertThat(get("/analytics.js/v1/any_key/analytics.min.js", "gzip;q=0, identity").headers()
                .firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void chunksAreServedByExactNameOnlyAndImmutable() throws IOException {
        HttpResponse<byte[]> chunk = get(CHUNK, null);
        assertThat(chunk.statusCode()).isEqualTo(200);
        assertThat(chunk.body()).isEqualTo(resource(CHUNK.substring(CHUNK.lastIndexOf('/') + 1)));
        assertThat(chunk.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

        for (String path : new String[]{"/analytics-next/bundles/files.txt", "/analytics-next/bundles/LICENSE.MD",
                "/analytics-next/bundles/standalone.js", "/analytics-next/bundles/..%2Ffiles.txt",
                "/analytics-next/bundles/%2e%2e%2f%2e%2e%2fpom.xml"}) {
            HttpResponse<byte[]> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(r.body())).as(path).contains("\"code\":\"not_found\"");
        }
    }

    @Test
    void errorsOnTheLoaderPathDoNotEchoTheWriteKey() {
        HttpResponse<String> r = c.post("/analytics.js/v1/wk_secret_in_path/analytics.min.js", "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).doesNotContain("wk_secret_in_path");
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.baseUrl() + path)).GET();
        if (acceptEncoding != null) b.header("Accept-Encoding", acceptEncoding);
        try {
            return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TestAnalyticsJs.class.getResourceAsStream("/analytics-js/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
