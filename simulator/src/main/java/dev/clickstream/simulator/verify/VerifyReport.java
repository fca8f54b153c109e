package dev.clickstream.simulator.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outcome of verify: every measure, grouped by section, and the thresholds it failed. */
public final class VerifyReport {
    /**
     * One bot kind's recall: {@code found} of its {@code total} bots flagged. A kind with no bot in the truth has no
     * recall to measure, and fails verify rather than passing unmeasured.
     */
    public record KindRecall(long found, long total) {
        public boolean measured() { return total > 0; }
        public double recall() { return measured() ? (double) found / total : Double.NaN; }
        /** Below this many bots one miss already takes recall under {@code min}: the kind is measured, but coarsely. */
        static long smallestForOneMiss(double min) { return min >= 1.0 ? Long.MAX_VALUE : (long) Math.ceil(1 / (1 - min) - 1e-9); }
    }


    private final Thresholds thresholds;
    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    long lost;
    long duplicates;
    double sessionMatch;
    double funnelMatch;
    double botPrecision;
    double botRecall;
    final Map<String, KindRecall> botRecallByKind = new java.util.TreeMap<>();
    double linkRecall;
    double attribution;

    VerifyReport(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    Thresholds thresholds() {
        return thresholds;
    }

    void line(String section, String measure, Object value) {
        String shown = value instanceof Double d ? format(d) : value instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : String.valueOf(value);
        sections.computeIfAbsent(section, k -> new ArrayList<>()).add("| " + measure + " | " + shown + " |");
    }

    void listing(String section, List<String> mismatches) {
        for (String m : mismatches) sections.computeIfAbsent(section, k -> new ArrayList<>()).add("| mismatch | " + m + " |");
    }

    static String format(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    public List<String> failures() {
        List<String> f = new ArrayList<>();
        if (lost > thresholds.maxLost()) f.add("lost events " + lost + " > " + thresholds.maxLost());
        if (duplicates > thresholds.maxDuplicates()) f.add("duplicates " + duplicates + " > " + thresholds.maxDuplicates());
        below(f, "session match", sessionMatch, thresholds.minSessionMatch());
        below(f, "funnel match", funnelMatch, thresholds.minFunnelMatch());
        below(f, "bot recall", botRecall, thresholds.minBotRecall());
        botRecallByKind.forEach((kind, k) -> {
            if (!k.measured()) f.add("bot recall, " + kind + " unmeasured: no bot of this kind in the truth");
            else below(f, "bot recall, " + kind, k.recall(), thresholds.minBotRecall());
        });
        below(f, "bot precision", botPrecision, thresholds.minBotPrecision());
        below(f, "identity link recall", linkRecall, thresholds.minLinkRecall());
        below(f, "event attribution", attribution, thresholds.minAttribution());
        return f;
    }

    private static void below(List<String> f, String name, double value, double min) {
        if (value < min) f.add(name + " " + format(value) + " < " + format(min));
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    public double sessionMatch() { return sessionMatch; }
    public double funnelMatch() { return funnelMatch; }
    public double botRecall() { return botRecall; }
    public double botPrecision() { return botPrecision; }
    /** Recall of every bot kind the rules are built for (and any other kind in the truth), by kind. */
    public Map<String, KindRecall> botRecallByKind() { return java.util.Collections.unmodifiableMap(botRecallByKind); }
    public double attribution() { return attribution; }
    public long lost() { return lost; }
    public long duplicates() { return duplicates; }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> s : sections.entrySet()) {
            b.append("### ").append(s.getKey()).append("\n\n| measure | value |\n|---|---|\n");
            s.getValue().forEach(l -> b.append(l).append('\n'));
            b.append('\n');
        }
        List<String> failures = failures();
        b.append(failures.isEmpty() ? "**PASS**: every threshold met.\n" : "**FAIL**: " + String.join("; ", failures) + "\n");
        return b.toString();
    }
}
