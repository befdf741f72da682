#!/usr/bin/env bash
# Measures how soon a key revoked on one instance is refused by another (SPEC §7: within 100 ms on
# PostgreSQL): two processes of the packaged jar on one PostgreSQL from Debian, the cache bound at
# 60 s so that only LISTEN/NOTIFY can explain what is seen, BENCH_REVOCATIONS keys (default 200).
#
#   bench/key_changes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
REVOCATIONS=${BENCH_REVOCATIONS:-200}
REVOKING_PORT=18090
USING_PORT=18091
PG_PORT=25442 # not bench/run.sh's, so that both can run
WORK=$(mktemp -d /tmp/latchkey-key-changes.XXXXXX)

if ! [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
[ -f bootstrap/target/latchkey.jar ] || ./mvnw -q package -DskipTests
for port in $REVOKING_PORT $USING_PORT $PG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken: stop whatever listens there" >&2; exit 1
  fi
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -d "$WORK/pg" ] && su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $WORK/pg -A trust -U postgres" >/dev/null
su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $WORK/pg -o '-p $PG_PORT -k $WORK/pg' -l $WORK/pg.log start" >/dev/null
psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc "CREATE DATABASE key_changes" >/dev/null

start() { # <name> <port> [extra env...]
  local name=$1 port=$2; shift 2
  env MICRONAUT_SERVER_PORT="$port" LATCHKEY_DATA_DIR="$WORK/$name" LATCHKEY_LIMITS_ENABLED=false \
      LATCHKEY_KEY_CACHE_TTL=PT60S LATCHKEY_DELIVERY_POLL_INTERVAL=100ms \
      DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/key_changes DATASOURCES_DEFAULT_USERNAME=postgres \
      DATASOURCES_DEFAULT_PASSWORD= LATCHKEY_KEY_PEPPER=benchmark-pepper-of-at-least-32-characters "$@" \
      java -Xmx160m -jar bootstrap/target/latchkey.jar >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  until curl -sf -o /dev/null "http://127.0.0.1:$port/assets/latchkey.css"; do
    kill -0 "$!" 2>/dev/null || { cat "$WORK/$name.log"; exit 1; }
    sleep 0.05
  done
}

start revoking $REVOKING_PORT
start using $USING_PORT LATCHKEY_DELIVERY_ENABLED=false # every mail lands in the revoking instance's folder
python3 bench/seed.py "http://127.0.0.1:$REVOKING_PORT" "$WORK/revoking" "$REVOCATIONS" "$WORK" >/dev/null
echo "Latchkey key changes across instances, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL 15, LATCHKEY_KEY_CACHE_TTL=PT60S"
echo -n "revoked on one instance, refused on the other after: "
python3 bench/key_changes.py "http://127.0.0.1:$REVOKING_PORT" "http://127.0.0.1:$USING_PORT" "$WORK/pairs.txt"
