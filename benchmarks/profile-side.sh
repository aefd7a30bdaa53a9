#!/usr/bin/env bash
# Profiles one side of a benchmark pair with JFR on a running Keycloak, and prints how much of its CPU samples and of
# its allocation (bytes) is payer-auth code (benchmarks/jfr-payer-auth-share.py).
#
#   benchmarks/profile-side.sh --pid PID --scenario launch|tiered|client-auth --only SIDE
#                              [--url http://localhost:8180] [--seconds 30] [--delay 15] [--out DIR] [-- bench options]
#
# The bench jar (benchmarks/target/payer-auth-bench.jar) runs SIDE alone for delay + seconds + 5 s without a warm-up
# (warm the server first, e.g. with a benchmarks/run-pairs.sh-style run or --warmup on a first call); the recording
# (settings=profile, stack depth 512) starts after --delay, once the driver's set-up is done, and lasts --seconds.
# Writes DIR/<scenario>-<side>.jfr, the printed samples (-cpu.txt, -alloc.txt) and the shares (-share.txt); DIR
# defaults to /tmp/payer-auth-profile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
url=http://localhost:8180
seconds=30
delay=15
out=/tmp/payer-auth-profile
pid=""
scenario=""
only=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pid) pid="$2"; shift ;;
    --scenario) scenario="$2"; shift ;;
    --only) only="$2"; shift ;;
    --url) url="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --delay) delay="$2"; shift ;;
    --out) out="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    --help|-h) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option '$1' (try --help)" >&2; exit 1 ;;
  esac
  shift
done
[ -n "$pid" ] && [ -n "$scenario" ] && [ -n "$only" ] || { echo "--pid, --scenario and --only are required" >&2; exit 1; }
mkdir -p "$out"
name="$out/$scenario-$only"

jcmd "$pid" JFR.configure stackdepth=512 >/dev/null
java -jar "$ROOT/benchmarks/target/payer-auth-bench.jar" --url "$url" --pid "$pid" --scenarios "$scenario" \
  --only "$only" --rounds 1 --warmup 0 --seconds $((delay + seconds + 5)) --out "$name-bench.md" "${extra[@]}" \
  >"$name-bench.log" 2>&1 &
driver=$!
sleep "$delay"
jcmd "$pid" JFR.start name=payer-auth-profile settings=profile duration="${seconds}s" filename="$name.jfr" >/dev/null
wait "$driver"
# a driver that ran out of prepared requests ends early: the recording ends with it (once its duration is over,
# JFR has already written the file and the stop finds nothing to stop)
jcmd "$pid" JFR.stop name=payer-auth-profile >/dev/null 2>&1 || true
sleep 2
jfr print --events jdk.ExecutionSample --stack-depth 512 "$name.jfr" >"$name-cpu.txt"
jfr print --events jdk.ObjectAllocationSample --stack-depth 512 "$name.jfr" >"$name-alloc.txt"
{
  echo "## $scenario, side $only: CPU"
  python3 "$ROOT/benchmarks/jfr-payer-auth-share.py" "$name-cpu.txt"
  echo
  echo "## $scenario, side $only: allocation"
  python3 "$ROOT/benchmarks/jfr-payer-auth-share.py" "$name-alloc.txt"
  echo
  grep -E '^\| [A-Za-z]' "$name-bench.md" | grep -v '^| Scenario' || true
} | tee "$name-share.txt"
