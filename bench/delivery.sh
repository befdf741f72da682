#!/usr/bin/env bash
# Delivery throughput alone, as bench/run.sh measures it: BENCH_MAILS requests queued with the
# dispatcher off, then one instance mails them to a local SMTP sink (bench/smtp_sink.py), timed until
# latchkey_mails_sent_total reaches the count. Prints mails/s and how many connections the sink saw.
#
#   bench/delivery.sh            # H2
#   bench/delivery.sh postgres   # PostgreSQL 15 from Debian, as bench/run.sh starts it
#   bench/delivery.sh h2 steady  # instead: requests posted at BENCH_RATE/s (default 150) for
#                                # BENCH_SECONDS (default 60) while one instance mails them; prints
#                                # accepted, mailed and the backlog every 5 s (bench/steady_intake.py)
#
# BENCH_JAR (default bootstrap/target/latchkey.jar; its AOT cache beside it, as bench/run.sh runs
# it), BENCH_JAVA_OPTS (default: that cache and -Xmx160m) and any LATCHKEY_DELIVERY_* variable in
# the environment are passed on, to compare builds and settings. BENCH_THREADS=1 adds the CPU each
# kind of thread used while mailing (delivery workers, JIT compilers, GC).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
DB=${1:-h2}
MODE=${2:-backlog}
MAILS=${BENCH_MAILS:-2000}
JAR=${BENCH_JAR:-bootstrap/target/latchkey.jar}
PORT=${BENCH_PORT:-18280}
SMTP_PORT=${BENCH_SMTP_PORT:-18225}
PG_PORT=${BENCH_PG_PORT:-25632}
WORK=$(mktemp -d /var/tmp/latchkey-delivery.XXXXXX) # /var/tmp: PostgreSQL's own user must reach it
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--XX:AOTCache=${JAR%.jar}.aot -Xmx160m}"

for port in $PORT $SMTP_PORT $PG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken" >&2; exit 1
  fi
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do wait "$pid" 2>/dev/null || true; done
  [ -d "$WORK/pg" ] && su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ENV=(MICRONAUT_SERVER_PORT=$PORT LATCHKEY_DATA_DIR=$WORK/data LATCHKEY_LIMITS_ENABLED=false)
if [ "$DB" = postgres ]; then
  mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
  su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $WORK/pg -A trust -U postgres" >/dev/null
  su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -o '-p $PG_PORT -k $WORK/pg' -l $WORK/pg.log start" >/dev/null
  psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc "CREATE DATABASE delivery" >/dev/null
  ENV+=(DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/delivery DATASOURCES_DEFAULT_USERNAME=postgres
        DATASOURCES_DEFAULT_PASSWORD= LATCHKEY_KEY_PEPPER=benchmark-pepper-of-at-least-32-characters)
fi

start() { # <log> [extra env...]
  local log=$1; shift
  env "${ENV[@]}" "$@" java "${JAVA_OPTS[@]}" -jar "$JAR" >"$WORK/$log" 2>&1 &
  PID=$!; PIDS+=("$PID")
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/assets/latchkey.css"; do
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/$log"; exit 1; }
    sleep 0.02
  done
  if grep -q '\]\[aot' "$WORK/$log"; then
    grep '\]\[aot' "$WORK/$log" >&2; echo "the JVM could not use the AOT cache (above)" >&2; exit 1
  fi
}

start_sink() {
  python3 -W ignore bench/smtp_sink.py "$SMTP_PORT" "$WORK/sink.txt" &
  SINK=$!; PIDS+=("$SINK")
  sleep 0.5
  kill -0 "$SINK" 2>/dev/null || { echo "the SMTP sink could not listen on $SMTP_PORT" >&2; exit 1; }
}
SMTP=(LATCHKEY_MAIL_TRANSPORT=smtp LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT=$SMTP_PORT LATCHKEY_SMTP_TLS=none)

if [ "$MODE" = steady ]; then
  start_sink
  start steady.log "${SMTP[@]}"
  python3 bench/steady_intake.py "http://127.0.0.1:$PORT" "${BENCH_RATE:-150}" "${BENCH_SECONDS:-60}"
  exit 0
fi

start queue.log LATCHKEY_DELIVERY_ENABLED=false
seq 1 "$MAILS" | xargs -P 16 -I{} curl -s -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/key-requests" \
    -H 'Content-Type: application/json' -d '{"name":"Mail","email":"mail{}@bench.example"}'
kill "$PID"; wait "$PID" 2>/dev/null || true
start_sink


start deliver.log "${SMTP[@]}"
# CPU seconds (user + system) a process has used: the machine is shared, so time alone says little.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
# Per thread name, with BENCH_THREADS=1: which of delivery, JIT and GC the CPU went to.
threads() { for t in /proc/"$PID"/task/*; do echo "$(tr ' ' _ <"$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done 2>/dev/null; }
[ -z "${BENCH_THREADS:-}" ] || threads >"$WORK/threads0.txt"
java_cpu0=$(cpu "$PID") sink_cpu0=$(cpu "$SINK")
t0=$(date +%s%N) sent=0
while [ "${sent%.*}" -lt "$MAILS" ]; do
  [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 900 ] || { echo "delivery stalled at $sent mails" >&2; exit 1; }
  sleep 0.1
  sent=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^latchkey_mails_sent_total/ {print $2}')
  sent=${sent:-0}
done
seconds=$(awk -v n="$(date +%s%N)" -v s="$t0" 'BEGIN {printf "%.2f", (n - s) / 1e9}')
java_cpu=$(awk -v a="$(cpu "$PID")" -v b="$java_cpu0" 'BEGIN {printf "%.1f", a - b}')
sink_cpu=$(awk -v a="$(cpu "$SINK")" -v b="$sink_cpu0" 'BEGIN {printf "%.1f", a - b}')
failed=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^latchkey_mails_failed_total/ {print $2}')
read -r received connections <"$WORK/sink.txt"
if [ -n "${BENCH_THREADS:-}" ]; then
  threads >"$WORK/threads1.txt"
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR {before[$1] += $2; next} {after[$1] += $2}
      END {for (t in after) if (after[t] - before[t] > 0) printf "%8.2f s  %s\n", (after[t] - before[t]) / hz, t}' \
      "$WORK/threads0.txt" "$WORK/threads1.txt" | sort -rn | head -12 >&2
fi
echo "$DB: $MAILS mails in $seconds s = $(awk -v m="$MAILS" -v s="$seconds" 'BEGIN {printf "%.0f", m / s}') mails/s;" \
     "sink received $received over $connections connections; ${failed:-0} attempts failed;" \
     "CPU used meanwhile: latchkey $java_cpu s, sink $sink_cpu s; load average $(cut -d' ' -f1 /proc/loadavg)"
