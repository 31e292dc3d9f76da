#!/usr/bin/env bash
# The CLI's fixed cost: `handlespy record -- /bin/true`, `info` and `leaks` on
# that small recording, and `java -version` of the same JDK beside them, in
# alternating rounds; medians to target/bench/startup.md. The first round is
# left out of the medians.
# Usage (from ./bench): startup.sh ROOT ROUNDS
set -euo pipefail
root=$1
rounds=${2:-11}
out="$root/target/bench"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
launcher="$root/handlespy"
java="$JAVA_HOME/bin/java"

. "$root/benchmarks/peers/common.sh"
launcher_ready "$root"
timed() {
    local start end
    start=$(now_ns); "$@" >/dev/null 2>"$scratch/err" || { cat "$scratch/err" >&2; exit 1; }; end=$(now_ns)
    echo $(( (end - start) / 1000000 ))
}

: >"$out/startup.tsv"
for ((r = 0; r <= rounds; r++)); do
    rm -f "$scratch"/r.*
    rec=$(timed "$launcher" record --out "$scratch/r.mv.db" -- /bin/true)
    info=$(timed "$launcher" info "$scratch/r.mv.db")
    leaks=$(timed "$launcher" leaks "$scratch/r.mv.db")
    jv=$(timed "$java" -version)
    [ "$r" -eq 0 ] && continue
    printf '%d\t%d\t%d\t%d\t%d\n' "$r" "$rec" "$info" "$leaks" "$jv" | tee -a "$out/startup.tsv" >&2
done

python3 - "$out/startup.tsv" "$("$java" -version 2>&1 | head -n1)" >"$out/startup.md" <<'PY'
import statistics, sys
rows = [list(map(int, l.split("\t"))) for l in open(sys.argv[1]) if l.strip()]
jv = statistics.median(r[4] for r in rows)
print(f"`java -version` ({sys.argv[2]}): median {jv} ms over {len(rows)} rounds\n")
print("| command | median | runs (ms) | vs. `java -version` | target |")
print("|---|---:|---|---:|---:|")
for i, (name, target) in enumerate([("`handlespy record -- /bin/true`", "≤ 250 ms"),
                                    ("`handlespy info` (that recording)", "≤ 300 ms"),
                                    ("`handlespy leaks` (that recording)", "≤ 300 ms")], start=1):
    runs = [r[i] for r in rows]
    med = statistics.median(runs)
    print(f"| {name} | {med:.0f} ms | {', '.join(map(str, runs))} | {med / jv:.1f}× | {target} |")
print(f"| `java -version` | {jv:.0f} ms | {', '.join(str(r[4]) for r in rows)} | 1× | — |")
PY
cat "$out/startup.md"
