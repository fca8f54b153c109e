#!/usr/bin/env python3
"""Regenerates the crawler rule's patterns from the npm package crawler-user-agents (MIT licence, a maintained list
of crawler, spider and headless-browser user agents), whole: regular expressions included.

    cd "$(mktemp -d)" && npm pack crawler-user-agents@1.60.0 && tar xzf crawler-user-agents-1.60.0.tgz
    python3 <repo>/redshift-sql/seeds/generate_bot_user_agents.py package

It writes, from the package's crawler-user-agents.json:
  - setup/common/03_seed_bot_user_agents.sql: every pattern, translated, in clickstream.bot_user_agents;
  - the generated block of models/bot_flags.sql that matches user agents against them (Redshift's POSIX operators
    and REGEXP_* functions take the pattern as a string literal, so the patterns are literals in the model);
  - src/test/resources/crawler-user-agents/: each pattern with its `instances` (the list's own examples, which the
    recall test checks) and the list's licence.

Each JavaScript pattern is translated into the subset that Redshift's POSIX regular expressions and PostgreSQL's
share, then lower-cased (the model lower-cases the user agent: matching is case-insensitive on both engines):
  - no backslash survives (Redshift string literals treat it as an escape): an escaped punctuation character becomes
    itself, or a one-character bracket expression where it is special (`\\.` -> `[.]`); `\\d` becomes `[0-9]`; the
    any-character classes `[\\s\\S]`, `[\\d\\D]`, `[\\w\\W]` become `.` (user agents hold no newline);
  - kept: literals, `.`, `*`, `+`, `?`, `|`, `( )`, `^`, `$`, bracket expressions with ranges inside a-z, A-Z or 0-9;
  - anything else (other escapes, `(?`, lazy quantifiers, `{`, POSIX classes, non-ASCII) fails generation, as does a
    pattern that matches the empty string (it would hide every later alternative of its chunk) or that misses one of
    its own instances after translation.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
SEED = os.path.join(MODULE, "setup", "common", "03_seed_bot_user_agents.sql")
MODEL = os.path.join(MODULE, "models", "bot_flags.sql")
FIXTURES = os.path.join(MODULE, "src", "test", "resources", "crawler-user-agents")
BEGIN = "-- BEGIN generated crawler patterns"
END = "-- END generated crawler patterns"
CHUNK_CHARS = 2000  # alternatives per REGEXP_SUBSTR literal; PostgreSQL caches 32 compiled expressions, we need ~10
SPECIAL = set(".*+?|()[]{}^$")
PUNCTUATION_ESCAPES = set("./()+*?!- _:;,'\"=&@#%~<>[]{}|$")
# context.library names of server-side SDKs: a backend sends for many people from its own address
SERVER_LIBRARIES = ["analytics-java", "analytics-node", "@segment/analytics-node", "analytics-python", "analytics-ruby",
                    "analytics-go", "analytics-php", "analytics.NET", "Analytics.NET", "analytics-csharp"]
ANY_CHARACTER = {"\\s\\S", "\\S\\s", "\\d\\D", "\\D\\d", "\\w\\W", "\\W\\w"}


class Untranslatable(ValueError):
    pass


def escaped_at(p, i):
    """The character the backslash at p[i] escapes."""
    if i + 1 >= len(p):
        raise Untranslatable("trailing backslash")
    return p[i + 1]


def escaped(ch):
    """A literal character outside brackets."""
    if ch in "]}":
        return ch
    if ch == "^":
        raise Untranslatable("a literal ^ needs a backslash")
    return "[" + ch + "]" if ch in SPECIAL else ch


def bracket(p, i):
    """Translates the bracket expression starting at p[i] == '['; returns (text, next index)."""
    close = p.find("]", i + 1)
    if close > 0 and p[i + 1:close] in ANY_CHARACTER:
        return ".", close + 1
    j = i + 1
    body = []
    if j < len(p) and p[j] == "^":
        body.append("^")
        j += 1
    start = j
    while j < len(p) and (p[j] != "]" or j == start):
        c = p[j]
        if c == "\\":
            e = escaped_at(p, j)
            if e == "d":
                body.append("0-9")
            elif e in PUNCTUATION_ESCAPES and e not in "]^-\\":
                body.append(e)
            else:
                raise Untranslatable("escape \\" + e + " inside brackets")
            j += 2
            continue
        if c == "[" and j + 1 < len(p) and p[j + 1] in ":=.":
            raise Untranslatable("POSIX class or collating element")
        if c == "-" and body and j + 1 < len(p) and p[j + 1] != "]":
            low, high = body[-1][-1], p[j + 1]
            if not any(low in r and high in r for r in ("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789")):
                raise Untranslatable("range " + low + "-" + high)
        body.append(c)
        j += 1
    if j >= len(p):
        raise Untranslatable("unclosed bracket")
    return "[" + "".join(body) + "]", j + 1


def translate(pattern):
    """A JavaScript regular expression as a lower-case POSIX pattern both engines read the same way."""
    if any(ord(c) > 127 or ord(c) < 32 for c in pattern):
        raise Untranslatable("non-ASCII or control character")
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            e = escaped_at(pattern, i)
            if e == "d":
                out.append("[0-9]")
            elif e in PUNCTUATION_ESCAPES:
                out.append(escaped(e))
            else:
                raise Untranslatable("escape \\" + e)
            i += 2
        elif c == "[":
            text, i = bracket(pattern, i)
            out.append(text)
        elif c == "(" and pattern[i + 1:i + 2] == "?":
            raise Untranslatable("(? group")
        elif c in "*+?" and pattern[i + 1:i + 2] == "?":
            raise Untranslatable("lazy quantifier")
        elif c in "{}":
            raise Untranslatable("brace")
        else:
            out.append(c)
            i += 1
    return "".join(out).lower()


def entries(package):
    with open(os.path.join(package, "crawler-user-agents.json"), encoding="utf-8") as f:
        data = json.load(f)
    translated = []
    for e in data:
        try:
            posix = translate(e["pattern"])
        except Untranslatable as reason:
            sys.exit("cannot express pattern %r on both engines: %s" % (e["pattern"], reason))
        if re.search(posix, ""):
            sys.exit("pattern %r matches the empty string" % e["pattern"])
        for instance in e["instances"]:
            if not re.search(posix, instance.lower()):
                sys.exit("pattern %r, translated to %r, misses its instance %r" % (e["pattern"], posix, instance))
        translated.append((e, posix))
    return translated


def chunks(patterns):
    out, current = [], []
    for p in patterns:
        if current and len("|".join(current + [p])) > CHUNK_CHARS:
            out.append("|".join(current))
            current = []
        current.append(p)
    out.append("|".join(current))
    return out


def literal(s):
    return "'" + s.replace("'", "''") + "'"


def seed(translated, version):
    rows = ["(" + literal(p) + ", " + literal(version) + ")" for p in sorted({p for _, p in translated})]
    return "\n".join([
        "-- Known crawler, spider and headless-browser user agents: the whole crawler-user-agents list " + version + ",",
        "-- (c) Martin Monperrus and its contributors, MIT licence (https://github.com/monperrus/crawler-user-agents),",
        "-- each pattern translated to the regular expressions Redshift and PostgreSQL share, lower-case. The bot_flags",
        "-- model matches the same patterns (as literals, in its generated block). Generated by",
        "-- seeds/generate_bot_user_agents.py; do not edit. Re-seeding is idempotent: the rows are deleted, then inserted.",
        "-- Data only: the schema steps create the tables (server_libraries and user_agent_verdicts in step 5).",
        "",
        "-- the server-side SDKs (by context.library name) whose events the ip_farm rule gives no address; re-seeding adds",
        "-- the shipped names and keeps any you added",
        "INSERT INTO clickstream.server_libraries (library_name)",
        "SELECT n.library_name",
        "FROM (" + "\n      UNION ALL ".join("SELECT " + literal(name) + " AS library_name" for name in SERVER_LIBRARIES) + ") n",
        "WHERE NOT EXISTS (SELECT 1 FROM clickstream.server_libraries s WHERE s.library_name = n.library_name);",
        "",
        "DELETE FROM clickstream.bot_user_agents;",
        "",
        "INSERT INTO clickstream.bot_user_agents (pattern, list_version) VALUES",
        ",\n".join(rows) + ";",
        ""])


def block(translated, version):
    """The SELECT of the model's agent_verdicts temp table, between the markers."""
    parts = chunks([p for _, p in translated])
    matches = ",\n".join("           NULLIF(REGEXP_SUBSTR(j.ua, " + literal(c) + "), '')" for c in parts)
    return "\n".join([
        BEGIN + " (crawler-user-agents " + version + ", " + str(len(translated)) + " patterns in " + str(len(parts))
        + " literals): seeds/generate_bot_user_agents.py writes it; do not edit",
        "-- the re-evaluated users' user agents without a verdict of this list version; REGEXP_SUBSTR answers NULL",
        "-- (PostgreSQL) or '' (Redshift) for no match, so NULLIF makes both NULL; the evidence keeps 200 characters",
        "SELECT j.user_agent, CAST(" + literal(version) + " AS VARCHAR(32)) AS list_version,",
        "       SUBSTRING(COALESCE(",
        matches + "), 1, 200) AS matched",
        "FROM (SELECT a.user_agent, LOWER(a.user_agent) AS ua",
        "      FROM (SELECT DISTINCT b.user_agent FROM bot_events b",
        "            WHERE b.user_agent IS NOT NULL AND NOT EXISTS (",
        "                SELECT 1 FROM clickstream.user_agent_verdicts v",
        "                WHERE v.user_agent = b.user_agent AND v.list_version = " + literal(version) + ")) a) j",
        END])


def main(package):
    with open(os.path.join(package, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    translated = entries(package)
    with open(SEED, "w", encoding="utf-8") as f:
        f.write(seed(translated, version))
    with open(MODEL, encoding="utf-8") as f:
        model = f.read()
    start, end = model.index(BEGIN), model.index(END) + len(END)
    with open(MODEL, "w", encoding="utf-8") as f:
        f.write(model[:start] + block(translated, version) + model[end:])
    os.makedirs(FIXTURES, exist_ok=True)
    fixture = {"list": "crawler-user-agents", "version": version,
               "entries": [{"pattern": e["pattern"], "instances": e["instances"]} for e, _ in translated]}
    with open(os.path.join(FIXTURES, "instances.json"), "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(package, "LICENSE"), encoding="utf-8") as src, \
            open(os.path.join(FIXTURES, "LICENSE"), "w", encoding="utf-8") as dst:
        dst.write(src.read())
    print("crawler-user-agents %s: %d patterns" % (version, len(translated)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate_bot_user_agents.py <unpacked crawler-user-agents package directory>")
    main(sys.argv[1])
