#!/usr/bin/env bash
# Benchmarks Latchkey over loopback with public tools: wrk (Debian) for HTTP, a Python SMTP sink
# for delivery, PostgreSQL from Debian for the production database. Prints one Markdown table.
#
#   bench/run.sh            # H2 and PostgreSQL
#   bench/run.sh h2         # one of them
#
# Every HTTP figure comes from the same run as its floor and is reported as a ratio to it. The
# floor is the cheapest route the server has: GET /api/v1/key-requests/{id} with an id that is not
# a UUID, answered 404 by the controller with no I/O at all. 64 connections, 2 wrk threads.
set -euo pipefail
cd "$(dirname "$0")/.."
# JDK 25, as the build needs (README, "The two commands").
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
ROOT=$(pwd)
DATABASES=${1:-all}
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-10s}
KEYS=${BENCH_KEYS:-10000}
MAILS=${BENCH_MAILS:-1000}
PORT=18080
SMTP_PORT=18025
PG_PORT=25432 # below the ephemeral port range, so no outgoing connection can hold it
WORK=$(mktemp -d /tmp/latchkey-bench.XXXXXX)
export BENCH_DIR=$WORK

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql >/dev/null
fi
[ -f bootstrap/target/latchkey.jar ] && [ -f bootstrap/target/latchkey.aot ] || ./mvnw -q package -DskipTests
# The service as docs/production.md says to run it: the AOT cache the build recorded, and a heap
# sized for the benchmark's working set (10,000 keys). BENCH_JAVA_OPTS overrides both.
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--XX:AOTCache=bootstrap/target/latchkey.aot -Xmx160m}"

for port in $PORT $SMTP_PORT $PG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken: stop whatever listens there (a leftover latchkey, SMTP sink or PostgreSQL)" >&2; exit 1
  fi
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -d "$WORK/pg" ] && su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_postgres() {
  mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
  su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $WORK/pg -A trust -U postgres" >/dev/null
  su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -o '-p $PG_PORT -k $WORK/pg -c max_connections=200' -l $WORK/pg.log start" >/dev/null
}

fresh_database() { # name
  psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc "CREATE DATABASE $1" >/dev/null
}

# start_latchkey <db> <name> [extra env...]: starts the jar, waits for the first 200, sets PID and STARTUP_MS.
start_latchkey() {
  local db=$1 name=$2; shift 2
  local env=(MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR=$WORK/$name LATCHKEY_LIMITS_ENABLED=false
             LATCHKEY_DELIVERY_POLL_INTERVAL=100ms LATCHKEY_DELIVERY_BATCH_SIZE=100)
  if [ "$db" = postgres ]; then
    fresh_database "$name"
    env+=(DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$name DATASOURCES_DEFAULT_USERNAME=postgres
          DATASOURCES_DEFAULT_PASSWORD= LATCHKEY_KEY_PEPPER=benchmark-pepper-of-at-least-32-characters)
  fi
  local started=$(date +%s%N)
  env "${env[@]}" "$@" java "${JAVA_OPTS[@]}" -jar bootstrap/target/latchkey.jar >"$WORK/$name.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/assets/latchkey.css"; do
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/$name.log"; exit 1; }
    sleep 0.01
  done
  STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
  # A cache the JVM cannot use (another build's, other JVM options) is only a warning to it; here it
  # would be a slow start measured as if it were the cache's.
  if grep -q '\]\[aot' "$WORK/$name.log"; then
    grep '\]\[aot' "$WORK/$name.log" >&2
    echo "the JVM could not use the AOT cache (above): rebuild it with ./mvnw package -DskipTests," \
         "and give BENCH_JAVA_OPTS the options it was recorded with" >&2; exit 1
  fi
}

stop_latchkey() { kill "$PID"; wait "$PID" 2>/dev/null || true; }

# bench <label> <wrk args...>: a warm-up run (JIT, pools, the key cache) and then the measured one,
# straight after it; sets RPS, P50, P99 (milliseconds) of the measured run.
bench() {
  local label=$1; shift
  wrk -t2 -c64 -d"$WARMUP" "$@" >"$WORK/warmup-$label.txt"
  wrk -t2 -c64 -d"$DURATION" --latency "$@" >"$WORK/wrk-$label.txt"
  RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$label.txt")
  P50=$(awk '$1=="50%" {print $2}' "$WORK/wrk-$label.txt")
  P99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-$label.txt")
  ERRORS=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk-$label.txt")
}

ms() { # wrk latency (e.g. 812.00us, 1.23ms, 1.02s) in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

suite() { # <db>
  local db=$1 url="http://127.0.0.1:$PORT"
  start_latchkey "$db" "http_$db"
  local startup=$STARTUP_MS
  python3 bench/seed.py "$url" "$WORK/http_$db" "$KEYS" "$WORK" >/dev/null

  bench floor-$db "$url/api/v1/key-requests/floor"; local floor=$RPS
  row "$db" "floor: GET /api/v1/key-requests/floor (404, no I/O)" "$RPS" "$(ms "$P50")" "$(ms "$P99")" "1.00"
  bench liveness-$db "$url/health/liveness"
  row "$db" "GET /health/liveness (for reference)" "$RPS" "$(ms "$P50")" "$(ms "$P99")" \
      "$(awk -v a="$RPS" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')"
  bench me-$db -s bench/me.lua "$url"
  row "$db" "GET /api/v1/integrations/me (random of $KEYS keys)" "$RPS" "$(ms "$P50")" "$(ms "$P99")" \
      "$(awk -v a="$RPS" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')"
  bench verify-$db -s bench/verify.lua "$url/api/v1/keys/verify"
  row "$db" "POST /api/v1/keys/verify (90 % valid)" "$RPS" "$(ms "$P50")" "$(ms "$P99")" \
      "$(awk -v a="$RPS" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')"
  bench intake-$db -s bench/intake.lua "$url/api/v1/key-requests"
  row "$db" "POST /api/v1/key-requests (limits off)" "$RPS" "$(ms "$P50")" "$(ms "$P99")" \
      "$(awk -v a="$RPS" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')"
  local rss=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$PID/status")
  stop_latchkey

  # Delivery: requests queued with the dispatcher off, then one instance mails them to the sink.
  start_latchkey "$db" "mail_$db" LATCHKEY_DELIVERY_ENABLED=false
  seq 1 "$MAILS" | xargs -P 16 -I{} curl -s -o /dev/null -X POST "$url/api/v1/key-requests" \
      -H 'Content-Type: application/json' -d '{"name":"Mail","email":"mail{}@bench.example"}'
  stop_latchkey
  python3 -W ignore bench/smtp_sink.py $SMTP_PORT & PIDS+=("$!")
  sleep 0.5
  kill -0 "$!" 2>/dev/null || { echo "the SMTP sink could not listen on $SMTP_PORT" >&2; exit 1; }
  if [ "$db" = postgres ]; then
    # the same database as the queueing instance
    env MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR=$WORK/mail_$db LATCHKEY_DELIVERY_POLL_INTERVAL=100ms \
        LATCHKEY_DELIVERY_BATCH_SIZE=100 LATCHKEY_MAIL_TRANSPORT=smtp LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT=$SMTP_PORT \
        LATCHKEY_SMTP_TLS=none DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/mail_$db DATASOURCES_DEFAULT_USERNAME=postgres \
        DATASOURCES_DEFAULT_PASSWORD= LATCHKEY_KEY_PEPPER=benchmark-pepper-of-at-least-32-characters \
        java "${JAVA_OPTS[@]}" -jar bootstrap/target/latchkey.jar >"$WORK/deliver-$db.log" 2>&1 &
  else
    env MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR=$WORK/mail_$db LATCHKEY_DELIVERY_POLL_INTERVAL=100ms \
        LATCHKEY_DELIVERY_BATCH_SIZE=100 LATCHKEY_MAIL_TRANSPORT=smtp LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT=$SMTP_PORT \
        LATCHKEY_SMTP_TLS=none java "${JAVA_OPTS[@]}" -jar bootstrap/target/latchkey.jar >"$WORK/deliver-$db.log" 2>&1 &
  fi
  PID=$!; PIDS+=("$PID")
  until curl -sf -o /dev/null "$url/assets/latchkey.css"; do sleep 0.02; done
  local t0=$(date +%s%N) sent=0
  while [ "${sent%.*}" -lt "$MAILS" ]; do
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 900 ] || { echo "delivery stalled at $sent mails" >&2; exit 1; }
    sleep 0.2
    sent=$(curl -s "$url/metrics" | awk '/^latchkey_mails_sent_total/ {print $2}')
  done
  local seconds=$(awk -v n="$(date +%s%N)" -v s="$t0" 'BEGIN {printf "%.2f", (n - s) / 1e9}')
  row "$db" "mail delivery to a local SMTP server ($MAILS mails)" \
      "$(awk -v m="$MAILS" -v s="$seconds" 'BEGIN {printf "%.0f mails/s", m / s}')" "" "" ""
  stop_latchkey
  kill %python3 2>/dev/null || pkill -f "smtp_sink.py $SMTP_PORT" || true
  # For reference: the same start without the AOT cache, the other options as they are.
  local with_cache=("${JAVA_OPTS[@]}") option
  JAVA_OPTS=()
  for option in "${with_cache[@]}"; do [[ $option == -XX:AOTCache=* ]] || JAVA_OPTS+=("$option"); done
  start_latchkey "$db" "plain_$db"
  local plain=$STARTUP_MS
  stop_latchkey
  JAVA_OPTS=("${with_cache[@]}")
  row "$db" "time from java -jar to first 200" "$startup ms" "" "" ""
  row "$db" "time to first 200 without the AOT cache (for reference)" "$plain ms" "" "" ""
  row "$db" "peak RSS during the HTTP benchmarks" "$rss MB" "" "" ""
}

[ "$DATABASES" = h2 ] || [ "$DATABASES" = all ] && suite h2
if [ "$DATABASES" = postgres ] || [ "$DATABASES" = all ]; then
  start_postgres
  suite postgres
fi

echo
echo "Latchkey benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "wrk -t2 -c64 -d$DURATION over loopback, each run straight after a $WARMUP warm-up of the same route; $KEYS verified keys; rate limits off"
echo
echo "| database | measure | requests/s | p50 ms | p99 ms | ratio to floor |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
