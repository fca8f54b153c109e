#!/usr/bin/env bash
# Copies the analytics-next standalone build (the file Segment's CDN serves as analytics.min.js, and the chunks it loads
# lazily) from the npm package pinned in ../analytics-next/package-lock.json into the collector's resources, which
# the collector serves from its jar. Run it after changing that pin; the build's TestClassicSnippet checks that every
# committed file is byte-identical to the package.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
next="$here/../analytics-next"
(cd "$next" && npm ci --no-audit --no-fund --silent)
umd="$next/node_modules/@segment/analytics-next/dist/umd"
out="$here/../../collector/src/main/resources/analytics-js"
rm -rf "$out"
mkdir -p "$out"
cp "$next/node_modules/@segment/analytics-next/LICENSE.MD" "$out/LICENSE.MD"
(cd "$umd" && ls standalone.js *.bundle.*.js) | sort > "$out/files.txt"
while read -r f; do cp "$umd/$f" "$out/$f"; done < "$out/files.txt"
echo "copied $(wc -l < "$out/files.txt") files of @segment/analytics-next" \
  "$(node -p "require('$next/node_modules/@segment/analytics-next/package.json').version")" "into $out"
