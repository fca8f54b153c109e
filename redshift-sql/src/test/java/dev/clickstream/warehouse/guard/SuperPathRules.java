package dev.clickstream.warehouse.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step of a SUPER path ({@code r.payload.raw}) is an identifier, so a Redshift reserved word there must be quoted
 * ({@code r.payload."raw"}): "You can use the reserved words with delimited identifiers (double quotation marks)"
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html). PostgreSQL's twin reads keys as string
 * literals ({@code payload->'raw'}), so only Redshift can trip on it, and only when the statement runs.
 */
final class SuperPathRules {
    static final String RESERVED_STEP = "unquoted reserved word as a SUPER path step";

    /** Every word of the page's list (2026-12), lower-case. */
    static final Set<String> RESERVED = Set.of(("aes128 aes256 all allowoverwrite analyse analyze and any array as asc "
            + "authorization az64 backup between binary blanksasnull both bytedict bzip2 case cast check collate column "
            + "constraint create credentials cross current_date current_time current_timestamp current_user "
            + "current_user_id default deferrable deflate defrag delta delta32k desc disable distinct do else "
            + "emptyasnull enable encode encrypt encryption end except explicit false for foreign freeze from full "
            + "globaldict256 globaldict64k grant group gzip having identity ignore ilike in initially inner intersect "
            + "interval into is isnull join leading left like limit localtime localtimestamp lun luns lzo lzop minus "
            + "mostly16 mostly32 mostly8 natural new not notnull null nulls off offline offset oid old on only open or "
            + "order outer overlaps parallel partition percent permissions pivot placing primary raw readratio recover "
            + "references rejectlog resort respect restore right select session_user similar snapshot some sysdate "
            + "system table tag tdes text255 text32k then timestamp to top trailing true truncatecolumns union unique "
            + "unnest unpivot user using verbose wallet when where with without").split(" "));

    /** A path: a SUPER column or unnested alias, then one or more {@code .step} or {@code ."step"}. */
    private static final String STEPS = "((?:\\s*\\.\\s*(?:\"[^\"]*\"|\\w+))+)";
    private static final Pattern STEP = Pattern.compile("\\.\\s*(\"[^\"]*\"|\\w+)");
    /** {@code <path> AS alias}: the alias of an unnested SUPER array is a SUPER value too. */
    private static final Pattern UNNEST_ALIAS = Pattern.compile("\\bpayload" + STEPS + "\\s+as\\s+(\\w+)");

    private SuperPathRules() {}

    /** Unquoted reserved words among the steps of the SUPER paths in {@code code} (comments and strings stripped, lower-case). */
    static List<String> reservedSteps(String code) {
        Set<String> roots = new LinkedHashSet<>(List.of("payload"));
        Matcher alias = UNNEST_ALIAS.matcher(code);
        while (alias.find()) roots.add(alias.group(2));
        List<String> out = new ArrayList<>();
        for (String root : roots) {
            Matcher path = Pattern.compile("\\b" + Pattern.quote(root) + STEPS).matcher(code);
            while (path.find()) {
                Matcher step = STEP.matcher(path.group(1));
                while (step.find()) {
                    String s = step.group(1);
                    if (!s.startsWith("\"") && RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
                        out.add(RESERVED_STEP + ": " + root + path.group(1).replaceAll("\\s+", ""));
                    }
                }
            }
        }
        return out;
    }
}
