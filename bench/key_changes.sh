#!/usr/bin/env bash
# Measures how soon a key revoked on one instance is refused by another (SPEC §7: within 100 ms on
# PostgreSQL): two processes of the packaged jar on one PostgreSQL from Debian, the cache bound at
# 60 s so that only LISTEN/NOTIFY can explain what is seen, BENCH_REVOCATIONS keys (default 200).
# bench/run.sh measures the same as part of its PostgreSQL run; this is that measure alone.
#
#   bench/key_changes.sh
source "$(dirname "$0")/lib.sh"
REVOCATIONS=${BENCH_REVOCATIONS:-200}
REVOKING_PORT=18090
USING_PORT=18091
PG_PORT=25442 # not bench/run.sh's, so that both can run
WORK=$(mktemp -d /tmp/latchkey-key-changes.XXXXXX)

install_tools
build_jar
ports_free $REVOKING_PORT $USING_PORT $PG_PORT
start_postgres "$WORK" $PG_PORT
psql_run $PG_PORT "CREATE DATABASE key_changes"

# Limits off: each revocation seen is a failed bearer call from one loopback address.
common=($(postgres_env $PG_PORT key_changes) LATCHKEY_LIMITS_ENABLED=false LATCHKEY_KEY_CACHE_TTL=PT60S
        LATCHKEY_DELIVERY_POLL_INTERVAL=100ms)
start_latchkey "$WORK/revoking.log" $REVOKING_PORT LATCHKEY_DATA_DIR="$WORK/revoking" "${common[@]}"
# every mail lands in the revoking instance's folder
start_latchkey "$WORK/using.log" $USING_PORT LATCHKEY_DATA_DIR="$WORK/using" "${common[@]}" LATCHKEY_DELIVERY_ENABLED=false
python3 bench/seed.py "http://127.0.0.1:$REVOKING_PORT" "$WORK/revoking" "$REVOCATIONS" "$WORK" >/dev/null
echo "Latchkey key changes across instances, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL 15, LATCHKEY_KEY_CACHE_TTL=PT60S"
echo -n "revoked on one instance, refused on the other after: "
python3 bench/key_changes.py "http://127.0.0.1:$REVOKING_PORT" "http://127.0.0.1:$USING_PORT" "$WORK/pairs.txt"
