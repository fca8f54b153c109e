package dev.clickstream.collector.enrich;

import java.util.regex.Pattern;

/** Drops the host part of an address: the last octet of IPv4, everything past /48 of IPv6. */
public final class IpAnonymizer {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAnonymizer() {}

    /** @return the anonymised address, or null when the text is not an IP literal (nothing identifying is kept) */
    public static String anonymize(String ip) {
        if (ip == null) return null;
        if (IPV4.matcher(ip).matches()) {
            return ip.substring(0, ip.lastIndexOf('.')) + ".0";
        }
        if (ip.indexOf(':') >= 0 && IPV6.matcher(ip).matches()) {
            String[] groups = expand(ip);
            if (groups == null) return null;
            return groups[0] + ":" + groups[1] + ":" + groups[2] + "::";
        }
        return null;
    }

    private static String[] expand(String ip) {
        String[] out = {"0", "0", "0"};
        int dbl = ip.indexOf("::");
        String head = dbl < 0 ? ip : ip.substring(0, dbl);
        String[] parts = head.isEmpty() ? new String[0] : head.split(":");
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            if (parts[i].isEmpty() || parts[i].length() > 4 || parts[i].contains(".")) return null;
            out[i] = parts[i].toLowerCase(java.util.Locale.ROOT);
        }
        return out;
    }
}
