#!/usr/bin/env bash
# Login-path latency on loopback: the same login request straight to a legacy app, through
# Trickle's pass-through, and through a Trickle login route (upstream strategy for a JSON login,
# database strategy for a form login), for a user already migrated; then first-time migrations
# against the Clerk emulator's own round trip. One client connection per server, one request at a
# time, pinned to core 0; the app, the emulator and Trickle on core 1. See LoginPathBench.
#
#   bench/login-path.sh                          # 5 rounds, blocks of 2000 requests or 3 s
#   ROUNDS=10 FIRST_TIME=200 bench/login-path.sh
#   FIRST_TIME_WARMUP=0 bench/login-path.sh      # first logins on a cold Clerk client
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
REQUESTS=${REQUESTS:-2000}
BLOCK_SECONDS=${BLOCK_SECONDS:-3}
FIRST_TIME=${FIRST_TIME:-100}
FIRST_TIME_WARMUP=${FIRST_TIME_WARMUP:-1000}
USERS=${USERS:-20}
TRICKLE=18111 ADMIN=18112
# Production prefix: Trickle's Clerk client then paces itself at production's 100 requests/s.
KEY=sk_live_loginPathBench

[ -f proxy-server/target/trickle.jar ] && [ -f bench/target/benchmarks.jar ] || mvn -B -q -DskipTests package

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

taskset -c 1 java -Xmx512m -cp bench/target/benchmarks.jar dev.trickle.server.proxy.login.LoginBenchFixture \
    "$work" "$USERS" 2>"$work/fixture.log" & pids+=($!)
for _ in $(seq 1 600); do [ -f "$work/fixture.env" ] && break; sleep 0.1; done
[ -f "$work/fixture.env" ] || { cat "$work/fixture.log" >&2; echo "fixture did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/fixture.env"

cat > "$work/trickle.yml" <<CONF
listen: 127.0.0.1:$TRICKLE
upstream:
  url: http://127.0.0.1:$APP_PORT
admin:
  listen: 127.0.0.1:$ADMIN
ioThreads: 2
clerk:
  apiUrl: $CLERK_URL
  secretKey: \${CLERK_SECRET_KEY}
ledger:
  url: jdbc:sqlite:$work/ledger.db
legacyDatabase:
  url: jdbc:sqlite:$work/legacy.db
  query: SELECT id, email, username, password AS password_digest FROM users WHERE username = :identifier
routes:
  - name: json-login
    path: /api/login
    credentials: {json: {identifier: /email, password: /password}}
    verify: upstream
    success: {status: [200], jsonPointer: /user/id}
    identity:
      json: {id: /user/id, email: /user/email, username: /user/username}
  - name: form-login
    path: /login
    credentials: {form: {identifier: username, password: password}}
    verify: database
    success: {status: [302], setsCookie: sessionid}
CONF
CLERK_SECRET_KEY=$KEY taskset -c 1 java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -jar proxy-server/target/trickle.jar \
    serve --config "$work/trickle.yml" 2>"$work/trickle.log" & pids+=($!)
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$ADMIN/health/ready" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$ADMIN/health/ready" || { cat "$work/trickle.log" >&2; exit 1; }

echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty'), $(java -version 2>&1 | head -1)," \
     "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 0 java -Xmx256m -cp bench/target/benchmarks.jar dev.trickle.server.proxy.login.LoginPathBench \
    "http://127.0.0.1:$APP_PORT" "http://127.0.0.1:$TRICKLE" "http://127.0.0.1:$ADMIN" "$CLERK_URL" "$KEY" \
    "$ROUNDS" "$REQUESTS" "$BLOCK_SECONDS" "$FIRST_TIME" "$USERS" "$FIRST_TIME_WARMUP"
