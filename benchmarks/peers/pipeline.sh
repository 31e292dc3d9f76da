#!/usr/bin/env bash
# Where an 8-thread churn's events cost CPU on their way to the recording:
# `record --duration 6 -- churn --serve 8`, and 1.5 s after the target started a 1-second window
# of every thread's CPU time (/proc/PID/task/*/stat) of the target (churning
# threads, the hook's agent thread), the helper and the app's JVM (capture
# reader, recording writer, everything else). Prints CPU-ns per recorded event
# per stage; on a shared machine compare runs made back to back, not figures.
# Usage: pipeline.sh ROOT [ROUNDS]; HANDLESPY=COMMAND runs that launcher instead
# of ROOT/handlespy (e.g. a java command line with other classes ahead, to compare builds).
set -euo pipefail
root=$1
rounds=${2:-3}
. "$root/benchmarks/peers/common.sh"
launcher_ready "$root"
hs=${HANDLESPY:-$root/handlespy}
churn=$root/target/test-programs/linux-x86_64/churn
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
tick=$(getconf CLK_TCK)

# thread name and utime+stime (ticks) of every thread of $1, one per line
threads() {
    local pid=$1 f
    for f in /proc/"$pid"/task/*/stat; do
        # comm may hold spaces: take the fields after its closing parenthesis
        sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1\t\2/' "$f" 2>/dev/null \
            | awk -F'\t' '{ split($2, v, " "); print $1 "\t" v[11] + v[12] }'
    done
}

# stage of a thread: target-hook, target, helper, app-reader, app-writer, app
stage_sum() {
    awk -F'\t' -v who="$1" '
        who == "target" { s = ($1 == "handlespy") ? "hook-agent" : "target" }
        who == "helper" { s = "helper" }
        who == "app" { s = ($1 ~ /^handlespy-captu/) ? "app-reader" : ($1 ~ /^recording-writ/) ? "app-writer" : "app-other" }
        { t[s] += $2 } END { for (k in t) print k "\t" t[k] }'
}

snapshot() {
    { threads "$target" | stage_sum target; threads "$helper" | stage_sum helper; threads "$jvm" | stage_sum app; } | sort
}

printf 'round\tdrops\tevents/s\t%s\n' "ns/event: target hook-agent helper app-reader app-writer app-other"
for r in $(seq "$rounds"); do
    rec=$out/r$r.mv.db
    $hs record --duration 6 --out "$rec" -- "$churn" --serve 8 < <(sleep 14) >"$out/log" 2>&1 &
    launcher=$!
    # the JVM is the java process recording to $rec; the helper is its child, the target the helper's
    # (other churns may run)
    jvm='' helper='' target=''
    for _ in $(seq 400); do
        jvm=$(pgrep -f -- "bin/java .*--out $rec" || true)
        [ -n "$jvm" ] && helper=$(pgrep -P "$jvm" -x handlespy-injec || true)
        [ -n "$helper" ] && target=$(pgrep -P "$helper" -x churn || true)
        [ -n "$target" ] && break
        sleep 0.05
    done
    sleep 1.5
    a=$(snapshot); ta=$(now_ns)
    sleep 1
    b=$(snapshot); tb=$(now_ns)
    wait "$launcher" || true
    kill "$target" 2>/dev/null || true
    read -r n dur drops < <($hs info --format json "$rec" \
        | python3 -c 'import json,sys; i=json.load(sys.stdin); print(i["events"], i["duration"], i["drops"])')
    rate=$(awk -v n="$n" -v d="$dur" 'BEGIN { printf "%d", n / d }')
    join -t $'\t' <(echo "$a") <(echo "$b") | awk -F'\t' -v rate="$rate" -v tick="$tick" -v win="$(( (tb - ta) ))" -v r="$r" -v drops="$drops" '
        { ns[$1] = ($3 - $2) / tick * 1e9 / (rate * win / 1e9) }
        END { printf "%d\t%d\t%d\t%.0f %.0f %.0f %.0f %.0f %.0f\n", r, drops, rate, ns["target"], ns["hook-agent"], ns["helper"],
              ns["app-reader"], ns["app-writer"], ns["app-other"] }'
    sleep 1
done
