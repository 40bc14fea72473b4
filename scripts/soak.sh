#!/usr/bin/env bash
# The soak: the server jar on PostgreSQL under a steady load of Synthea ingest and audits for a long time,
# watched for leaks and drift (heap after GC, threads, connections, p50/p95 latency per window).
#
# Usage:
#   scripts/soak.sh [minutes] [window-minutes]        defaults: 30 and 5
#
# Needs:
#   - the server jar: mvn -B -q -DskipTests -Dsynthea.skip=true package   (at the repository root)
#   - a PostgreSQL database, EMPTY, named by CHARTCHECK_DB_HOST, _PORT, _NAME, _USER, _PASSWORD (as for the server);
#     or SOAK_PRIVATE_PG=<port>: the script starts a throw-away cluster on 127.0.0.1:<port> in a temp directory
#     (PostgreSQL's binaries from /usr/lib/postgresql/*/bin; as root it runs them as the postgres user) and
#     removes it at the end
#   - Synthea data: benchmarks/target/synthea-50/fhir, which `mvn -f benchmarks/pom.xml compile` generates (once)
#
# Environment:
#   SOAK_JAR          the jar to run; default fhir-server/target/fhir-server-0.1.0.jar, copied to a temp directory
#                     first, so that a build during the soak cannot replace it under the running server
#   SOAK_HEAP         the server's -Xmx; default 1g
#   SOAK_SAMPLE_SECONDS  how often the sampler looks (and forces a full GC); default 60
#   SOAK_DATA         another Synthea fhir/ directory (with its index.txt)
#   SOAK_MVN_ARGS     more Maven arguments, e.g. -o to work offline
#
# What it does: benchmarks' exec:java@soak (dev.chartcheck.benchmarks.Soak) starts the jar with the postgres
# profile, loads Synthea's organizations and practitioners, then loops: POST a Synthea patient bundle (a new
# copy of the patient each time round), Patient/[new]/$audit?persist=true, Patient/[earlier]/$audit?persist=false,
# and every 10th round a sampled population $audit. It writes, under benchmarks/target/bench-run/soak-<time>/:
#   soak-report.md     a table per window (p50/p95 per request kind, heap after GC, threads, connections) and
#                      end against start
#   soak-requests.csv  every request: elapsed seconds, kind, milliseconds
#   soak-samples.csv   every sample: heap after/before GC, non-heap, threads, HikariCP and pg_stat_activity
#   server.log         the server's output
# See docs/RELIABILITY.md for the figures of a run and how to read them.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-30}"
window="${2:-5}"
jar="${SOAK_JAR:-$repo/fhir-server/target/fhir-server-0.1.0.jar}"
[ -f "$jar" ] || { echo "no server jar at $jar: build it first (see the top of this script)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/chartcheck-soak.XXXXXX)"
cleanup() {
  if [ -n "${pg_data:-}" ]; then as_postgres "$pgbin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cp "$jar" "$tmp/server.jar"

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -n "${SOAK_PRIVATE_PG:-}" ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  pg_data="$tmp/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$tmp"
  as_postgres "$pgbin/initdb" -D "$pg_data" -U postgres -A trust --encoding=UTF8 >/dev/null
  as_postgres "$pgbin/pg_ctl" -D "$pg_data" -w -l "$tmp/postgres.log" \
    -o "-c listen_addresses=127.0.0.1 -p $SOAK_PRIVATE_PG -k $tmp -c max_connections=100" start >/dev/null
  as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$SOAK_PRIVATE_PG" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE chartcheck LOGIN PASSWORD 'chartcheck'" -c "CREATE DATABASE chartcheck OWNER chartcheck"
  export CHARTCHECK_DB_HOST=127.0.0.1 CHARTCHECK_DB_PORT="$SOAK_PRIVATE_PG" CHARTCHECK_DB_NAME=chartcheck \
    CHARTCHECK_DB_USER=chartcheck CHARTCHECK_DB_PASSWORD=chartcheck
fi
: "${CHARTCHECK_DB_HOST:?set CHARTCHECK_DB_HOST and the other CHARTCHECK_DB_* variables, or SOAK_PRIVATE_PG=<port>}"

args=(-B -q -f "$repo/benchmarks/pom.xml" compile exec:java@soak
  "-Dsoak.serverJar=$tmp/server.jar" "-Dsoak.minutes=$minutes" "-Dsoak.windowMinutes=$window"
  "-Dsoak.serverHeap=${SOAK_HEAP:-1g}" "-Dsoak.sampleSeconds=${SOAK_SAMPLE_SECONDS:-60}")
if [ -n "${SOAK_DATA:-}" ]; then args+=("-Dsoak.data=$SOAK_DATA"); fi
# shellcheck disable=SC2086
mvn ${SOAK_MVN_ARGS:-} "${args[@]}"
