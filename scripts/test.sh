#!/usr/bin/env bash
# All the tests, PostgreSQL's included: starts a throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh),
# runs `dotnet test CleanupTools.sln -c Release` against it with the PostgreSQL tests required (they fail,
# never skip, if the server is missing), and stops the cluster. Extra arguments go to `dotnet test`.
set -uo pipefail
cd "$(dirname "$0")/.."

# This run's own cluster, so a developer's cluster (or another run's) on the same machine is left alone.
state_dir=$(mktemp -d)
export CLEANUPTOOLS_PG_STATE="$state_dir/pg-test-cluster.env"
trap 'scripts/pg-test-cluster.sh stop >/dev/null 2>&1; rm -rf "$state_dir"' EXIT

export CLEANUPTOOLS_REQUIRE_PG=1
if scripts/pg-test-cluster.sh start >&2; then
  eval "$(scripts/pg-test-cluster.sh env)"
  export CLEANUPTOOLS_TEST_PG
else
  echo "test.sh: the PostgreSQL test cluster did not start; its tests will fail" >&2
fi

dotnet test CleanupTools.sln -c Release "$@"
status=$?
scripts/pg-test-cluster.sh stop >&2 || true
exit "$status"
