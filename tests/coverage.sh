#!/bin/sh
# Line coverage of src/ after `make coverage` ran every test in build DIR:
# one line per file, then "total line coverage: N%".
dir=${1:-build/coverage}
for src in src/*.c src/*/*.c; do
    gcov -n -o "$dir/$(dirname "$src")" "$src" 2>/dev/null |
        awk -v f="$src" '/^File/ { ok = index($0, f) > 0 } ok && /^Lines executed/ {
            split($2, a, ":"); pct = a[2] + 0; n = $4 + 0;
            printf "%-32s %6.1f%% of %5d lines\n", f, pct, n; print "#", pct * n / 100, n; exit }'
done | awk '/^#/ { hit += $2; all += $3; next } { print }
    END { if (all == 0) { print "no coverage data"; exit 1 } printf "total line coverage: %.1f%%\n", 100 * hit / all }'
