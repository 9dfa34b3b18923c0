#!/usr/bin/env bash
# Builds the CLI (Release) and the benchmark, then runs it. Arguments go to the benchmark, e.g.
#   bench/run.sh                                  # default: 500,1000,2000 jobs x 20 files, 5 reps
#   bench/run.sh --sizes 2000,8000 --reps 5
#   bench/run.sh --tool-arg=--max-workers=2
#   bench/run.sh --streaming 100000,1000000        # the streaming benchmark (large job tables); see bench/streaming.sh
# BENCH_WORK_DIR=DIR puts the generated stores in a fresh directory inside DIR (default: inside /dev/shm when it
# is a tmpfs with room, else ${TMPDIR:-/tmp});
# BENCH_KEEP=1 keeps it afterwards; BENCH_HOLD_LOCK=1 holds the build lock while measuring (see below).
# The output is also written to bench/results/latest.txt (streaming-latest.txt with --streaming; git-ignored). Exit: 0, or 2 if a deletion was wrong
# (verification failed), 3 with --enforce when the target is missed, 64 on bad arguments.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
lock=/tmp/cleanuptools-build.lock   # other engineers build the same tree: every dotnet build/publish takes it

# Default: a tmpfs (/dev/shm) when one has room, so the figures measure the tool's own work rather than the
# block device (on a VM disk, e.g. ext4 mounted with `discard`, identical rm -rf runs vary 3-4x). Set
# BENCH_WORK_DIR to a directory on the real data disk to measure there (see bench/README.md).
parent="${BENCH_WORK_DIR:-}"
if [[ -z "$parent" ]]; then
    parent="${TMPDIR:-/tmp}"
    if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]] \
        && (( $(df -Pk /dev/shm | awk 'NR==2 {print $4}') > 4 * 1024 * 1024 )); then
        parent=/dev/shm
    fi
fi
mkdir -p "$parent"
work="$(mktemp -d "$parent/cleanuptools-bench.XXXXXX")"   # always fresh: only this is ever removed
cleanup() {
    if [[ "${BENCH_KEEP:-0}" != 1 ]]; then rm -rf -- "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

if [[ ! -x /usr/bin/time ]]; then
    echo "note: /usr/bin/time not found (apt-get install time); peak RSS falls back to polling /proc/<pid>/status VmHWM" >&2
fi

# The CLI and the bench are published into the private work dir, so a concurrent rebuild of the shared tree
# cannot swap the binaries under a running benchmark.
echo "building cleanuptools (Release) and the benchmark..." >&2
# The CLI as it ships for cron and containers: native, ahead-of-time compiled for this machine's RID.
# BENCH_JIT=1 measures the framework-dependent build (`dotnet cleanuptools.dll`) instead.
if [ "${BENCH_JIT:-0}" = 1 ]; then
  flock "$lock" dotnet publish "$repo/src/CleanupTools.Cli/CleanupTools.Cli.csproj" -c Release -p:PublishAot=false -o "$work/cli" --nologo -v quiet -clp:ErrorsOnly >&2
  cli="$work/cli/cleanuptools.dll"
else
  rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
  flock "$lock" dotnet publish "$repo/src/CleanupTools.Cli/CleanupTools.Cli.csproj" -c Release -r "$rid" -o "$work/cli" --nologo -v quiet -clp:ErrorsOnly >&2
  cli="$work/cli/cleanuptools"
fi
flock "$lock" dotnet publish "$here/CleanupTools.Bench/CleanupTools.Bench.csproj" -c Release -o "$work/bench" --nologo -v quiet -clp:ErrorsOnly >&2

mkdir -p "$here/results"
results="$here/results/latest.txt"
for arg in "$@"; do
  case "$arg" in --streaming|--streaming=*) results="$here/results/streaming-latest.txt" ;; esac
done
# Runs the built dll directly (not `dotnet run`), so by default the build lock is not held for the minute or
# more the benchmark takes. BENCH_HOLD_LOCK=1 holds it anyway, so that concurrent builds of this tree (which
# take the same lock) cannot load the 2 cores mid-measurement; other load still can (the bench prints the load).
bench=(dotnet "$work/bench/CleanupTools.Bench.dll" --cli "$cli" --work "$work/data" "$@")
if [[ "${BENCH_HOLD_LOCK:-0}" == 1 ]]; then bench=(flock "$lock" "${bench[@]}"); fi
set +e
"${bench[@]}" | tee "$results"
status=${PIPESTATUS[0]}
set -e
exit "$status"
