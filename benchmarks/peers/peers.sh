#!/usr/bin/env bash
# The peer benchmark: the same workloads bare, under HandleSpy, under
# valgrind --track-fds=yes and under strace -f -k, in alternating rounds (each
# round runs every tool once per workload, in a rotated order), wall times from
# one clock. Writes target/bench/peers.md (median per tool and its ratio to the
# bare median, plus the median of the per-round ratios) and the raw times to
# target/bench/peers.tsv.
# Usage (from ./bench): peers.sh ROOT ROUNDS
# Environment: HS_PEERS_TREES (the file walk's directories), HS_PEERS_TOOLS
# (a subset of "bare handlespy valgrind strace"), HS_PEERS_SCALE (divides the
# workloads' sizes: 10 for a quick check).
set -euo pipefail
root=$1
rounds=${2:-5}
out="$root/target/bench"
programs="$root/target/test-programs/linux-x86_64"
scale=${HS_PEERS_SCALE:-1}
trees=${HS_PEERS_TREES:-/usr/include /usr/share/doc /usr/share/man /usr/share/locale}
tools=${HS_PEERS_TOOLS:-bare handlespy valgrind strace}
launcher="$root/handlespy"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# name|command line (word-split on purpose: the workloads are plain words)
workloads=(
    "file walk (grep -rIlc, $(echo "$trees" | wc -w) trees)|grep -rIlc handle $trees"
    "sockets (sockchurn 4 × $((5000 / scale)) rounds)|$programs/sockchurn 4 $((5000 / scale))"
    "create/close loop (churn 8 × $((20000 / scale)) pairs)|$programs/churn 8 $((20000 / scale))"
)

# The system calls strace is told to trace: every descriptor the workloads create or close.
strace_calls=openat,open,close,socket,socketpair,accept,accept4,eventfd2,dup,dup2,dup3,pipe2,fcntl

run_under() {
    local tool=$1; shift
    case $tool in
        bare) "$@" ;;
        handlespy) "$launcher" record --out "$scratch/r.mv.db" -- "$@" 2>"$scratch/hs.err"; rm -f "$scratch"/r.*;;
        valgrind) valgrind -q --track-fds=yes --log-file=/dev/null "$@" ;;
        strace) strace -f -k -qq -o /dev/null -e trace="$strace_calls" "$@" ;;
    esac
}

. "$root/benchmarks/peers/common.sh"
launcher_ready "$root"

: >"$out/peers.tsv"
# One untimed bare run of each workload first: the file walk reads some 38,000
# files, and whichever tool ran first would otherwise pay the cold page cache
# (bare took 4.9 s cold and 0.44 s warm in one session).
for w in "${workloads[@]}"; do
    # shellcheck disable=SC2086
    ${w#*|} >/dev/null 2>&1 || true
done
for ((r = 1; r <= rounds; r++)); do
    for w in "${workloads[@]}"; do
        name=${w%%|*}; cmd=${w#*|}
        # Rotate the order each round so no tool always runs right after another one's cache warm-up.
        read -r -a order <<<"$tools"
        shift_by=$(( (r - 1) % ${#order[@]} ))
        order=("${order[@]:shift_by}" "${order[@]:0:shift_by}")
        for tool in "${order[@]}"; do
            # shellcheck disable=SC2086
            start=$(now_ns); rc=0; run_under "$tool" $cmd >/dev/null || rc=$?; end=$(now_ns)
            # grep exits 1 when nothing matched; anything above that is a failed run.
            if [ "$rc" -gt 1 ]; then
                echo "peers: '$tool' failed on '$name' (exit code $rc)" >&2
                [ "$tool" = handlespy ] && cat "$scratch/hs.err" >&2
                exit 1
            fi
            events=""
            [ "$tool" = handlespy ] && events=$(sed -n 's/.*Recorded \([0-9,]*\) events.*(.*, \([0-9,]*\) drops).*/\1 events, \2 drops/p' "$scratch/hs.err")
            printf '%d\t%s\t%s\t%d\t%s\n' "$r" "$name" "$tool" $(( (end - start) / 1000000 )) "$events" | tee -a "$out/peers.tsv" >&2
        done
    done
done

python3 - "$out/peers.tsv" "$tools" >"$out/peers.md" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
tools = sys.argv[2].split()
workloads = list(dict.fromkeys(r[1] for r in rows))
ms = {}
notes = {}
for rnd, w, t, m, ev in rows:
    ms.setdefault((w, t), {})[int(rnd)] = int(m)
    if ev: notes[(w, t)] = ev
print("| workload | tool | median wall | runs (s) | vs. bare (medians) | vs. bare (median of per-round ratios) |")
print("|---|---|---:|---|---:|---:|")
for w in workloads:
    bare = ms.get((w, "bare"), {})
    for t in tools:
        runs = ms.get((w, t), {})
        if not runs: continue
        med = statistics.median(runs.values())
        ratio = per_round = "—"
        if bare and t != "bare":
            ratio = f"{med / statistics.median(bare.values()):.1f}×"
            pr = [runs[r] / bare[r] for r in runs if r in bare and bare[r] > 0]
            if pr: per_round = f"{statistics.median(pr):.1f}×"
        elif t == "bare":
            ratio = per_round = "1×"
        label = {"bare": "bare", "handlespy": "`handlespy record --`", "valgrind": "`valgrind --track-fds=yes`",
                 "strace": "`strace -f -k`"}[t]
        if (w, t) in notes: label += f" ({notes[(w, t)]} in the last run)"
        runs_s = ", ".join(f"{runs[r] / 1000:.2f}" for r in sorted(runs))
        print(f"| {w} | {label} | {med / 1000:.2f} s | {runs_s} | {ratio} | {per_round} |")
print()
# The issue's targets: HandleSpy within 1.5x of bare on the file walk, and at least 10x faster than valgrind everywhere.
for w in workloads:
    med = {t: statistics.median(ms[(w, t)].values()) for t in tools if (w, t) in ms}
    if "handlespy" not in med: continue
    checks = []
    if "bare" in med and w.startswith("file walk"):
        r = med["handlespy"] / med["bare"]
        checks.append(f"HandleSpy {r:.2f}× bare (target ≤ 1.5×: {'met' if r <= 1.5 else 'not met'})")
    if "valgrind" in med:
        r = med["valgrind"] / med["handlespy"]
        checks.append(f"valgrind {r:.1f}× HandleSpy (target ≥ 10×: {'met' if r >= 10 else 'not met'})")
    if checks: print(f"- {w}: " + "; ".join(checks))
PY
cat "$out/peers.md"
