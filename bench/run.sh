#!/usr/bin/env bash
# Benchmarks Latchkey over loopback with public tools: wrk (Debian) for HTTP, a Python SMTP sink
# for delivery, PostgreSQL 15 from Debian for the production database. Writes one Markdown table
# into docs/benchmarks.md, between its bench:run markers, and prints it. docs/benchmarks.md says
# what is measured and how.
#
#   bench/run.sh            # H2 and PostgreSQL (about 15 minutes with the defaults)
#   bench/run.sh h2         # one of them (or postgres)
#   BENCH_DURATION=3s BENCH_WARMUP=2s BENCH_SETTLE=1s BENCH_KEYS=500 BENCH_STARTS=1 BENCH_REVOCATIONS=20 bench/run.sh
#
# Settings: BENCH_DURATION (10s, each measured wrk run), BENCH_WARMUP (10s: each instance's first
# runs of the floor, /me and verify, and intake's warm-up), BENCH_SETTLE (5s: the warm-up right
# before each other measured run), BENCH_CONNECTIONS (64, over 2 wrk threads), BENCH_KEYS (10000
# verified keys), BENCH_STARTS (5 starts with the AOT cache and 5 without, alternating),
# BENCH_REVOCATIONS (200), BENCH_JAVA_OPTS (replaces the JVM options of README's run command),
# BENCH_DOC (the file to write, docs/benchmarks.md; empty: print only), BENCH_FLOOR (the floor's
# path, /health/liveness; it must answer 200).
#
# For each database: BENCH_KEYS keys requested, mailed to the pickup folder and verified through
# the API (bench/seed.py); two copies of that database, measured by a fresh instance each, one with
# limits on (production settings) and one with limits off: the floor (the liveness probe), an
# unknown address, /integrations/me, verify and intake, each ratio to the floor of the same
# instance; then the delivery of what the intake left behind to a local SMTP server, on PostgreSQL
# the time a revocation takes to be seen by another instance, and the time to the first 200 with
# and without the AOT cache.
#
# Limits on: every request comes through a trusted proxy (LATCHKEY_TRUSTED_PROXIES=127.0.0.1) with
# a client address of its own in X-Forwarded-For (bench/common.lua), every intake with an email of
# its own, so the per-client and per-email buckets are taken from and checked as in production and
# none of them refuses. The global intake limit (600/PT1M in production) is raised to 1000000/PT1M:
# at 600 a minute every key request of a run but the first 600 would be a 429, a measure of
# refusals. Limits off runs the same requests with LATCHKEY_LIMITS_ENABLED=false.
source "$(dirname "$0")/lib.sh"

COMMAND="$(env | { grep -E '^BENCH_' || true; } | sort | tr '\n' ' ')bench/run.sh${1:+ $1}"
DATABASES=${1:-all}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-10s}
SETTLE=${BENCH_SETTLE:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
KEYS=${BENCH_KEYS:-10000}
STARTS=${BENCH_STARTS:-5}
REVOCATIONS=${BENCH_REVOCATIONS:-200}
DOC=${BENCH_DOC-docs/benchmarks.md}
FLOOR_PATH=${BENCH_FLOOR:-/health/liveness}
PORT=18080
OTHER_PORT=18081
SMTP_PORT=18025
PG_PORT=25432 # below the ephemeral port range, so no outgoing connection can hold it
case $DATABASES in all|h2|postgres) ;; *) echo "usage: bench/run.sh [all|h2|postgres]" >&2; exit 2;; esac
for duration in "$DURATION" "$WARMUP" "$SETTLE"; do
  [[ $duration =~ ^[1-9][0-9]*s$ ]] || { echo "durations are whole seconds, like 15s (not $duration)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/latchkey-bench.XXXXXX)
export BENCH_DIR=$WORK
BEGAN=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

install_tools
build_jar
ports_free $PORT $OTHER_PORT $SMTP_PORT $PG_PORT
URL=http://127.0.0.1:$PORT
PLAIN_OPTS=()
for option in "${JAVA_OPTS[@]}"; do [[ $option == -XX:AOTCache=* ]] || PLAIN_OPTS+=("$option"); done
LIMITS_ON=(LATCHKEY_LIMITS_REQUESTS_GLOBAL=1000000/PT1M)
LIMITS_OFF=(LATCHKEY_LIMITS_ENABLED=false)

# A database by name: on H2 a data folder, on PostgreSQL a database (and a data folder for the pickup mails).
database_env() { # <db> <name>
  echo "LATCHKEY_DATA_DIR=$WORK/$2"
  [ "$1" = h2 ] || postgres_env $PG_PORT "$2"
}
fresh_database() { # <db> <name>
  [ "$1" = h2 ] || psql_run $PG_PORT "CREATE DATABASE $2"
}
copy_database() { # <db> <from> <to>: a stopped database, copied
  if [ "$1" = h2 ]; then
    mkdir -m 700 "$WORK/$3" && cp -p "$WORK/$2"/*.db "$WORK/$2/pepper" "$WORK/$3/"
  else
    psql_run $PG_PORT "CREATE DATABASE $3 TEMPLATE $2"
  fi
}

ROWS=()
row() { ROWS+=("| $(printf '%s | ' "$@")"); }

# bench <db> <limits> <measure> <script> <url> <expected statuses> <warm-up>: a warm-up run of the
# route, then the measured one straight after it, and its row; the floor first (it sets FLOOR).
bench() {
  local db=$1 limits=$2 measure=$3 script=$4 url=$5 expected=$6 warmup=$7 name
  name=$db-$limits-$(basename "$script" .lua)-$(date +%s%N)
  run_wrk "$WORK/warmup-$name.txt" 2 "$CONNECTIONS" "$warmup" "$script" "$url" "$expected"
  run_wrk "$WORK/wrk-$name.txt" 2 "$CONNECTIONS" "$DURATION" "$script" "$url" "$expected"
  [[ $measure != floor:* ]] || FLOOR=$RPS
  row "$db" "$limits" "$measure" "$RPS" "$P50" "$P99" "$(ratio "$RPS" "$FLOOR")" "$ANSWERS" "$UNEXPECTED"
}

seed() { # <db>: KEYS verified keys in database seed_<db>, written to keys.txt and pairs.txt
  say "$1: seeding $KEYS keys"
  fresh_database "$1" "seed_$1"
  # larger delivery rounds, more often: the seeding is not measured
  start_latchkey "$WORK/seed_$1.log" $PORT $(database_env "$1" "seed_$1") "${LIMITS_OFF[@]}" \
      LATCHKEY_DELIVERY_POLL_INTERVAL=100ms LATCHKEY_DELIVERY_BATCH_SIZE=100
  python3 bench/seed.py "$URL" "$WORK/seed_$1" "$KEYS" "$WORK" >/dev/null
  stop_latchkey
}

http_routes() { # <db> <on|off>: the routes on a fresh instance over a copy of the seeded database
  local db=$1 limits=$2 env
  if [ "$limits" = on ]; then env=("${LIMITS_ON[@]}"); else env=("${LIMITS_OFF[@]}"); fi
  say "$db, limits $limits: the routes"
  copy_database "$db" "seed_$db" "${limits}_$db"
  start_latchkey "$WORK/${limits}_$db.log" $PORT $(database_env "$db" "${limits}_$db") \
      LATCHKEY_TRUSTED_PROXIES=127.0.0.1 "${env[@]}"
  # A fresh JVM compiles as it goes: the first route measured would be measured colder than the
  # rest. So first a tour of the read routes (the JIT, the key cache), then each route after a
  # short warm-up of its own. Intake goes last and has a full warm-up: what it accepts, the
  # dispatcher delivers in the background, and the routes before it are measured without that.
  local script url
  for script in "get.lua $URL$FLOOR_PATH" "me.lua $URL" "verify.lua $URL/api/v1/keys/verify"; do
    read -r script url <<<"$script"
    run_wrk "$WORK/tour-$db-$limits-$script.txt" 2 "$CONNECTIONS" "$WARMUP" "bench/$script" "$url"
  done
  bench "$db" "$limits" "floor: GET $FLOOR_PATH" bench/get.lua "$URL$FLOOR_PATH" 200 "$SETTLE"
  bench "$db" "$limits" "GET /api/v1/no-such-route (404)" bench/get.lua "$URL/api/v1/no-such-route" 404 "$SETTLE"
  bench "$db" "$limits" "GET /api/v1/integrations/me (random of $KEYS keys)" bench/me.lua "$URL" 200 "$SETTLE"
  bench "$db" "$limits" "POST /api/v1/keys/verify (90 % valid)" bench/verify.lua "$URL/api/v1/keys/verify" \
      "200 401" "$SETTLE"
  bench "$db" "$limits" "POST /api/v1/key-requests (intake)" bench/intake.lua "$URL/api/v1/key-requests" 202 "$WARMUP"
  if [ "$db" = postgres ] && [ "$limits" = on ]; then
    # The same instance and database, every session told at once (a reload), then put back.
    psql_run $PG_PORT "ALTER SYSTEM SET synchronous_commit = off" && psql_run $PG_PORT "SELECT pg_reload_conf()" >/dev/null
    bench "$db" "$limits" "POST /api/v1/key-requests (intake), synchronous_commit = off" \
        bench/intake.lua "$URL/api/v1/key-requests" 202 "$SETTLE"
    psql_run $PG_PORT "ALTER SYSTEM RESET synchronous_commit" && psql_run $PG_PORT "SELECT pg_reload_conf()" >/dev/null
  fi
  RSS["$limits"]=$(peak_rss_mb "$PID")
  stop_latchkey
}

# The requests the limits-off intake left undelivered, mailed by a fresh instance to a local SMTP
# server: mails per second after the first WARMUP of mails, over DURATION or until the backlog ran out.
delivery() { # <db>
  local db=$1 samples=$WORK/delivery-$1.txt
  say "$db: delivery"
  start_smtp_sink $SMTP_PORT
  start_latchkey "$WORK/delivery_$db.log" $PORT $(database_env "$db" "off_$db") LATCHKEY_MAIL_TRANSPORT=smtp \
      LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT=$SMTP_PORT LATCHKEY_SMTP_TLS=none
  local warm=$(( ${WARMUP%s} * 1000 )) long=$(( ${DURATION%s} * 1000 )) began first= now sent last=-1 still=0
  began=$(( $(date +%s%N) / 1000000 ))
  while :; do
    now=$(( $(date +%s%N) / 1000000 )); sent=$(metric "$URL" latchkey_mails_sent_total)
    echo "$now $sent" >>"$samples"
    [ -n "$first" ] || [ "$sent" -eq 0 ] || first=$now
    if [ "$sent" = "$last" ]; then still=$((still + 1)); else still=0; fi
    last=$sent
    [ -n "$first" ] || [ $(( now - began )) -lt 300000 ] || { echo "no mail delivered in 5 minutes" >&2; exit 1; }
    # done: the warm-up and the measured time are over, or the backlog ran out (3 s without a mail)
    if [ -n "$first" ]; then
      [ $(( now - first )) -lt $(( warm + long )) ] && [ $still -lt 12 ] || break
    fi
    sleep 0.25
  done
  local failed
  failed=$(metric "$URL" latchkey_mails_failed_total)
  RSS[delivery]=$(peak_rss_mb "$PID")
  stop_latchkey
  kill "$SINK_PID"
  # The window: from the first sample after the warm-up (from the first mail, if the backlog ran
  # out sooner) to the last sample that saw a new mail.
  local mails seconds
  read -r mails seconds < <(awk -v first="$first" -v warm="$warm" '
      $2 > 0 && !s0 { s0 = $1; n0 = $2 } $1 >= first + warm && !w0 { w0 = $1; m0 = $2 }
      $2 > prev { t = $1; n = $2 } { prev = $2 }
      END { if (!w0 || t <= w0) { w0 = s0; m0 = n0 } printf "%d %.2f\n", n - m0, (t - w0) / 1000 }' "$samples")
  row "$db" "" "delivery to a local SMTP server ($mails mails in $seconds s, after the first $WARMUP)" \
      "$(awk -v m="$mails" -v s="$seconds" 'BEGIN {if (s > 0) printf "%.0f mails/s", m / s}')" "" "" "" \
      "$last sent, $failed failed" "$failed"
}

# Two instances on one PostgreSQL, the key cache's bound at 60 s so that only LISTEN/NOTIFY can
# explain what is seen: each of REVOCATIONS keys is served by the second instance, revoked on the
# first, and asked of the second again until it answers 401 (bench/key_changes.py). Limits off:
# each revocation seen is a failed bearer call from one loopback address, and the 31st would be 429.
revocation() {
  say "postgres: revocations across instances"
  copy_database postgres seed_postgres revoke_postgres
  mkdir -p "$WORK/revoke" && head -n "$REVOCATIONS" "$WORK/pairs.txt" >"$WORK/revoke/pairs.txt"
  local common=($(database_env postgres revoke_postgres) "${LIMITS_OFF[@]}" LATCHKEY_KEY_CACHE_TTL=PT60S)
  start_latchkey "$WORK/revoking.log" $PORT "${common[@]}"
  local revoking=$PID
  start_latchkey "$WORK/using.log" $OTHER_PORT "${common[@]}" LATCHKEY_DELIVERY_ENABLED=false
  local seen
  seen=$(python3 bench/key_changes.py "$URL" "http://127.0.0.1:$OTHER_PORT" "$WORK/revoke/pairs.txt")
  stop_latchkey; stop_latchkey "$revoking"
  row postgres "" "revocation seen by another instance (LISTEN/NOTIFY, cache bound 60 s)" "$seen" "" "" "" "" ""
}

# Time from java to the first 200 of the liveness probe, on a fresh database each time (the
# migrations are in it), production settings; with and without the AOT cache, alternating.
startups() { # <db>
  local db=$1 i kind with=() without=()
  say "$db: starts with and without the AOT cache"
  for i in $(seq 1 "$STARTS"); do
    for kind in $( ((i % 2)) && echo "cache plain" || echo "plain cache"); do
      fresh_database "$db" "start_${kind}_${i}_$db"
      if [ "$kind" = cache ]; then
        start_latchkey "$WORK/start_${kind}_${i}_$db.log" $PORT $(database_env "$db" "start_${kind}_${i}_$db")
        with+=("$STARTUP_MS")
      else
        start_latchkey "$WORK/start_${kind}_${i}_$db.log" $PORT $(database_env "$db" "start_${kind}_${i}_$db") \
            -- "${PLAIN_OPTS[@]}"
        without+=("$STARTUP_MS")
      fi
      stop_latchkey
    done
  done
  local cached plain
  cached=$(printf '%s\n' "${with[@]}" | median); plain=$(printf '%s\n' "${without[@]}" | median)
  row "$db" "" "time to the first 200 with the AOT cache (median of $STARTS; all: ${with[*]})" "$cached ms" "" "" \
      "$(ratio "$cached" "$plain") × without" "" ""
  row "$db" "" "time to the first 200 without it (median of $STARTS; all: ${without[*]})" "$plain ms" "" "" "" "" ""
}

suite() { # <db>
  local db=$1
  declare -gA RSS=()
  seed "$db"
  http_routes "$db" on
  http_routes "$db" off
  delivery "$db"
  [ "$db" != postgres ] || revocation
  startups "$db"
  row "$db" "" "peak RSS (VmHWM): limits on / limits off / delivery instance" \
      "${RSS[on]} / ${RSS[off]} / ${RSS[delivery]} MB" "" "" "" "" ""
}

[ "$DATABASES" = postgres ] || suite h2
if [ "$DATABASES" != h2 ]; then
  start_postgres "$WORK" $PG_PORT
  suite postgres
fi

TABLE=$WORK/table.md
{
  echo "Run on $(date -u +%Y-%m-%d) from $(date -u -d @"$BEGAN" +%H:%M) to $(date -u +%H:%M) UTC" \
       "($(( ($(date +%s) - BEGAN + 30) / 60 )) min), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' with local changes'), with \`$COMMAND\`."
  echo "Machine: $(machine)$([ "$DATABASES" = h2 ] || echo "; PostgreSQL $(psql_run $PG_PORT 'SHOW server_version' | cut -d' ' -f1) with Debian's defaults (fsync and synchronous_commit on)")."
  echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Service: \`java ${JAVA_OPTS[*]} -jar bootstrap/target/latchkey.jar\`, default settings but"
  echo "\`LATCHKEY_TRUSTED_PROXIES=127.0.0.1\` (each request from a client address of its own); limits on:"
  echo "production limits with the global intake limit at \`1000000/PT1M\`; limits off:"
  echo "\`LATCHKEY_LIMITS_ENABLED=false\`. $KEYS verified keys. wrk -t2 -c$CONNECTIONS -d$DURATION over loopback: each"
  echo "instance first runs the floor, /me and verify for $WARMUP each (the JIT, the key cache), then measures each route"
  echo "straight after a $SETTLE warm-up of the same route (intake: $WARMUP). \"× floor\" is requests/s over the"
  echo "floor's ($FLOOR_PATH) on the same instance; \"answers\" counts every status; \"unexpected\""
  echo "is answers other than the route's own (200; 404 for the unknown path; 200 and 401 for verify;"
  echo "202 for intake) plus wrk's socket errors."
  echo
  echo "| database | limits | measure | requests/s | p50 ms | p99 ms | × floor | answers | unexpected |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} >"$TABLE"
echo
cat "$TABLE"
echo
write_section "$DOC" run "$TABLE"
