#!/usr/bin/env bash
# Runs the benchmark pairs against a throwaway Keycloak that ../run.sh starts (and this script stops again), and
# writes each pair's markdown and JSON results into benchmarks/results/.
#
#   benchmarks/run-pairs.sh [--optimized [--db-statements]] [--pairs client-auth,launch,tiered,registration-scale]
#                           [--label NAME]
#   (also, not in the default list: --pairs introspection; with --optimized: --pairs metrics-scale, the Patient Access
#   metrics report over seeded patient-days, METRICS_LEVELS (100000,1000000))
#
#   --optimized   the production-shaped server (`./run.sh --optimized`: kc.sh build --db=postgres, start --optimized,
#                 PostgreSQL); without it start-dev on the embedded H2 database
#   --db-statements  with --optimized: under every run, what PostgreSQL did per operation (pg_stat_user_tables
#                 read around the run; each run, warm-up runs too, waits 22 s more for the statistics to settle)
#   --pairs       which pairs (default: all four)
#   --label       part of the result file names (default: start-dev or optimized-postgres)
#
# Environment: PAYER_AUTH_BENCH_RUN_DIR (/tmp/payer-auth-bench[-optimized]: deleted and made again on every run),
#              KC_HTTP_PORT (8180), KC_HTTP_MANAGEMENT_PORT (9180), PAYER_AUTH_PG_PORT (55433),
#              BENCH_SECONDS (15), BENCH_ROUNDS (6), BENCH_WARMUP (60), LAUNCH_WARMUP (180),
#              SCALE_LEVELS (0,1000,10000,50000), SCALE_ROUNDS (4),
#              BENCH_KC_OPTIONS (more Keycloak options, e.g. --metrics-enabled=true for start-dev; the --optimized
#              build has metrics on already).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

mode=start-dev
optimized=()
pairs=client-auth,launch,tiered,registration-scale
label=""
db_statements=false
while [ $# -gt 0 ]; do
  case "$1" in
    --optimized) mode=optimized-postgres; optimized=(--optimized) ;;
    --db-statements) db_statements=true ;;
    --pairs) pairs="$2"; shift ;;
    --label) label="$2"; shift ;;
    --help|-h) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option '$1' (try --help)" >&2; exit 1 ;;
  esac
  shift
done
label="${label:-$mode}"
[ "$db_statements" = false ] || [ "$mode" = optimized-postgres ] || { echo "--db-statements needs --optimized" >&2; exit 1; }

export KC_HTTP_PORT="${KC_HTTP_PORT:-8180}"
export KC_HTTP_MANAGEMENT_PORT="${KC_HTTP_MANAGEMENT_PORT:-9180}"
export PAYER_AUTH_PG_PORT="${PAYER_AUTH_PG_PORT:-55433}"
export PAYER_AUTH_RUN_DIR="${PAYER_AUTH_BENCH_RUN_DIR:-/tmp/payer-auth-bench${optimized:+-optimized}}"
SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
ROUNDS="${BENCH_ROUNDS:-6}"
WARMUP="${BENCH_WARMUP:-60}"
RESULTS="$ROOT/benchmarks/results"
prefix="$RESULTS/$(date +%F)-$label"
base="http://localhost:$KC_HTTP_PORT"
log="$PAYER_AUTH_RUN_DIR/keycloak.log"

say() { printf '[run-pairs] %s\n' "$*"; }

mvn -B -q -DskipTests install -pl benchmarks -am
rm -rf "$PAYER_AUTH_RUN_DIR"
mkdir -p "$PAYER_AUTH_RUN_DIR" "$RESULTS"

# The access log lets the tiered pair count the metadata fetches of its warm logins (target: 0).
say "starting Keycloak ($mode) in $PAYER_AUTH_RUN_DIR on $base ..."
# shellcheck disable=SC2086 # BENCH_KC_OPTIONS: one option per word
./run.sh --fresh "${optimized[@]}" -- --http-access-log-enabled=true --log=console,file --log-file="$log" \
  ${BENCH_KC_OPTIONS:-} >"$PAYER_AUTH_RUN_DIR/run.sh.log" 2>&1 &
server=$!
stop() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 600); do
  grep -q "payer-auth is running" "$PAYER_AUTH_RUN_DIR/run.sh.log" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { tail -40 "$PAYER_AUTH_RUN_DIR/run.sh.log"; exit 1; }
  sleep 1
done
grep -q "payer-auth is running" "$PAYER_AUTH_RUN_DIR/run.sh.log" || { say "Keycloak did not come up"; exit 1; }
pid=$(pgrep -f "$PAYER_AUTH_RUN_DIR/keycloak.*QuarkusEntryPoint|QuarkusEntryPoint.*$PAYER_AUTH_RUN_DIR" | head -n 1 || true)
[ -n "$pid" ] || pid=$(pgrep -f io.quarkus.bootstrap.runner.QuarkusEntryPoint | head -n 1)
say "Keycloak is up (pid $pid)"

if [ "$mode" = start-dev ]; then
  mode_text="Mode: start-dev, embedded H2 (benchmarks/run-pairs.sh)"
else
  mode_text="Mode: production-shaped, kc.sh build --db=postgres + start --optimized --hostname, PostgreSQL $(ls -d "$PAYER_AUTH_RUN_DIR"/postgres-* | sed 's/.*postgres-//') on the same machine (benchmarks/run-pairs.sh --optimized)"
fi

database=()
if $db_statements; then
  # run.sh --optimized's PostgreSQL (user and password as run.sh sets them)
  database=(--db-statements "jdbc:postgresql://localhost:$PAYER_AUTH_PG_PORT/postgres?user=postgres&password=postgres")
fi

bench() {
  local name="$1"; shift
  say "pair $name ..."
  java -jar benchmarks/target/payer-auth-bench.jar --url "$base" --pid "$pid" --seconds "$SECONDS_PER_RUN" \
    --out "$prefix-$name.md" --json "$prefix-$name.json" --mode "$mode_text" "${database[@]}" "$@"
}

for pair in ${pairs//,/ }; do
  case "$pair" in
    client-auth) bench client-auth --scenarios client-auth --rounds "$ROUNDS" --warmup "$WARMUP" --assertions 10000 ;;
    launch) bench launch --scenarios launch --rounds "$ROUNDS" --warmup "${LAUNCH_WARMUP:-180}" ;;
    tiered) bench tiered --scenarios tiered --rounds "$ROUNDS" --warmup "$WARMUP" --access-log "$log" ;;
    introspection) bench introspection --scenarios introspection --rounds "$ROUNDS" --warmup "$WARMUP" ;;
    metrics-scale)
      [ "$mode" = optimized-postgres ] || { say "metrics-scale needs --optimized (PostgreSQL)"; exit 1; }
      bench metrics-scale --scenarios metrics-scale --levels "${METRICS_LEVELS:-100000,1000000}" \
        --metrics-db "jdbc:postgresql://localhost:$PAYER_AUTH_PG_PORT/postgres?user=postgres&password=postgres" ;;
    registration-scale) bench registration-scale --scenarios registration-scale --rounds "${SCALE_ROUNDS:-4}" \
        --warmup 30 --levels "${SCALE_LEVELS:-0,1000,10000,50000}" ;;
    *) say "unknown pair $pair"; exit 1 ;;
  esac
done
say "results: $prefix-*.md / .json"
