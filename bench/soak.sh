#!/usr/bin/env bash
# A soak of the mix on the embedded default (H2, one instance): GET /api/v1/integrations/me on 32
# connections, POST /api/v1/keys/verify (90 % valid) on 8 and POST /api/v1/key-requests on 4, each
# its own wrk, for BENCH_SOAK (10m), while the instance delivers what it accepts to a local SMTP
# server. Writes its table into docs/benchmarks.md between <!-- bench:soak:start --> and
# <!-- bench:soak:end -->, and prints it.
#
#   bench/soak.sh                                   # about 14 minutes
#   BENCH_SOAK=2m BENCH_SOLO=10s BENCH_KEYS=1000 bench/soak.sh
#
# Settings: BENCH_SOAK (10m; whole seconds or minutes, 90s or 2m), BENCH_SOLO (30s: /me alone
# first, on the same 32 connections, for the ratio), BENCH_WARMUP (10s per route before that),
# BENCH_KEYS (10000 verified keys), BENCH_SOAK_LIMITS (off, as the issue's soak was measured; on:
# production limits as in bench/run.sh, each request from a client address of its own and the
# global intake limit raised), BENCH_JAVA_OPTS, BENCH_DOC (empty: print only).
#
# Every 5 s it samples the java process's RSS, the size of the H2 file and the delivery backlog:
# key requests accepted less mails sent, from the instance's own counters
# (latchkey_key_requests_accepted_total, latchkey_mails_sent_total). That is the backlog exactly
# here: one instance, started after the seeding with every seeded key delivered, one email per
# request (nothing superseded), and an SMTP server that takes every mail (a failed attempt would
# be retried and stay in the backlog; failures are shown). At the end: the backlog is followed
# until it is 0 (at most 5 minutes), the instance is stopped and the file compacted by H2 itself
# (SHUTDOWN COMPACT, through the jar's own H2) to give the live data.
source "$(dirname "$0")/lib.sh"

COMMAND="$(env | { grep -E '^BENCH_' || true; } | sort | tr '\n' ' ')bench/soak.sh"
SOAK=${BENCH_SOAK:-10m}
SOLO=${BENCH_SOLO:-30s}
WARMUP=${BENCH_WARMUP:-10s}
KEYS=${BENCH_KEYS:-10000}
LIMITS=${BENCH_SOAK_LIMITS:-off}
DOC=${BENCH_DOC-docs/benchmarks.md}
PORT=18180
SMTP_PORT=18125
seconds() { # 90s, 2m: in seconds
  case $1 in
    *s) echo "${1%s}" ;;
    *m) echo $(( ${1%m} * 60 )) ;;
  esac
}
for duration in "$SOAK" "$SOLO" "$WARMUP"; do
  [[ $duration =~ ^[1-9][0-9]*[sm]$ ]] || { echo "durations are whole seconds or minutes, like 90s or 10m (not $duration)" >&2; exit 2; }
done
case $LIMITS in on|off) ;; *) echo "BENCH_SOAK_LIMITS is on or off" >&2; exit 2;; esac
WORK=$(mktemp -d /tmp/latchkey-soak.XXXXXX)
export BENCH_DIR=$WORK
DATA=$WORK/data
FILE=$DATA/latchkey.mv.db
URL=http://127.0.0.1:$PORT
BEGAN=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

install_tools
build_jar
ports_free $PORT $SMTP_PORT

say "seeding $KEYS keys"
# The keys: requested, mailed to the pickup folder and verified through the API; larger delivery
# rounds, more often, since the seeding is not measured.
start_latchkey "$WORK/seed.log" $PORT LATCHKEY_DATA_DIR="$DATA" LATCHKEY_LIMITS_ENABLED=false \
    LATCHKEY_DELIVERY_POLL_INTERVAL=100ms LATCHKEY_DELIVERY_BATCH_SIZE=100
python3 bench/seed.py "$URL" "$DATA" "$KEYS" "$WORK" >/dev/null
stop_latchkey
SEEDED_MB=$(awk -v b="$(stat -c %s "$FILE")" 'BEGIN {printf "%.1f", b / 1048576}')

# The soak's instance: default settings, mail to the local SMTP server.
if [ "$LIMITS" = on ]; then limits=(LATCHKEY_LIMITS_REQUESTS_GLOBAL=1000000/PT1M); else limits=(LATCHKEY_LIMITS_ENABLED=false); fi
start_smtp_sink $SMTP_PORT
start_latchkey "$WORK/soak.log" $PORT LATCHKEY_DATA_DIR="$DATA" LATCHKEY_TRUSTED_PROXIES=127.0.0.1 "${limits[@]}" \
    LATCHKEY_MAIL_TRANSPORT=smtp LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT=$SMTP_PORT LATCHKEY_SMTP_TLS=none
SERVICE=$PID

# Warm-up (the JIT, the key cache), then /me alone on the same connections as in the mix.
say "warm-up, then /me alone"
run_wrk "$WORK/warmup-me.txt" 1 32 "$WARMUP" bench/me.lua "$URL"
run_wrk "$WORK/warmup-verify.txt" 1 8 "$WARMUP" bench/verify.lua "$URL/api/v1/keys/verify" "200 401"
run_wrk "$WORK/solo-me.txt" 1 32 "$SOLO" bench/me.lua "$URL"
SOLO_RPS=$RPS SOLO_P99=$P99 SOLO_UNEXPECTED=$UNEXPECTED

sample() { # one line: seconds since the mix began, RSS MB, H2 file bytes, accepted, sent, failed
  local metrics
  metrics=$(curl -s --max-time 5 "$URL/metrics")
  echo "$(( $(date +%s) - MIX_BEGAN )) $(rss_mb "$SERVICE") $(stat -c %s "$FILE") $(
    awk '$1 == "latchkey_key_requests_accepted_total" {a = $2} $1 == "latchkey_mails_sent_total" {s = $2}
         $1 == "latchkey_mails_failed_total" {f = $2} END {printf "%d %d %d", a, s, f}' <<<"$metrics")"
}
SAMPLES=$WORK/samples.txt
say "the mix, for $SOAK"
MIX_BEGAN=$(date +%s)
( while :; do sample >>"$SAMPLES"; sleep 5; done ) &
SAMPLER=$!
PIDS+=("$SAMPLER")
wrk -t1 -c32 -d"$SOAK" --timeout 5s --latency -s bench/me.lua "$URL" >"$WORK/mix-me.txt" &
me=$!
wrk -t1 -c8 -d"$SOAK" --timeout 5s --latency -s bench/verify.lua "$URL/api/v1/keys/verify" >"$WORK/mix-verify.txt" &
verify=$!
wrk -t1 -c4 -d"$SOAK" --timeout 5s --latency -s bench/intake.lua "$URL/api/v1/key-requests" >"$WORK/mix-intake.txt" &
intake=$!
PIDS+=("$me" "$verify" "$intake")
wait "$me" "$verify" "$intake"
MIX_SECONDS=$(( $(date +%s) - MIX_BEGAN ))
END_SAMPLE=$(sample)

# The backlog after the mix, followed each second until it is 0.
say "the backlog after the mix"
drained=
while [ $(( $(date +%s) - MIX_BEGAN - MIX_SECONDS )) -lt 300 ]; do
  read -r _ _ _ accepted sent _ <<<"$(sample)"
  [ $((accepted - sent)) -gt 0 ] || { drained=$(( $(date +%s) - MIX_BEGAN - MIX_SECONDS )); break; }
  sleep 1
done
kill "$SAMPLER"
LAST_SAMPLE=$(sample)
PEAK_RSS=$(peak_rss_mb "$SERVICE")
stop_latchkey "$SERVICE"
kill "$SINK_PID"
STOPPED_BYTES=$(stat -c %s "$FILE")
say "compacting the H2 file"
java -cp bootstrap/target/latchkey.jar org.h2.tools.Shell -url "jdbc:h2:file:$DATA/latchkey" -user sa -password "" \
    -sql "SHUTDOWN COMPACT" >"$WORK/compact.log" 2>&1 || { cat "$WORK/compact.log" >&2; echo "H2 could not compact $FILE" >&2; exit 1; }
LIVE_BYTES=$(stat -c %s "$FILE")

# The figures.
read_wrk "$WORK/mix-me.txt" 200; ME_RPS=$RPS ME_P99=$P99 ME_ANSWERS=$ANSWERS ME_UNEXPECTED=$UNEXPECTED
read_wrk "$WORK/mix-verify.txt" "200 401"; VERIFY_RPS=$RPS VERIFY_P99=$P99 VERIFY_ANSWERS=$ANSWERS VERIFY_UNEXPECTED=$UNEXPECTED
read_wrk "$WORK/mix-intake.txt" 202; INTAKE_RPS=$RPS INTAKE_P99=$P99 INTAKE_ANSWERS=$ANSWERS INTAKE_UNEXPECTED=$UNEXPECTED
ERRORS=$((ME_UNEXPECTED + VERIFY_UNEXPECTED + INTAKE_UNEXPECTED))
read -r _ _ _ END_ACCEPTED END_SENT END_FAILED <<<"$END_SAMPLE"
read -r _ _ _ _ _ LAST_FAILED <<<"$LAST_SAMPLE"
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
met() { if [ "$1" = 1 ]; then echo "**met**"; else echo "**not met**"; fi; }
# RSS from the first minute of the mix to its end: its least and most, and how far apart
read -r RSS_MIN RSS_MAX < <(awk -v mix="$MIX_SECONDS" '$1 >= 60 && $1 <= mix {if (!n++ || $2 < lo) lo = $2; if ($2 > hi) hi = $2}
                                                       END {printf "%d %d\n", lo, hi}' "$SAMPLES")
RSS_SPREAD=$(awk -v lo="$RSS_MIN" -v hi="$RSS_MAX" 'BEGIN {if (lo > 0) printf "%.1f", (hi - lo) * 100 / lo}')
FILE_MAX=$(awk 'BEGIN {m = 0} $3 > m {m = $3} END {print m}' "$SAMPLES")
SOLO_RATIO=$(ratio "$ME_RPS" "$SOLO_RPS")

TABLE=$WORK/table.md
{
  echo "Run on $(date -u +%Y-%m-%d) from $(date -u -d @"$BEGAN" +%H:%M) to $(date -u +%H:%M) UTC" \
       "($(( ($(date +%s) - BEGAN + 30) / 60 )) min), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' with local changes'), with \`$COMMAND\`."
  echo "Machine: $(machine). Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Service: \`java ${JAVA_OPTS[*]} -jar bootstrap/target/latchkey.jar\` on the embedded H2, mail to a local"
  echo "SMTP server (a Python sink on the same cores), default settings but \`LATCHKEY_TRUSTED_PROXIES=127.0.0.1\`"
  if [ "$LIMITS" = on ]; then
    echo "and limits on: production limits with the global intake limit at \`1000000/PT1M\` (each request from"
    echo "a client address of its own, each intake with an email of its own)."
  else
    echo "and limits off (\`LATCHKEY_LIMITS_ENABLED=false\`), as the issue's soak was measured."
  fi
  echo "$KEYS verified keys seeded first (H2 file $SEEDED_MB MB). Then, after a $WARMUP warm-up of /me and of verify,"
  echo "/me alone for $SOLO on 32 connections, and the mix for $SOAK (${MIX_SECONDS} s): three wrk at once, one thread each."
  echo
  echo "| measure | result | target |"
  echo "|---|---|---|"
  echo "| GET /api/v1/integrations/me alone (32 connections) | $SOLO_RPS/s, p99 $SOLO_P99 ms, $SOLO_UNEXPECTED unexpected | |"
  echo "| GET /api/v1/integrations/me in the mix (32 connections) | $ME_RPS/s, p99 $ME_P99 ms ($ME_ANSWERS) | |"
  echo "| POST /api/v1/keys/verify in the mix (8 connections, 90 % valid) | $VERIFY_RPS/s, p99 $VERIFY_P99 ms ($VERIFY_ANSWERS) | |"
  echo "| POST /api/v1/key-requests in the mix (4 connections) | $INTAKE_RPS/s, p99 $INTAKE_P99 ms ($INTAKE_ANSWERS) | |"
  echo "| /me in the mix ÷ alone | $SOLO_RATIO | ≥ 0.5: $(met "$(awk -v r="$SOLO_RATIO" 'BEGIN {print (r >= 0.5)}')") |"
  echo "| errors: answers other than 200 (/me), 200 or 401 (verify), 202 (intake), and socket errors | $ERRORS (/me $ME_UNEXPECTED, verify $VERIFY_UNEXPECTED, intake $INTAKE_UNEXPECTED) | 0: $(met "$((ERRORS == 0))") |"
  echo "| delivery during the mix | $(awk -v s="$END_SENT" -v t="$MIX_SECONDS" 'BEGIN {printf "%.0f", s / t}') mails/s against $(awk -v a="$END_ACCEPTED" -v t="$MIX_SECONDS" 'BEGIN {printf "%.0f", a / t}') accepted/s; $END_FAILED failed attempts ($LAST_FAILED by the end) | |"
  echo "| RSS from the first minute of the mix to its end (every 5 s) | $RSS_MIN-$RSS_MAX MB, $RSS_SPREAD % apart; peak (VmHWM) $PEAK_RSS MB | flat within 10 %: $(met "$(awk -v s="$RSS_SPREAD" 'BEGIN {print (s != "" && s <= 10)}')") |"
  echo "| H2 file: largest sampled (during and after the mix) / at the stop / live (compacted) | $(mb "$FILE_MAX") / $(mb "$STOPPED_BYTES") / $(mb "$LIVE_BYTES") MB: $(ratio "$FILE_MAX" "$LIVE_BYTES") × live | ≤ 3 × live: $(met "$(awk -v f="$FILE_MAX" -v l="$LIVE_BYTES" 'BEGIN {print (f <= 3 * l)}')") |"
  echo "| delivery backlog at the end of the mix | $((END_ACCEPTED - END_SENT)) requests; $([ -n "$drained" ] && echo "0 after $drained s" || echo "not 0 after 300 s") | 0 within 60 s: $(met "$([ -n "$drained" ] && [ "$drained" -le 60 ] && echo 1)") |"
  echo
  echo "Minute by minute from the start of the mix (the last sample of each minute; after the mix, the"
  echo "backlog followed until it was 0):"
  echo
  echo "| minute | RSS MB | H2 file MB | backlog | accepted/s | mails/s |"
  echo "|---|---|---|---|---|---|"
  awk -v mix="$MIX_SECONDS" '
       function row(s) { printf "| %d%s | %d | %.1f | %d | %.0f | %.0f |\n", s[1] / 60, (s[1] > mix ? " (after the mix)" : ""),
                                s[2], s[3] / 1048576, s[4] - s[5], (s[4] - p[4]) / (s[1] - p[1]), (s[5] - p[5]) / (s[1] - p[1]) }
       NR == 1 { split($0, p) } $1 >= 60 * (m + 1) { split($0, s); m = int($1 / 60); row(s); split($0, p) }' "$SAMPLES"
} >"$TABLE"
echo
cat "$TABLE"
echo
write_section "$DOC" soak "$TABLE"
