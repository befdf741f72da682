#!/usr/bin/env bash
# Checks ops/ (run from the repository root: bash ops/check.sh):
#  1. the alert rules load (promtool check rules);
#  2. their unit tests pass (promtool test rules);
#  3. the Grafana dashboard is JSON, and each of its queries parses as PromQL;
#  4. every latchkey_ metric named in the rules or the dashboard is one the service exports: listed
#     in docs/operations.md ("Metrics") and registered in the Java sources (src/main).
# promtool comes from Debian's prometheus package; without it this check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

RULES=ops/prometheus/latchkey-alerts.yml
TESTS=ops/prometheus/latchkey-alerts.test.yml
DASHBOARD=ops/grafana/latchkey-dashboard.json

fail() {
  echo "ops/check.sh: FAILED: $*" >&2
  exit 1
}

command -v promtool >/dev/null 2>&1 \
  || fail "promtool not found; install it: apt-get install prometheus (Debian), or put promtool on PATH"
command -v python3 >/dev/null 2>&1 || fail "python3 not found"

promtool check rules "$RULES" || fail "promtool check rules $RULES"
promtool test rules "$TESTS" || fail "promtool test rules $TESTS"

python3 -m json.tool "$DASHBOARD" >/dev/null || fail "$DASHBOARD is not valid JSON"

# Each dashboard query as a recording rule, Grafana's variables replaced, so promtool parses it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$DASHBOARD" >"$work/dashboard-queries.yml" <<'PY'
import json, sys
board = json.load(open(sys.argv[1]))
def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))
exprs = [t["expr"] for p in panels(board["panels"]) for t in p.get("targets", [])]
if not exprs:
    sys.exit("no queries in the dashboard")
print("groups:\n  - name: dashboard\n    rules:")
for i, e in enumerate(exprs):
    for var, value in (("$__rate_interval", "5m"), ("$__range", "1h"), ("$job", ".*"), ("$instance", ".*")):
        e = e.replace(var, value)
    print(f"      - record: dashboard_query_{i}\n        expr: {json.dumps(e)}")
PY
promtool check rules "$work/dashboard-queries.yml" >/dev/null \
  || fail "a query in $DASHBOARD is not valid PromQL (promtool's error above)"

# The metric list of docs/operations.md: the names in the table under "## Metrics".
documented=$(sed -n '/^## Metrics/,/^## /p' docs/operations.md | grep -oE 'latchkey_[a-z_]+' | sort -u)
[ -n "$documented" ] || fail "no latchkey_ metrics found under '## Metrics' in docs/operations.md"

used=$(grep -ohE 'latchkey_[a-z_]+' "$RULES" "$DASHBOARD" | sort -u)
[ -n "$used" ] || fail "no latchkey_ metrics found in $RULES or $DASHBOARD"

missing=0
# Micronaut's HTTP timer is not ours: it must at least be the one docs/operations.md names.
if grep -qE 'http_server_requests_seconds' "$RULES" "$DASHBOARD" \
    && ! sed -n '/^## Metrics/,/^## /p' docs/operations.md | grep -qF 'http_server_requests_seconds'; then
  echo "ops/check.sh: http_server_requests_seconds is used in ops/ but not named in docs/operations.md (## Metrics)" >&2
  missing=1
fi
for name in $used; do
  # A timer is documented as latchkey_x_seconds and read as _count, _sum and _max.
  base=$(sed -E 's/_seconds_(count|sum|max)$/_seconds/' <<<"$name")
  if ! grep -qxF "$base" <<<"$documented"; then
    echo "ops/check.sh: $name is used in ops/ but not listed in docs/operations.md (## Metrics)" >&2
    missing=1
  fi
  # Micrometer's name: dots for underscores, without the suffixes Prometheus adds.
  meter=$(sed -E 's/_total$//; s/_seconds(_count|_sum|_max)?$//; s/_/./g' <<<"$name")
  if ! grep -rqF --include='*.java' "\"$meter\"" -- */src/main/java; then
    echo "ops/check.sh: $name is used in ops/ but no meter \"$meter\" is registered in */src/main/java" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || fail "ops/ names metrics the service does not export (lines above)"

echo "ops/check.sh: OK: rules load, rule tests pass, dashboard parses, $(wc -w <<<"$used") latchkey_ metrics all exported"
