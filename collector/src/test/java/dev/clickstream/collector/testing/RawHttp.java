package dev.clickstream.collector.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand over a socket to 127.0.0.1, for what no HTTP client does: stall, lie about lengths, half-send. */
public final class RawHttp {
    private RawHttp() {}

    public static Socket open(int port) throws IOException {
        return new Socket("127.0.0.1", port);
    }

    /** A POST's request line and headers, ending with the blank line; an empty authorization sends none. */
    public static String head(String path, String authorization, long contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (authorization.isEmpty() ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    public static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends, or returns why it could not (the collector may already have answered and closed). */
    public static String trySend(Socket s, String text) {
        try {
            send(s, text);
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The response's head and JSON body, read until the body is complete, the connection closes, or the timeout. */
    public static String readAnswer(Socket s, long timeoutMs) throws IOException {
        s.setSoTimeout((int) timeoutMs);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read(); // byte by byte: a second response on the same connection stays unread
                if (b < 0) break;
                got.write(b);
                String text = got.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0 && text.endsWith("}")) break;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + timeoutMs + " ms; got: " + got.toString(StandardCharsets.UTF_8));
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Whether the peer closes the connection within the timeout (reads and drops anything else it sends). */
    public static boolean closedWithin(Socket s, long timeoutMs) throws IOException {
        s.setSoTimeout((int) timeoutMs);
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed as well
        }
    }
}
