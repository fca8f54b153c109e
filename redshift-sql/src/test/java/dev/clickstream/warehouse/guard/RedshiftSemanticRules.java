package dev.clickstream.warehouse.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks for SQL that runs on both engines but means something else on Redshift (reference §5.4). Each rule returns
 * the violations it finds, named so that a test can prove which rule fired; TestDialectGuard cites each rule's AWS page.
 */
final class RedshiftSemanticRules {
    static final String NUMBER_TEST = "IS_INTEGER/IS_BIGINT/IS_FLOAT is not a test for a number";
    static final String SERIALIZE_NULL = "JSON_SERIALIZE outside NULLIF(..., 'null')";
    static final String SERIALIZE_UNBOUNDED = "JSON_SERIALIZE without a JSON_SIZE bound";
    static final String VARBYTE_UNBOUNDED = "FROM_VARBYTE without a byte bound";
    static final String DDL_PARAMETER = "bind parameter in a DDL statement";
    static final String SYSTEM_COLUMN = "system view column not in the allowlist";
    static final String BARE_TRUNCATION = "LEFT/SUBSTRING/VARCHAR(n) cut by characters into a VARCHAR column";
    static final String RANGE_JOIN = "range join on a derived bucket, with no equality to hash on";
    static final String UNGUARDED_CAST = "cast of a payload value outside a type guard";

    /** The system views and catalogs the SQL may read, with the columns their pages document. */
    static final Map<String, Set<String>> SYSTEM_COLUMNS = Map.of(
            "svv_mv_info", Set.of("database_name", "schema_name", "user_name", "name", "is_stale", "state", "autorewrite",
                    "autorefresh"),
            "stv_mv_info", Set.of("db_name", "schema", "name", "updated_upto_xid", "is_stale", "owner_user_name", "state",
                    "autorefresh", "autorewrite"),
            "pg_class", Set.of("oid", "relname", "relnamespace", "relkind", "relowner"),
            "pg_namespace", Set.of("oid", "nspname", "nspowner"),
            "pg_roles", Set.of("oid", "rolname"), // PostgreSQL only (setup/postgres/04_reader_role.sql)
            // https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_ROLES.html (setup/redshift/03_reader_role.sql)
            "svv_roles", Set.of("role_id", "role_name", "role_owner", "external_id"),
            // https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_TABLE_INFO.html (setup/redshift/V3__sort_and_dist_keys.sql)
            "svv_table_info", Set.of("database", "schema", "table_id", "table", "encoded", "diststyle", "sortkey1",
                    "max_varchar", "sortkey1_enc", "sortkey_num", "size", "pct_used", "unsorted", "stats_off", "tbl_rows",
                    "skew_sortkey1", "skew_rows", "estimated_visible_rows", "risk_event", "vacuum_sort_benefit", "create_time"),
            "information_schema.columns", Set.of("table_catalog", "table_schema", "table_name", "column_name",
                    "ordinal_position", "data_type", "character_maximum_length"));

    private static final Set<String> PREPARABLE = Set.of("select", "insert", "update", "delete", "with");
    private static final Pattern CALL = Pattern.compile("\\b(is_integer|is_bigint|is_float|json_serialize|from_varbyte)\\s*\\(");
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):[a-z_]\\w*|\\?");
    private static final Pattern SYSTEM_VIEW = Pattern.compile(
            "\\b(?:from|join)\\s+(information_schema\\.columns|svv_\\w+|stv_\\w+|stl_\\w+|sys_\\w+|pg_\\w+)(?:\\s+(?:as\\s+)?(?!where\\b|join\\b|on\\b|left\\b|inner\\b|cross\\b|group\\b|order\\b)(\\w+))?");
    /** A column compared to something, quoted or not ({@code "table" = 'events'}). */
    private static final Pattern COMPARED = Pattern.compile("\\b(\\w+)\"?\\s*(?:=|<>|<=|>=|<|>|\\bin\\b|\\blike\\b)");
    private static final Pattern ON_CLAUSE = Pattern.compile(
            "\\bon\\b(.*?)(?=\\bjoin\\b|\\bwhere\\b|\\bgroup\\s+by\\b|\\border\\s+by\\b|\\bhaving\\b|\\bunion\\b|\\bleft\\b|\\bcross\\b|;|$)",
            Pattern.DOTALL);
    private static final Pattern RANGE_ON_INTERVAL = Pattern.compile("(<=|>=|<|>)[^=<>]*?\\binterval\\b|\\binterval\\b[^=<>]*?(<=|>=|<|>)");
    /** An equality (not part of <=, >=, <> or !=): Redshift hash-joins on it and filters the range afterwards. */
    private static final Pattern EQUALITY = Pattern.compile("(?<![<>!=])=(?!=)");
    private static final Pattern TRUNCATION = Pattern.compile("\\b(left|substring|substr)\\s*\\(|::\\s*varchar\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern CAST_TO_VALUE = Pattern.compile(
            "\\bcast\\s*\\(|::\\s*(double\\s+precision|numeric|decimal|integer|bigint|timestamp|boolean)\\b");

    private RedshiftSemanticRules() {}

    /**
     * Rules over one file's SQL: number tests, JSON_SERIALIZE and FROM_VARBYTE bounds, system view columns (also in
     * {@code -- unless exists:} guards), range joins on buckets, reserved words in SUPER paths ({@link SuperPathRules});
     * in staging also byte-safe truncation and guarded casts.
     */
    static List<String> check(String sql, boolean staging) {
        List<String> out = new ArrayList<>();
        for (String statement : statements(sql)) {
            String code = DialectRules.stripCommentsAndStrings(statement).toLowerCase(Locale.ROOT);
            String withStrings = stripComments(statement).toLowerCase(Locale.ROOT);
            out.addAll(numberAndSerialization(code, withStrings));
            out.addAll(systemColumns(code));
            out.addAll(rangeJoins(code));
            out.addAll(SuperPathRules.reservedSteps(code));
            if (staging) {
                out.addAll(bareTruncation(code));
                out.addAll(unguardedCasts(code));
            }
        }
        for (String guard : guards(sql)) out.addAll(systemColumns(guard.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** DDL statements (anything but SELECT, INSERT, UPDATE, DELETE and WITH) that still carry a placeholder. */
    static List<String> parametersInDdl(List<String> sent) {
        List<String> out = new ArrayList<>();
        for (String s : sent) {
            String code = DialectRules.stripCommentsAndStrings(s).toLowerCase(Locale.ROOT).strip();
            String keyword = code.isEmpty() ? "" : code.split("\\s+", 2)[0];
            if (!PREPARABLE.contains(keyword) && PARAMETER.matcher(code.replace("::", "")).find()) {
                out.add(DDL_PARAMETER + ": " + firstLine(s));
            }
        }
        return out;
    }

    private static List<String> numberAndSerialization(String code, String withStrings) {
        List<String> out = new ArrayList<>();
        Set<String> decimalTested = arguments(code, "is_decimal");
        Set<String> sized = arguments(code, "json_size");
        Matcher m = CALL.matcher(code);
        while (m.find()) {
            String function = m.group(1);
            String arg = argument(code, m.end());
            switch (function) {
                case "is_integer", "is_bigint" -> out.add(NUMBER_TEST + ": " + function + "(" + arg + ")");
                case "is_float" -> {
                    if (!decimalTested.contains(arg)) out.add(NUMBER_TEST + ": is_float(" + arg + ") without is_decimal");
                }
                case "json_serialize" -> {
                    if (!wrappedInNullIfNull(withStrings, arg)) out.add(SERIALIZE_NULL + ": json_serialize(" + arg + ")");
                    if (!sized.contains(arg) && !decimalTested.contains(arg)) {
                        out.add(SERIALIZE_UNBOUNDED + ": json_serialize(" + arg + ")");
                    }
                }
                case "from_varbyte" -> {
                    if (!arg.startsWith("substring(")) out.add(VARBYTE_UNBOUNDED + ": from_varbyte(" + arg + ")");
                }
                default -> throw new IllegalStateException(function);
            }
        }
        return out;
    }

    /** Whether every call json_serialize(arg) is the first argument of NULLIF(…, 'null'). */
    private static boolean wrappedInNullIfNull(String withStrings, String arg) {
        String flat = withStrings.replaceAll("\\s+", " ").replaceAll("\\(\\s+", "(").replaceAll("\\s+\\)", ")");
        String call = "json_serialize(" + arg + ")";
        int wrapped = count(flat.replaceAll("nullif\\(\\s*", "nullif(").replaceAll(",\\s*'null'\\)", ",'null')"),
                "nullif(" + call + ",'null')");
        return wrapped > 0 && wrapped == count(flat, call);
    }

    /** The normalized arguments of every call to {@code function}. */
    private static Set<String> arguments(String code, String function) {
        Set<String> out = new java.util.HashSet<>();
        Matcher m = Pattern.compile("\\b" + function + "\\s*\\(").matcher(code);
        while (m.find()) out.add(argument(code, m.end()));
        return out;
    }

    private static List<String> systemColumns(String code) {
        List<String> out = new ArrayList<>();
        Matcher v = SYSTEM_VIEW.matcher(code);
        while (v.find()) {
            String view = v.group(1);
            Set<String> allowed = SYSTEM_COLUMNS.get(view);
            if (allowed == null) {
                out.add(SYSTEM_COLUMN + ": " + view + " is not in the allowlist");
                continue;
            }
            String alias = v.group(2);
            List<String> used = new ArrayList<>();
            if (alias != null) {
                Matcher q = Pattern.compile("\\b" + Pattern.quote(alias) + "\\.\"?(\\w+)").matcher(code);
                while (q.find()) used.add(q.group(1));
            } else {
                Matcher c = COMPARED.matcher(code.substring(v.end()));
                while (c.find()) used.add(c.group(1));
            }
            for (String column : used) {
                if (!allowed.contains(column)) out.add(SYSTEM_COLUMN + ": " + view + "." + column);
            }
        }
        return out;
    }

    private static List<String> rangeJoins(String code) {
        List<String> out = new ArrayList<>();
        Matcher on = ON_CLAUSE.matcher(code);
        while (on.find()) {
            String clause = on.group(1);
            if (RANGE_ON_INTERVAL.matcher(clause).find() && !EQUALITY.matcher(clause).find()) {
                out.add(RANGE_JOIN + ": on" + clause.replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    /**
     * In staging, text is cut only by the byte-safe cut: LEFT(value, width) to bound the search and LEFT(value, k)
     * with its result; SUBSTRING only of VARBYTE (inside FROM_VARBYTE); VARCHAR casts only to the 65,535-byte maximum.
     */
    private static List<String> bareTruncation(String code) {
        List<String> out = new ArrayList<>();
        Matcher t = TRUNCATION.matcher(code);
        while (t.find()) {
            if (t.group(1) != null) {
                String args = argument(code, t.end());
                boolean byteSafe = t.group(1).equals("left") && args.matches(".*,\\s*(\\w+\\.)?(width|k)(\\s*\\+\\s*\\d+)?\\s*");
                boolean ofVarbyte = !t.group(1).equals("left") && code.substring(Math.max(0, t.start() - 20), t.start())
                        .matches("(?s).*from_varbyte\\s*\\(\\s*$");
                if (!byteSafe && !ofVarbyte) out.add(BARE_TRUNCATION + ": " + t.group(1) + "(" + args + ")");
            } else {
                String width = t.group(2);
                if (!width.equals("65535")) out.add(BARE_TRUNCATION + ": varchar(" + width + ")");
            }
        }
        return out;
    }

    /** A cast of a payload value to a number, timestamp or boolean must sit in the THEN of a CASE that tested it. */
    private static List<String> unguardedCasts(String code) {
        List<String> out = new ArrayList<>();
        Matcher c = CAST_TO_VALUE.matcher(code);
        while (c.find()) {
            String subject;
            if (c.group(1) == null) {
                String args = argument(code, c.end());
                if (!args.matches("(?s).*\\bas\\s+(double\\s+precision|numeric|decimal|integer|bigint|timestamp|boolean)\\s*")) continue;
                subject = args;
            } else {
                subject = code.substring(Math.max(0, c.start() - 60), c.start());
                subject = subject.substring(Math.max(subject.lastIndexOf(' '), subject.lastIndexOf('(')) + 1);
            }
            boolean payload = subject.contains("payload") || subject.contains("->") || subject.matches("(?s)\\s*item\\..*");
            if (payload && !inThenBranch(code, c.start())) out.add(UNGUARDED_CAST + ": " + subject.strip());
        }
        return out;
    }

    /** Walking back from {@code at}: a THEN comes before the start of the select item or condition. */
    private static boolean inThenBranch(String code, int at) {
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            char ch = code.charAt(i);
            if (ch == ')') depth++;
            else if (ch == '(') {
                if (depth == 0) continue;
                depth--;
            } else if (depth <= 0 && Character.isLetter(ch) && (i == 0 || !Character.isLetterOrDigit(code.charAt(i - 1)))) {
                String word = code.substring(i).split("\\W", 2)[0];
                if (word.equals("then")) return true;
                if (Set.of("select", "where", "set", "and", "or", "else").contains(word)) return false;
            } else if (ch == ',' && depth <= 0) {
                return false;
            }
        }
        return false;
    }

    /** The text inside the parentheses that open right before {@code from}. */
    static String argument(String code, int from) {
        int depth = 1, i = from;
        while (i < code.length() && depth > 0) {
            char ch = code.charAt(i++);
            if (ch == '(') depth++;
            else if (ch == ')') depth--;
        }
        return code.substring(from, Math.max(from, i - 1)).replaceAll("\\s+", " ").strip();
    }

    /** The statements of a file, split on semicolons at line ends (as the runner splits them). */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString());
        return out;
    }

    /** The queries of {@code -- unless exists:} guards, which the runner runs before a setup statement. */
    static List<String> guards(String sql) {
        List<String> out = new ArrayList<>();
        for (String line : sql.split("\n")) {
            String l = line.strip();
            if (l.startsWith("-- unless exists:")) out.add(l.substring("-- unless exists:".length()).strip());
        }
        return out;
    }

    static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            int dash = commentStart(line);
            out.append(dash < 0 ? line : line.substring(0, dash)).append('\n');
        }
        return out.toString();
    }

    private static int commentStart(String line) {
        boolean quoted = false;
        for (int i = 0; i + 1 < line.length(); i++) {
            if (line.charAt(i) == '\'') quoted = !quoted;
            else if (!quoted && line.charAt(i) == '-' && line.charAt(i + 1) == '-') return i;
        }
        return -1;
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }

    private static String firstLine(String sql) {
        return sql.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
    }
}
