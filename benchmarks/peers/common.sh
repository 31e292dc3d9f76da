# Sourced by peers.sh and startup.sh: what both do before timing anything.

now_ns() { date +%s%N; }

# The launcher builds when the sources changed and trains its class cache the
# first time: both happen here, before anything is timed.
launcher_ready() {
    local root=$1
    "$root/handlespy" --version >/dev/null
    for _ in $(seq 600); do
        [ -z "$(find "$root/app/target/dist/cache" -maxdepth 1 -name 'training.*' 2>/dev/null)" ] && return 0
        sleep 0.5
    done
}
