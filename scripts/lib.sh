# Shared by ./handlespy, ./run-tests and ./bench: finds a JDK >= 21, installs the
# Debian packages HandleSpy needs, and builds when the sources changed.
# Sourced, not run; expects $root to be the repository root.

say() { printf 'handlespy: %s\n' "$*" >&2; }

# Debian packages by purpose. "run" is what using HandleSpy needs: the build
# tools, Wine for Windows targets, elfutils/binutils for symbols, libunwind
# (the Linux agent's stack walker), GTK/GL/Xtst for JavaFX's window, and
# clang + lld, which build a Windows test program with its debug info in a .pdb
# (the build makes the test programs too). "test" adds what the test suite
# drives: sanitizer runtimes, Xvfb and Openbox for windows and screenshots,
# Debian's python3 (a real runtime whose children vfork), Go (builds test programs).
HS_PACKAGES_RUN="maven cmake make gcc libc6-dev mingw-w64 binutils-mingw-w64 wine wine64 elfutils binutils libunwind8 libunwind-dev libgtk-3-0 libgl1 libxtst6 clang lld"
HS_PACKAGES_TEST="xvfb xauth fonts-dejavu-core libasan8 libubsan1 python3 golang-go openbox xz-utils"
# "bench" adds the peers ./bench peers compares HandleSpy with.
HS_PACKAGES_BENCH="valgrind strace"

ensure_os_packages() {
    local wanted="$HS_PACKAGES_RUN" missing="" p
    [ "${1:-run}" = test ] && wanted="$wanted $HS_PACKAGES_TEST"
    [ "${1:-run}" = bench ] && wanted="$wanted $HS_PACKAGES_TEST $HS_PACKAGES_BENCH"
    command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian-based system: install the equivalents of: $wanted"; return 0; }
    # dpkg rewrites its status file on every install and removal: a check made since still holds, and
    # reading that answer back costs no process (dpkg-query took as long as a quarter of a short command)
    local checked="$root/target/.os-packages-${1:-run}" answer=""
    if [ "$checked" -nt /var/lib/dpkg/status ]; then
        read -r answer <"$checked" || true
        [ "$answer" = "$wanted" ] && return 0
    fi
    # One dpkg-query for all of them: one per package cost more than the JVM's own start-up.
    local installed
    # shellcheck disable=SC2086
    installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $wanted 2>/dev/null | sed -n 's/ install ok installed$//p' | tr '\n' ' ') "
    for p in $wanted; do
        [[ $installed == *" $p "* ]] || missing="$missing $p"
    done
    if [ -z "$missing" ]; then
        { [ -d "$root/target" ] && printf '%s\n' "$wanted" >"$checked"; } 2>/dev/null || true
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || { say "missing packages:$missing — install them as root (apt-get install$missing)"; exit 1; }
        sudo="sudo"
    fi
    say "installing missing Debian packages:$missing"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
        || { say "apt-get update failed; install these packages by hand:$missing"; exit 1; }
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null \
        || { say "apt-get install$missing failed (see the apt output above)"; exit 1; }
}

# The JDK's release file says its version without starting a JVM (which costs more
# than a short recording); a JDK without one is asked.
java_major() {
    local v="" line
    # read by the shell itself: a sed and a head per JDK were a tenth of a short command's launch
    if [ -f "$1/release" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in JAVA_VERSION=\"[0-9]*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;; esac
        done <"$1/release"
    fi
    [ -n "$v" ] && [ "$v" != 1 ] && { echo "$v"; return 0; }
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

# Prints the home of a JDK >= 21: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_jdk() {
    local candidate best="" best_major=0 major
    for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null || continue
        if [ "$candidate" = "${JAVA_HOME:-}" ]; then echo "$candidate"; return 0; fi
        if [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done
    if [ -z "$best" ]; then
        say "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm)."
        say "install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, then set JAVA_HOME to it."
        exit 1
    fi
    echo "$best"
}

build_stamp() { echo "$root/app/target/dist/.built"; }

# True when no build exists or a source file is newer than the last build.
needs_build() {
    local stamp; stamp=$(build_stamp)
    [ -f "$stamp" ] || return 0
    [ -n "$(find "$root/pom.xml" "$root/app" "$root/native-hooks" "$root/injector" "$root/cmake" "$root/icons" \
        -path '*/target' -prune -o -type f -newer "$stamp" -print -quit 2>/dev/null)" ]
}

build_app() {
    local log="$root/target/build.log"
    mkdir -p "$root/target"
    say "building HandleSpy (Java app and native agents; the first build takes a few minutes)…"
    if ! (cd "$root" && JAVA_HOME="$JAVA_HOME" mvn -B -q install -DskipTests -pl app -am >"$log" 2>&1); then
        tail -n 40 "$log" >&2
        say "build failed; full log: $log"
        exit 1
    fi
    rm -rf "$root/app/target/dist/cache"   # made for the classes of the build before
    touch "$(build_stamp)"
}

# JVM flags for a class cache next to the build: each start after the first maps
# the classes a training run loaded instead of loading and linking them again.
# JDK 25's AOT cache, else a CDS archive; when there is none yet, the training
# run (io.handlespy.cli.ClassCacheTraining) makes it in the background while this
# command runs without it. A cache the JVM cannot use is skipped without a
# warning. Prints one flag per line; HANDLESPY_NO_CLASS_CACHE=1 turns it off.
# The tarball's launcher (app/src/dist/linux/handlespy) does the same.
class_cache_flags() {
    local java=$1 major=$2 dir="$root/app/target/dist/cache" cache use make work
    shift 2
    [ -z "${HANDLESPY_NO_CLASS_CACHE:-}" ] || return 0
    mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
    if [ "$major" -ge 25 ]; then
        cache="$dir/classes.aot"; use="-XX:AOTCache=$cache"; make="-XX:AOTCacheOutput"
    else
        cache="$dir/classes.jsa"; use="-XX:SharedArchiveFile=$cache"; make="-XX:ArchiveClassesAtExit"
    fi
    # a build made without this script (mvn install) leaves the cache behind its jars
    if [ -f "$cache" ] && [ -n "$(find "$root/app/target/dist/lib" -newer "$cache" -print -quit 2>/dev/null)" ]; then
        rm -f "$cache"
    fi
    if [ -f "$cache" ]; then
        printf '%s\n' "$use" -Xlog:disable -Xlog:all=error:stderr
        return 0
    fi
    # one training at a time; one left behind by a killed run stops counting after 5 minutes
    [ -z "$(find "$dir" -maxdepth 1 -name 'training.*' -mmin -5 2>/dev/null)" ] || return 0
    work="$dir/training.$$"
    mkdir "$work" 2>/dev/null || return 0
    ( "$java" "$@" "$make=$work/cache" -Xlog:disable -Xlog:all=off -cp "$root/app/target/dist/lib/*" \
          io.handlespy.cli.ClassCacheTraining "$work/run" \
      && [ -s "$work/cache" ] && mv -f "$work/cache" "$cache"
      rm -rf "$work" ) </dev/null >/dev/null 2>&1 &
}
