package dev.clickstream.collector.ingest;

/** String rules shared by enrichment, rejection records and partition keys. */
public final class Text {
    private Text() {}

    /** The first {@code max} UTF-16 units of {@code s}, one fewer when the cut would split a surrogate pair. */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** The longest prefix of {@code s} whose UTF-8 form fits {@code maxBytes}, never splitting a character. */
    public static String cutUtf8(String s, int maxBytes) {
        if (s == null || s.length() * 3 <= maxBytes) return s;
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int n = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
            if (bytes + n > maxBytes) return s.substring(0, i);
            bytes += n;
            if (n == 4) i++;
        }
        return s;
    }

    /** Whether {@code s} holds a C0 control character (NUL, tab, newline, …) or DEL. */
    public static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) return true;
        }
        return false;
    }

    /** {@code s} with every C0 control character and DEL replaced by U+FFFD. */
    public static String replaceControlCharacters(String s) {
        if (s == null || !hasControlCharacter(s)) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(isControl(c) ? '\uFFFD' : c);
        }
        return b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }
}
