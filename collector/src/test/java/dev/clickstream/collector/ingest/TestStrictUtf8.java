package dev.clickstream.collector.ingest;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-path UTF-8 check decides exactly as the JDK's decoder set to REPORT: over every one- and two-byte
 * sequence, every three-byte sequence whose third byte is a boundary value, four-byte sequences of boundary values, and random mixed
 * text, each placed where the eight-bytes-at-a-time ASCII skip runs before it, and again at the very end.
 */
class TestStrictUtf8 {
    private static final byte[] PAD = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void everyShortSequence() {
        for (int a = 0; a < 256; a++) {
            check(a);
            for (int b = 0; b < 256 && a >= 0x80; b++) check(a, b); // after an ASCII byte, b alone is the case above
        }
        int[] edges = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int a = 0xE0; a <= 0xEF; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : edges) check(a, b, c);
            }
        }
        for (int a = 0xF0; a <= 0xF8; a++) { // F8..FF are never valid; every lead byte is covered by the loops above
            for (int b : edges) {
                for (int c : edges) {
                    for (int d : new int[]{0x7F, 0x80, 0xBF, 0xC0}) check(a, b, c, d);
                }
            }
        }
    }

    @Test
    void randomText() {
        Random random = new Random(11);
        String alphabet = "aé☃😀\u0000\"\\";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(7))));
            byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextBoolean()) bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            assertThat(StrictUtf8.isValid(bytes, 0, bytes.length)).isEqualTo(jdk(bytes));
        }
    }

    private static void check(int... sequence) {
        byte[] bytes = new byte[PAD.length + sequence.length + PAD.length];
        System.arraycopy(PAD, 0, bytes, 0, PAD.length);
        for (int i = 0; i < sequence.length; i++) bytes[PAD.length + i] = (byte) sequence[i];
        System.arraycopy(PAD, 0, bytes, PAD.length + sequence.length, PAD.length);
        boolean expected = jdk(bytes);
        if (StrictUtf8.isValid(bytes, 0, bytes.length) != expected) {
            throw new AssertionError(hex(sequence) + ": expected " + expected);
        }
        // the same bytes at the very end of the input, with no room for what a lead byte promises
        int end = PAD.length + sequence.length;
        expected = jdk(Arrays.copyOf(bytes, end));
        if (StrictUtf8.isValid(bytes, 0, end) != expected) {
            throw new AssertionError(hex(sequence) + " at the end: expected " + expected);
        }
    }

    private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private static boolean jdk(byte[] bytes) {
        try {
            JDK.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(int... bytes) {
        StringBuilder s = new StringBuilder();
        for (int b : bytes) s.append(String.format("%02X ", b));
        return s.toString().trim();
    }
}
