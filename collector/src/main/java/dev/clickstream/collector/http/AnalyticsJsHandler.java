package dev.clickstream.collector.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Serves analytics.js the way Segment's CDN does, so a page that pastes Segment's classic snippet changes only its host:
 * the snippet loads {@code https://{host}/analytics.js/v1/{writeKey}/analytics.min.js}, which then fetches its settings
 * from {@code /v1/projects/{writeKey}/settings} ({@link SettingsHandler}) and its lazy chunks from
 * {@code /analytics-next/bundles/{file}}. The files are the standalone build of the pinned {@code @segment/analytics-next}
 * npm package, committed with its licence under {@code resources/analytics-js/} (see sdk-snippets/README.md): nothing
 * is fetched at run time. The write key in the path is not checked: the bundle is the same public file for every key.
 */
final class AnalyticsJsHandler {
    static final String LOADER_PATH = "/analytics.js/v1/{writeKey}/analytics.min.js";
    static final String CHUNK_PATH = "/analytics-next/bundles/{file}";
    static final List<String> PATHS = List.of(LOADER_PATH, CHUNK_PATH);
    private static final String DIR = "/analytics-js/";
    private static final String LOADER_FILE = "standalone.js";
    /** The loader changes when the collector is upgraded; chunk names carry a content hash. */
    private static final String LOADER_CACHE = "public, max-age=300";
    private static final String CHUNK_CACHE = "public, max-age=31536000, immutable";

    private record Asset(byte[] plain, byte[] gzip) {}

    private final Asset loader;
    private final Map<String, Asset> chunks;

    private AnalyticsJsHandler(Asset loader, Map<String, Asset> chunks) {
        this.loader = loader;
        this.chunks = Map.copyOf(chunks);
    }

    /** Loads every file listed in {@code files.txt} once; requests only look names up in that fixed map. */
    static AnalyticsJsHandler fromClasspath() {
        Asset loader = null;
        Map<String, Asset> chunks = new HashMap<>();
        for (String name : new String(read("files.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (name.isBlank()) continue;
            Asset asset = asset(read(name.strip()));
            if (name.strip().equals(LOADER_FILE)) loader = asset;
            else chunks.put(name.strip(), asset);
        }
        if (loader == null) throw new IllegalStateException(DIR + "files.txt does not list " + LOADER_FILE);
        return new AnalyticsJsHandler(loader, chunks);
    }

    void register(RoutesConfig routes) {
        routes.get(LOADER_PATH, ctx -> send(ctx, loader, LOADER_CACHE));
        routes.get(CHUNK_PATH, ctx -> {
            Asset chunk = chunks.get(ctx.pathParam("file"));
            if (chunk == null) throw new ApiError(404, "not_found", "No such analytics.js bundle.");
            send(ctx, chunk, CHUNK_CACHE);
        });
    }

    private static void send(Context ctx, Asset asset, String cacheControl) {
        boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
        ctx.header("Cache-Control", cacheControl);
        ctx.header("Vary", "Accept-Encoding");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (gzip) ctx.header("Content-Encoding", "gzip");
        ctx.status(200).contentType("text/javascript; charset=utf-8").result(gzip ? asset.gzip() : asset.plain());
    }

    /** {@code gzip} listed without {@code q=0}; anything unparseable gets the plain file. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.length() > 512) return false;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            if (!fields[0].strip().equalsIgnoreCase("gzip")) continue;
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].strip().replace(" ", "");
                if (f.matches("q=0(\\.0{0,3})?")) return false;
            }
            return true;
        }
        return false;
    }

    private static Asset asset(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Asset(plain, out.toByteArray());
    }

    private static byte[] read(String name) {
        try (InputStream in = AnalyticsJsHandler.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + DIR + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
