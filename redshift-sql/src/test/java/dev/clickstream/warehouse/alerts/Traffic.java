package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.testing.ModelHarness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Envelopes for the alert tests: unmistakable bots, ordinary people, rejections. */
final class Traffic {
    static final String CRAWLER_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    /** Irregular human gaps between page views, in seconds. */
    private static final int[] HUMAN_GAPS = {0, 34, 95, 41, 180};

    private Traffic() {}

    /** A script: {@code views} page views a quarter of a second apart, from one IP, with the given user agent. */
    static List<String> bot(String anonymousId, String ip, String userAgent, Instant start, int views) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < views; i++) out.add(page(anonymousId, ip, userAgent, start.plusMillis(250L * i), i));
        return out;
    }

    /** A person: five page views with irregular gaps, a browser, an IP of their own. */
    static List<String> human(String anonymousId, String ip, Instant start) {
        List<String> out = new ArrayList<>();
        Instant t = start;
        for (int i = 0; i < HUMAN_GAPS.length; i++) {
            t = t.plusSeconds(HUMAN_GAPS[i]);
            out.add(page(anonymousId, ip, BROWSER_UA, t, i));
        }
        return out;
    }

    /** A page view from the observed address {@code ip} (request_ip); its client-settable ip claims another each time. */
    static String page(String anonymousId, String ip, String userAgent, Instant at, int n) {
        return ModelHarness.event(anonymousId + "-" + n, "page", null, null, anonymousId, at.toString(),
                "\"request_ip\":\"" + ip + "\",\"ip\":\"10.9." + (n / 250) + "." + (n % 250) + "\",\"user_agent\":\""
                        + userAgent + "\",\"page_path\":\"/p/" + n + "\"");
    }

    static String rejection(String source, Instant at, int n) {
        return "{\"kind\":\"rejection\",\"source\":\"" + source + "\",\"reason\":\"invalid_type\",\"received_at\":\"" + at
                + "\",\"message_id\":\"rej-" + n + "\",\"raw\":\"{}\"}";
    }

    static String[] all(List<List<String>> parts) {
        return parts.stream().flatMap(List::stream).toArray(String[]::new);
    }
}
