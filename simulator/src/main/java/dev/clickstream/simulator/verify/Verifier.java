package dev.clickstream.simulator.verify;

import dev.clickstream.simulator.truth.GroundTruth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares the warehouse with the ground truth, measure by measure, and says which thresholds fail. */
public final class Verifier {
    /** The rule built to catch each kind of bot; precision is reported per rule. */
    static final Map<String, String> RULE_FOR_KIND = Map.of("burst", "rate", "crawler", "crawler_ua",
            "headless", "crawler_ua", "ip_farm", "ip_farm", "metronome", "robotic_timing");
    private static final int LISTED = 10;

    private Verifier() {}

    public static VerifyReport verify(GroundTruth truth, ModeledTables w, Thresholds t) {
        VerifyReport r = new VerifyReport(t);
        events(truth, w, r);
        sessions(truth, w, r, t);
        funnels(truth, w, r);
        bots(truth, w, r);
        identity(truth, w, r);
        return r;
    }

    private static void events(GroundTruth truth, ModeledTables w, VerifyReport r) {
        long lost = truth.messages.keySet().stream().filter(id -> !w.events.containsKey(id)).count();
        long unexpected = w.events.keySet().stream().filter(id -> !truth.messages.containsKey(id)).count();
        r.lost = lost;
        r.duplicates = w.duplicateRows;
        r.line("Events", "unique messages sent", truth.messages.size());
        r.line("Events", "deliveries (with SDK-retry duplicates)", truth.run.getOrDefault("deliveries", "?"));
        r.line("Events", "rows in events", w.events.size() + w.duplicateRows);
        r.line("Events", "lost", lost);
        r.line("Events", "duplicates remaining", w.duplicateRows);
        r.line("Events", "not from this run", unexpected);
    }

    private static void sessions(GroundTruth truth, ModeledTables w, VerifyReport r, Thresholds t) {
        Set<String> devices = new HashSet<>();
        Map<String, List<GroundTruth.Session>> expected = new HashMap<>();
        for (GroundTruth.Session s : truth.sessions) {
            devices.add(s.sessionKey());
            expected.computeIfAbsent(s.sessionKey(), k -> new ArrayList<>()).add(s);
        }
        Map<String, List<ModeledTables.Session>> actual = new HashMap<>();
        int modeled = 0;
        for (ModeledTables.Session s : w.sessions) {
            if (!devices.contains(s.sessionKey())) continue;
            modeled++;
            actual.computeIfAbsent(s.sessionKey(), k -> new ArrayList<>()).add(s);
        }
        Duration tolerance = Duration.ofMillis(t.timeToleranceMillis());
        int exact = 0;
        int userMatches = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, List<GroundTruth.Session>> e : expected.entrySet()) {
            List<ModeledTables.Session> candidates = actual.getOrDefault(e.getKey(), List.of());
            for (GroundTruth.Session s : e.getValue()) {
                ModeledTables.Session match = candidates.stream()
                        .filter(c -> c.events() == s.events() && close(c.start(), s.start(), tolerance) && close(c.end(), s.end(), tolerance))
                        .findFirst().orElse(null);
                if (match != null) {
                    exact++;
                    if (match.userKey().equals(s.userKey())) userMatches++;
                } else if (mismatches.size() < LISTED) {
                    mismatches.add("true session " + e.getKey() + " " + s.start() + " → " + s.end() + " (" + s.events()
                            + " events); modeled: " + candidates.stream().sorted(Comparator.comparing(ModeledTables.Session::start))
                            .map(c -> c.start() + " → " + c.end() + " (" + c.events() + ")").toList());
                }
            }
        }
        r.sessionMatch = ratio(exact, Math.max(truth.sessions.size(), modeled));
        r.line("Sessions", "true sessions", truth.sessions.size());
        r.line("Sessions", "modeled sessions", modeled);
        r.line("Sessions", "exact boundary matches (same events, start and end within " + t.timeToleranceMillis() + " ms)", exact);
        r.line("Sessions", "match ratio", r.sessionMatch);
        r.line("Sessions", "matched sessions attributed to the right person", userMatches);
        r.listing("Sessions", mismatches);
    }

    private static boolean close(java.time.Instant a, java.time.Instant b, Duration tolerance) {
        return Duration.between(a, b).abs().compareTo(tolerance) <= 0;
    }

    private static void funnels(GroundTruth truth, ModeledTables w, VerifyReport r) {
        Map<String, Set<String>> users = new TreeMap<>();
        for (GroundTruth.FunnelStep f : truth.funnelSteps) {
            users.computeIfAbsent(f.day() + " step " + f.step(), k -> new HashSet<>()).add(f.userKey());
        }
        Map<String, Long> modeled = new TreeMap<>();
        for (ModeledTables.FunnelCell c : w.funnel) modeled.put(c.day() + " step " + c.step(), c.users());
        Set<String> cells = new TreeSet<>(users.keySet());
        cells.addAll(modeled.keySet());
        int exact = 0;
        List<String> mismatches = new ArrayList<>();
        long[] perStepTruth = new long[7];
        long[] perStepModel = new long[7];
        for (String cell : cells) {
            long want = users.containsKey(cell) ? users.get(cell).size() : 0;
            long got = modeled.getOrDefault(cell, 0L);
            int step = Integer.parseInt(cell.substring(cell.lastIndexOf(' ') + 1));
            perStepTruth[step] += want;
            perStepModel[step] += got;
            if (want == got) exact++;
            else if (mismatches.size() < LISTED) mismatches.add(cell + ": true " + want + ", modeled " + got);
        }
        r.funnelMatch = ratio(exact, cells.size());
        for (int step = 1; step <= 4; step++) {
            r.line("Funnel (ecommerce)", "step " + step + " user-days: true / modeled", perStepTruth[step] + " / " + perStepModel[step]);
        }
        r.line("Funnel (ecommerce)", "(day, step) cells exact", exact + " of " + cells.size());
        r.listing("Funnel (ecommerce)", mismatches);
    }

    private static void bots(GroundTruth truth, ModeledTables w, VerifyReport r) {
        Map<String, String> kindOf = new HashMap<>();
        for (GroundTruth.Bot b : truth.bots) kindOf.put(b.userKey(), b.kind());
        Set<String> people = new HashSet<>(truth.messages.values());
        Set<String> flagged = new HashSet<>();
        for (String user : w.flagsByUser.keySet()) if (people.contains(user)) flagged.add(user);
        long truePositives = flagged.stream().filter(kindOf::containsKey).count();
        r.botPrecision = flagged.isEmpty() ? 1.0 : ratio(truePositives, flagged.size());
        r.botRecall = ratio(truePositives, kindOf.size());
        r.line("Bots", "true bots (user keys)", kindOf.size());
        r.line("Bots", "flagged user keys", flagged.size());
        r.line("Bots", "precision (all rules)", r.botPrecision);
        r.line("Bots", "recall (all kinds)", r.botRecall);
        Set<String> kinds = new TreeSet<>(RULE_FOR_KIND.keySet());
        kinds.addAll(kindOf.values());
        long coarse = VerifyReport.KindRecall.smallestForOneMiss(r.thresholds().minBotRecall());
        for (String kind : kinds) {
            long total = kindOf.values().stream().filter(kind::equals).count();
            long found = kindOf.entrySet().stream().filter(e -> e.getValue().equals(kind) && flagged.contains(e.getKey())).count();
            VerifyReport.KindRecall k = new VerifyReport.KindRecall(found, total);
            r.botRecallByKind.put(kind, k);
            r.line("Bots", "recall, " + kind, !k.measured() ? "not measured: no bot of this kind in the truth"
                    : found + " of " + total + " = " + VerifyReport.format(k.recall())
                    + (total < coarse ? " (under " + coarse + " bots: one miss fails)" : ""));
        }
        Map<String, Set<String>> populations = new TreeMap<>();
        for (GroundTruth.Member m : truth.members) populations.computeIfAbsent(m.population(), k -> new HashSet<>()).add(m.userKey());
        populations.forEach((population, members) -> r.line("Bots", "people flagged, " + population,
                members.stream().filter(flagged::contains).count() + " of " + members.size()));
        for (String rule : new TreeSet<>(RULE_FOR_KIND.values())) {
            long fired = flagged.stream().filter(u -> w.flagsByUser.get(u).contains(rule)).count();
            long right = flagged.stream().filter(u -> w.flagsByUser.get(u).contains(rule) && kindOf.containsKey(u)).count();
            r.line("Bots", "precision, rule " + rule, right + " of " + fired + " = " + VerifyReport.format(fired == 0 ? 1.0 : ratio(right, fired)));
        }
    }

    private static void identity(GroundTruth truth, ModeledTables w, VerifyReport r) {
        long found = truth.links.stream().filter(l -> w.links.contains(l.anonymousId() + "|" + l.userId())).count();
        long present = 0;
        long right = 0;
        for (Map.Entry<String, String> m : truth.messages.entrySet()) {
            String modeled = w.events.get(m.getKey());
            if (modeled == null) continue;
            present++;
            if (modeled.equals(m.getValue())) right++;
        }
        r.linkRecall = ratio(found, truth.links.size());
        r.attribution = ratio(right, present);
        r.line("Identity", "true links (anonymous id → user id)", truth.links.size());
        r.line("Identity", "links in identity_map", found);
        r.line("Identity", "events attributed to the right person", right + " of " + present + " = " + VerifyReport.format(r.attribution));
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

}
