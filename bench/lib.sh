# Shared by bench/run.sh, bench/soak.sh and bench/key_changes.sh (sourced, not run): the tools, the
# jar, PostgreSQL from Debian, starting and stopping the service, wrk and its figures, the docs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# JDK 25, as the build needs (README, "The two commands").
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
PG_BIN=/usr/lib/postgresql/15/bin
PEPPER=benchmark-pepper-of-at-least-32-characters

# The service as README.md says to run it: the JVM options of its run command (the AOT cache the
# build recorded and the memory flags), read from the README itself so that what is measured is
# what a new user copies. BENCH_JAVA_OPTS replaces all of them.
README_OPTS=$(sed -n 's|^\./mvnw -q package -DskipTests && java \(.*\) -jar bootstrap/target/latchkey\.jar$|\1|p' README.md)
[ -n "$README_OPTS" ] || { echo "README.md's run command (./mvnw -q package -DskipTests && java … -jar bootstrap/target/latchkey.jar) is not where it was" >&2; exit 1; }
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:-$README_OPTS}"

say() { # progress on stderr, with the minutes and seconds since the script began
  local elapsed=$(( $(date +%s) - ${BEGAN:-$(date +%s)} ))
  printf '[%d:%02d] %s\n' $((elapsed / 60)) $((elapsed % 60)) "$*" >&2
}

need() { command -v "$1" >/dev/null 2>&1; }
install_tools() { # wrk and PostgreSQL from Debian, when missing
  if ! need wrk || ! [ -x $PG_BIN/initdb ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql >/dev/null
  fi
}

build_jar() {
  [ -f bootstrap/target/latchkey.jar ] && [ -f bootstrap/target/latchkey.aot ] || ./mvnw -q package -DskipTests
}

ports_free() { # <port>...
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is taken: stop whatever listens there (a leftover latchkey, SMTP sink or PostgreSQL)" >&2
      exit 1
    fi
  done
}

# Everything started here is stopped on exit, by its own process id.
PIDS=()
PG_DIRS=()
cleanup() {
  local pid dir
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  for dir in "${PG_DIRS[@]:-}"; do
    [ -n "$dir" ] && su postgres -c "$PG_BIN/pg_ctl -D $dir -m fast stop" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

start_postgres() { # <work dir> <port>: a fresh cluster, fsync on (Debian's defaults)
  local work=$1 port=$2
  mkdir -p "$work/pg" && chown postgres "$work" "$work/pg"
  su postgres -c "test -w $work/pg" || {
    echo "the postgres user cannot reach $work/pg: is a folder above it closed to others (ls -ld /tmp)?" >&2; exit 1; }
  su postgres -c "$PG_BIN/initdb -D $work/pg -A trust -U postgres" >/dev/null
  su postgres -c "$PG_BIN/pg_ctl -D $work/pg -o '-p $port -k $work/pg -c max_connections=200' -l $work/pg.log start" >/dev/null
  PG_DIRS+=("$work/pg")
}

psql_run() { # <port> <sql>
  psql -h 127.0.0.1 -p "$1" -U postgres -qAtc "$2"
}

postgres_env() { # <port> <database>: the environment that points the service at that database
  echo "DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:$1/$2" DATASOURCES_DEFAULT_USERNAME=postgres \
       DATASOURCES_DEFAULT_PASSWORD= LATCHKEY_KEY_PEPPER=$PEPPER
}

# start_latchkey <log> <port> [VAR=value...] [-- java options...]: starts the jar with the
# environment given and JAVA_OPTS (or the options after --), waits for the first 200 of the
# liveness probe; sets PID and STARTUP_MS. A start that dies prints its log and stops the script.
start_latchkey() {
  local log=$1 port=$2; shift 2
  local env=(MICRONAUT_SERVER_PORT="$port") options=("${JAVA_OPTS[@]}")
  while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; options=("$@"); break; fi
    env+=("$1"); shift
  done
  local started=$(date +%s%N)
  env "${env[@]}" java "${options[@]}" -jar bootstrap/target/latchkey.jar >"$log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/liveness"; do
    kill -0 "$PID" 2>/dev/null || { cat "$log" >&2; echo "the service did not start (log above)" >&2; exit 1; }
    sleep 0.01
  done
  STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
  # A cache the JVM cannot use (another build's, other JVM options) is only a warning to it; here it
  # would be a slow start measured as if it were the cache's.
  if grep -q '\]\[aot' "$log"; then
    grep '\]\[aot' "$log" >&2
    echo "the JVM could not use the AOT cache (above): rebuild it with ./mvnw package -DskipTests," \
         "and give BENCH_JAVA_OPTS the options it was recorded with" >&2; exit 1
  fi
}

stop_latchkey() { # [pid]: SIGTERM, as an operator stops it, and waits for the graceful stop
  local pid=${1:-$PID}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

peak_rss_mb() { # <pid>: the process's peak resident set (VmHWM) so far
  awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status"
}

rss_mb() { # <pid>: the process's resident set now
  awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"
}

metric() { # <base url> <name>: one sample of the service's Prometheus metrics (0 when absent)
  curl -s "$1/metrics" | awk -v name="$2" '$1 == name {v = $2} END {printf "%d", v + 0}'
}

start_smtp_sink() { # <port>: a local SMTP server that accepts every mail; sets SINK_PID
  python3 -W ignore bench/smtp_sink.py "$1" &
  SINK_PID=$!
  PIDS+=("$SINK_PID")
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$SINK_PID" 2>/dev/null && [ $tries -lt 100 ] || { echo "the SMTP sink could not listen on $1" >&2; exit 1; }
    tries=$((tries + 1)); sleep 0.05
  done
}

ms() { # wrk latency (812.00us, 1.23ms, 1.02s, 2.00m) in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n;
                         else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# run_wrk <out> <threads> <connections> <duration> <script> <url> [expected statuses, e.g. "200 401"]:
# one wrk run with the scripts' status counts; sets RPS, P50, P99 (ms), ANSWERS (e.g. "200: 91,002;
# 401: 10113"), UNEXPECTED (answers with another status, plus socket errors) and SOCKET (wrk's
# connect/read/write/timeout errors, or "0").
run_wrk() {
  local out=$1 threads=$2 connections=$3 duration=$4 script=$5 url=$6 expected=${7:-200}
  wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency -s "$script" "$url" >"$out"
  read_wrk "$out" "$expected"
}

read_wrk() { # <wrk output> <expected statuses>: the figures run_wrk sets, from a finished run
  local out=$1 expected=$2
  RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")
  P50=$(ms "$(awk '$1 == "50%" {print $2}' "$out")")
  P99=$(ms "$(awk '$1 == "99%" {print $2}' "$out")")
  ANSWERS=$(awk '$1 == "status" {printf "%s%s: %d", sep, $2, $3; sep = "; "}' "$out")
  SOCKET=$(awk '/Socket errors/ {gsub(",", ""); printf "%d", $4 + $6 + $8 + $10; found = 1}
                END {if (!found) printf "0"}' "$out")
  UNEXPECTED=$(awk -v expected=" $expected " -v socket="$SOCKET" \
      '$1 == "status" && index(expected, " " $2 " ") == 0 {n += $3} END {printf "%d", n + socket}' "$out")
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b}'; }

median() { # numbers on stdin: their median (the lower middle of an even count)
  sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'
}

machine() { # one line: cores, CPU, memory, JDK, OS
  local cpu jdk os
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  jdk=$(java -version 2>&1 | sed -n 2p)
  os=$(. /etc/os-release && echo "$PRETTY_NAME")
  echo "$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $jdk, $os"
}

# write_section <doc> <name> <file>: replaces what lies between the lines <!-- bench:<name>:start -->
# and <!-- bench:<name>:end --> in the doc with the file. Without those lines, the doc stays as it is.
write_section() {
  local doc=$1 name=$2 file=$3
  [ -n "$doc" ] || return 0
  python3 - "$doc" "$name" "$file" <<'EOF2'
import re, sys
doc, name, file = sys.argv[1:]
text = open(doc).read()
section = re.compile(r"^(<!-- bench:%s:start -->\n).*?^(<!-- bench:%s:end -->)$" % (name, name), re.M | re.S)
if not section.search(text):
    sys.exit("%s has no lines <!-- bench:%s:start --> and <!-- bench:%s:end -->: not written" % (doc, name, name))
table = open(file).read().rstrip("\n") + "\n"
open(doc, "w").write(section.sub(lambda m: m.group(1) + table + m.group(2), text, count=1))
print("written into %s, between its bench:%s markers" % (doc, name))
EOF2
}
