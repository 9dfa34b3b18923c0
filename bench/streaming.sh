#!/usr/bin/env bash
# The streaming benchmark (bench/README.md, "Streaming: large job tables"): generated jobs tables of 100,000 and
# 1,000,000 rows whose jobs have no files, and `cleanuptools candidates --json`, `run --dry-run --json` and
# `run --json` (on a copy) over each: wall time, rows/s, peak RSS, and whether memory stays flat.
#   bench/streaming.sh                                        # SQLite, 100k and 1M rows; PostgreSQL too when CLEANUPTOOLS_TEST_PG is set
#   bench/streaming.sh --streaming 100000,300000,1000000
#   bench/streaming.sh --dem-filenames null                   # rows without an upload: the shared-upload check drops out
#   scripts/pg-test-cluster.sh start && eval "$(scripts/pg-test-cluster.sh env)" && bench/streaming.sh --store postgres
# Builds exactly as bench/run.sh does (each build under flock /tmp/cleanuptools-build.lock, the lock released while
# measuring) and takes the same environment (BENCH_WORK_DIR, BENCH_KEEP, BENCH_HOLD_LOCK, BENCH_JIT). Output is also
# written to bench/results/streaming-latest.txt. Exit: 0; 2 when a verification failed; 3 with --enforce when the
# target is missed; 64 on bad arguments.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
args=("$@")
given=0
for arg in "$@"; do
  case "$arg" in --streaming|--streaming=*) given=1 ;; esac
done
if [[ $given == 0 ]]; then args=(--streaming 100000,1000000 "${args[@]}"); fi
exec "$here/run.sh" "${args[@]}"
