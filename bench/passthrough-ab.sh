#!/usr/bin/env bash
# Two Trickle JVMs side by side, differing only in JVM flags (A_OPTS, B_OPTS) or jar (A_JAR,
# B_JAR), in front of one nginx origin; interleaved wrk rounds (A B B A, 3 times, 8 s each, 64
# connections) so machine noise hits both alike. Prints median requests/s and CPU per request
# (utime+stime of the JVM over the round) for each, and B/A.
#
#   A_OPTS= B_OPTS=-XX:+UseParallelGC bench/passthrough-ab.sh
set -euo pipefail
cd "$(dirname "$0")/.."
A_OPTS=${A_OPTS:-} B_OPTS=${B_OPTS:-}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx: run bench/passthrough.sh once, which installs them" >&2; exit 1; }
[ -f proxy-server/target/trickle.jar ] || mvn -B -q -DskipTests package
ORIGIN=18201 A=18202 B=18203
ticks=$(getconf CLK_TCK)
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/www" "$work/logs"; chmod 755 "$work" "$work/www"; printf 'hello, world\n' > "$work/www/small"
cat > "$work/origin.conf" <<CONF
worker_processes 1; daemon off; pid $work/origin.pid; error_log $work/logs/origin.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path $work/tmp;
  server { listen 127.0.0.1:$ORIGIN; root $work/www; } }
CONF
nginx -c "$work/origin.conf" & pids+=($!)
for x in A B; do
  port=${!x}
  cat > "$work/$x.yml" <<CONF
listen: 127.0.0.1:$port
upstream:
  url: http://127.0.0.1:$ORIGIN
admin:
  listen: 127.0.0.1:$((port + 10))
ioThreads: 2
CONF
done
java -Xms512m -Xmx512m -XX:+AlwaysPreTouch $A_OPTS -jar ${A_JAR:-proxy-server/target/trickle.jar} serve --config "$work/A.yml" 2>"$work/logs/A.log" & a_pid=$!; pids+=($a_pid)
java -Xms512m -Xmx512m -XX:+AlwaysPreTouch $B_OPTS -jar ${B_JAR:-proxy-server/target/trickle.jar} serve --config "$work/B.yml" 2>"$work/logs/B.log" & b_pid=$!; pids+=($b_pid)
for port in $A $B; do for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.1; done; done
wrk -t2 -c64 -d5s "http://127.0.0.1:$A/small" >/dev/null; wrk -t2 -c64 -d5s "http://127.0.0.1:$B/small" >/dev/null
cpu() { read -r -a f < "/proc/$1/stat"; echo $((f[13] + f[14])); }
for r in 1 2 3; do
  for x in A B B A; do
    port=${!x}; pid=$a_pid; [ $x = B ] && pid=$b_pid
    c0=$(cpu $pid); out=$(wrk -t2 -c64 -d8s "http://127.0.0.1:$port/small"); c1=$(cpu $pid)
    reqs=$(awk '/requests in/ {print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    echo "$x $rps $(awk -v d=$((c1-c0)) -v t="$ticks" -v n="$reqs" 'BEGIN{printf "%.1f", d/t*1e6/n}')"
  done
done | tee "$work/res" | python3 -c "
import sys,statistics,collections
d=collections.defaultdict(list)
for l in sys.stdin:
    x,r,c=l.split(); d[x].append((float(r),float(c)))
for x in 'AB':
    print(x, 'rps median', statistics.median(r for r,_ in d[x]), 'cpu us/req median', statistics.median(c for _,c in d[x]))
print('B/A rps', statistics.median(r for r,_ in d['B'])/statistics.median(r for r,_ in d['A']))
"
