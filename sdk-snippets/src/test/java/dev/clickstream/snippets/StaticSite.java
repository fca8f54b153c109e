package dev.clickstream.snippets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The site the browser snippets are pasted into: a second origin on loopback, so every call to the collector is
 * cross-origin as on a real site. It serves a folder's files as committed, except that in HTML the placeholders the
 * snippet's README tells users to replace are replaced, and nothing else.
 */
final class StaticSite implements AutoCloseable {
    private final HttpServer server;

    private StaticSite(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code folder} under {@code /{folder name}/}; every placeholder must occur in each HTML file served. */
    static StaticSite serve(Map<String, String> placeholders, Path... folders) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            for (Path folder : folders) {
                String prefix = "/" + folder.getFileName() + "/";
                server.createContext(prefix, x -> handle(x, folder, prefix, placeholders));
            }
            server.start();
            return new StaticSite(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void handle(HttpExchange x, Path folder, String prefix, Map<String, String> placeholders) throws IOException {
        try (x) {
            Path file = folder.resolve(x.getRequestURI().getPath().substring(prefix.length())).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String type = "application/octet-stream";
            if (file.toString().endsWith(".html")) {
                type = "text/html; charset=utf-8";
                String html = new String(body, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> p : placeholders.entrySet()) {
                    if (!html.contains(p.getKey())) throw new IllegalStateException(file + " lacks placeholder " + p.getKey());
                    html = html.replace(p.getKey(), p.getValue());
                }
                body = html.getBytes(StandardCharsets.UTF_8);
            } else if (file.toString().endsWith(".js")) {
                type = "text/javascript; charset=utf-8";
            }
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
