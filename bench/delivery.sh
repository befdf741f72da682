#!/usr/bin/env bash
# Delivery throughput alone, as bench/run.sh measures it: BENCH_MAILS requests queued with the
# dispatcher off, then one instance mails them to a local SMTP sink (bench/smtp_sink.py), timed until
# latchkey_mails_sent_total reaches the count. Prints mails/s and how many connections the sink saw.
#
#   bench/delivery.sh            # H2
#   bench/delivery.sh postgres   # PostgreSQL 15 from Debian, as bench/run.sh starts it
#
# BENCH_JAR (default bootstrap/target/latchkey.jar), BENCH_JAVA_OPTS (default -Xmx160m) and any
# LATCHKEY_DELIVERY_* variable in the environment are passed on, to compare builds and settings.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
DB=${1:-h2}
MAILS=${BENCH_MAILS:-2000}
JAR=${BENCH_JAR:-bootstrap/target/latchkey.jar}
PORT=${BENCH_PORT:-18180}
SMTP_PORT=${BENCH_SMTP_PORT:-18125}
PG_PORT=${BENCH_PG_PORT:-25532}
WORK=$(mktemp -d /tmp/latchkey-delivery.XXXXXX)
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx160m}"

for port in $PORT $SMTP_PORT $PG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken" >&2; exit 1
  fi
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -d "$WORK/pg" ] && su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
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
}

start queue.log LATCHKEY_DELIVERY_ENABLED=false
seq 1 "$MAILS" | xargs -P 16 -I{} curl -s -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/key-requests" \
    -H 'Content-Type: application/json' -d '{"name":"Mail","email":"mail{}@bench.example"}'
kill "$PID"; wait "$PID" 2>/dev/null || true

python3 -W ignore - "$SMTP_PORT" "$WORK/sink.txt" <<'EOF' &
import asyncore, smtpd, sys, warnings
warnings.simplefilter("ignore")
out = sys.argv[2]
class Channel(smtpd.SMTPChannel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Sink.connections += 1
class Sink(smtpd.SMTPServer):
    channel_class = Channel
    connections = 0
    received = 0
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        Sink.received += 1
        with open(out, "w") as f:
            f.write("%d %d\n" % (Sink.received, Sink.connections))
Sink(("127.0.0.1", int(sys.argv[1])), None, decode_data=False)
asyncore.loop()
EOF
PIDS+=("$!")
sleep 0.5

start deliver.log LATCHKEY_MAIL_TRANSPORT=smtp LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT=$SMTP_PORT LATCHKEY_SMTP_TLS=none
t0=$(date +%s%N) sent=0
while [ "${sent%.*}" -lt "$MAILS" ]; do
  [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 900 ] || { echo "delivery stalled at $sent mails" >&2; exit 1; }
  sleep 0.1
  sent=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^latchkey_mails_sent_total/ {print $2}')
  sent=${sent:-0}
done
seconds=$(awk -v n="$(date +%s%N)" -v s="$t0" 'BEGIN {printf "%.2f", (n - s) / 1e9}')
failed=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^latchkey_mails_failed_total/ {print $2}')
read -r received connections <"$WORK/sink.txt"
echo "$DB: $MAILS mails in $seconds s = $(awk -v m="$MAILS" -v s="$seconds" 'BEGIN {printf "%.0f", m / s}') mails/s;" \
     "sink received $received over $connections connections; ${failed:-0} attempts failed"
