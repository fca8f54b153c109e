package dev.clickstream.snippets;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.warehouse.testing.TestPostgres;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * TLS in front of the collector on a random loopback port, standing in for the load balancer or API Gateway of a
 * deployment: analytics-kotlin and the classic snippet only speak https://. The key is made fresh by keytool for
 * 127.0.0.1; clients trust it through {@link #trustStore()} (JVM) or {@link #spkiHash()} (Chromium).
 */
final class TlsFront implements AutoCloseable {
    private static final char[] PASSWORD = "snippets".toCharArray();
    private final SSLServerSocket server;
    private final ExecutorService pipes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-front");
        t.setDaemon(true);
        return t;
    });
    private final Path trustStore;
    private final String spkiHash;
    private volatile int upstreamPort;

    private TlsFront(SSLServerSocket server, Path trustStore, String spkiHash) {
        this.server = server;
        this.trustStore = trustStore;
        this.spkiHash = spkiHash;
    }

    static TlsFront start(Path dir) {
        try {
            Path keyStoreFile = dir.resolve("front.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "front", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStoreFile)) {
                keys.load(in, PASSWORD);
            }
            Certificate cert = keys.getCertificate("front");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, PASSWORD);
            trust.setCertificateEntry("front", cert);
            Path trustFile = dir.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustFile)) {
                trust.store(out, PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            String spki = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
            TlsFront front = new TlsFront(server, trustFile, spki);
            Thread acceptor = new Thread(front::acceptLoop, "tls-front-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A collector on a fresh database behind this front, which its settings name as the public host. */
    CollectorHarness startCollector(String sources) {
        Settings settings = CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.SOURCES_WRITE_KEYS, sources)
                .with(CollectorKeys.HTTP_PUBLIC_HOST, hostPort());
        CollectorHarness collector = CollectorHarness.start(settings);
        upstreamPort = collector.port();
        return collector;
    }

    /** host:port as the SDKs want it (no scheme). */
    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    String url() {
        return "https://" + hostPort();
    }

    Path trustStore() {
        return trustStore;
    }

    String trustStorePassword() {
        return new String(PASSWORD);
    }

    String spkiHash() {
        return spkiHash;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pipes.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            pipes.execute(() -> {
                try {
                    client.getInputStream().transferTo(upstream.getOutputStream());
                    upstream.shutdownOutput();
                } catch (IOException ignored) {
                    // either side went away: the other copy ends too
                }
            });
            upstream.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException ignored) {
            // a client that failed the handshake or hung up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pipes.shutdownNow();
    }
}
