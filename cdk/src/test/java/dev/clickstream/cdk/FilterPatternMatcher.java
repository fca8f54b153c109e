package dev.clickstream.cdk;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs filter patterns over unstructured log events, as the AWS page documents them
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html): case-sensitive terms, a
 * term with anything but letters and digits in double quotes, terms side by side all required, {@code -term}
 * excluded, {@code ?term ?term} any of them. Only these forms: mixing {@code ?} with other terms is not documented,
 * so it is refused. The page says "terms" and "exact phrases" without saying whether a term may match inside a longer
 * word; a match that would differ between the two readings is refused too, so a pattern that passes here means the
 * same under either.
 */
final class FilterPatternMatcher {
    private FilterPatternMatcher() {}

    record Term(char op, String text) {}

    static boolean matches(String pattern, String event) {
        List<Term> terms = parse(pattern);
        boolean anyOf = terms.stream().anyMatch(t -> t.op() == '?');
        if (anyOf && !terms.stream().allMatch(t -> t.op() == '?')) {
            throw new IllegalArgumentException("? mixed with other terms is not documented: " + pattern);
        }
        if (anyOf) return terms.stream().anyMatch(t -> contains(event, t.text()));
        for (Term t : terms) {
            if (contains(event, t.text()) != (t.op() != '-')) return false;
        }
        return true;
    }

    static List<Term> parse(String pattern) {
        List<Term> out = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            char op = ' ';
            if (c == '-' || c == '?') {
                op = c;
                i++;
            }
            StringBuilder text = new StringBuilder();
            if (i < pattern.length() && pattern.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= pattern.length()) throw new IllegalArgumentException("unterminated quote: " + pattern);
                    char q = pattern.charAt(i++);
                    if (q == '"') break;
                    if (q == '\\') {
                        if (i >= pattern.length()) throw new IllegalArgumentException("dangling backslash: " + pattern);
                        q = pattern.charAt(i++);
                    }
                    text.append(q);
                }
            } else {
                while (i < pattern.length() && pattern.charAt(i) != ' ') text.append(pattern.charAt(i++));
                if (!text.chars().allMatch(Character::isLetterOrDigit)) {
                    throw new IllegalArgumentException("a term with other characters than letters and digits needs quotes: " + text);
                }
            }
            if (text.isEmpty()) throw new IllegalArgumentException("empty term in " + pattern);
            out.add(new Term(op, text.toString()));
        }
        return out;
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Whether the event contains the term, refusing a match that a word-boundary reading would not make. */
    private static boolean contains(String event, String term) {
        boolean found = false;
        for (int at = event.indexOf(term); at >= 0; at = event.indexOf(term, at + 1)) {
            boolean startBounded = !word(term.charAt(0)) || at == 0 || !word(event.charAt(at - 1));
            int end = at + term.length();
            boolean endBounded = !word(term.charAt(term.length() - 1)) || end == event.length() || !word(event.charAt(end));
            if (!startBounded || !endBounded) {
                throw new IllegalArgumentException("'" + term + "' occurs inside a longer word, where the two readings of a term differ: " + event);
            }
            found = true;
        }
        return found;
    }
}
