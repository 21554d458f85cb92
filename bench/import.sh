#!/usr/bin/env bash
# trickle import against the Clerk emulator at Clerk's production limit (1000 requests / 10 s):
# USERS new users from a JSON Lines file (bcrypt digests), imported by a child JVM with a small
# heap. Prints wall time, the rate-limit floor from the requests actually sent and from the users
# alone (users / 100 per second), and the peak heap used (largest heap-before-GC in the GC log).
#
#   bench/import.sh                 # 10,000 users: about 100 s
#   USERS=100000 bench/import.sh    # the full run: about 17 minutes
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-10000}
HEAP=${HEAP:-256m}
PORT=${PORT:-18311}
# Production prefix: Trickle's Clerk client then paces itself at production's 100 requests/s.
KEY=sk_live_importBench

[ -f proxy-server/target/trickle-demo.jar ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# Copies, so a rebuild during a long run cannot change the jars under the running JVMs. The
# emulator is only in trickle-demo.jar; the import runs from the production jar.
cp proxy-server/target/trickle.jar "$work/trickle.jar"
cp proxy-server/target/trickle-demo.jar "$work/trickle-demo.jar"
jar=$work/trickle.jar

python3 - "$work/users.jsonl" "$USERS" <<'PY'
import json, sys
digest = "$2b$10$U4C0ZY8OG8y41F9LusfKyu3HRMBL0rCZcKBVsXhgr.n8Ou6FPhzO2"
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"id": f"bench-{i}", "email": f"bench-{i}@example.com",
                            "first_name": "Bench", "last_name": str(i),
                            "created_at": "2020-01-02T03:04:05Z", "password_digest": digest}) + "\n")
PY

java -Xmx2g -jar "$work/trickle-demo.jar" clerk-emulator --listen "127.0.0.1:$PORT" --secret-key "$KEY" \
    --instance production --max-users $((USERS + 10)) >"$work/emulator.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do grep -q "Clerk emulator" "$work/emulator.log" && break; sleep 0.2; done

cat > "$work/trickle.yml" <<CONF
upstream:
  url: http://127.0.0.1:1
clerk:
  apiUrl: http://127.0.0.1:$PORT/v1
  secretKey: $KEY
ledger:
  url: jdbc:sqlite:$work/ledger.db
CONF

start=$(date +%s.%N)
java -Xmx"$HEAP" -Xlog:gc:file="$work/gc.log" -jar "$jar" import --config "$work/trickle.yml" \
    --source "$work/users.jsonl" --report "$work/report.json" --errors "$work/errors.jsonl" \
    --progress plain
end=$(date +%s.%N)

python3 - "$work/report.json" "$work/gc.log" "$start" "$end" "$USERS" "$HEAP" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
peak = 0.0
for line in open(sys.argv[2]):
    m = re.search(r"(\d+)M->(\d+)M\(\d+M\)", line)
    if m:
        peak = max(peak, float(m.group(1)))
wall = float(sys.argv[4]) - float(sys.argv[3])
users = int(sys.argv[5])
requests = sum(v for k, v in report["clerk_requests"].items() if k != "rate_limited")
floor_calls = requests / 100.0
floor_users = users / 100.0
print(f"users {users}, created {report['created']}, requests {report['clerk_requests']}")
print(f"wall {wall:.1f} s (import {report['elapsed_seconds']:.1f} s)")
print(f"floor from requests sent {floor_calls:.1f} s -> wall is {100 * (wall / floor_calls - 1):+.1f}%")
print(f"floor users/100 per s    {floor_users:.1f} s -> wall is {100 * (wall / floor_users - 1):+.1f}%")
print(f"peak heap used {peak:.0f} MiB (-Xmx{sys.argv[6]})")
PY
