#!/usr/bin/env bash
# Side-by-side pass-through benchmark on loopback: the same origin reached directly, through
# nginx as a reverse proxy, and through Trickle, driven by wrk in interleaved rounds so that
# machine noise hits all three alike. Prints requests/s, p50/p99 latency and CPU per request,
# then the Trickle/nginx ratios. Bounded: ROUNDS x (3 targets x 2 workloads) x DURATION.
#
#   bench/passthrough.sh                 # defaults: 3 rounds of 10 s, 64 connections
#   ROUNDS=5 DURATION=20s bench/passthrough.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
ORIGIN=18101 NGINX=18102 TRICKLE=18103 ADMIN=18104

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
[ -f proxy-server/target/trickle.jar ] || mvn -B -q -DskipTests package

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/www" "$work/logs"
chmod 755 "$work" "$work/www"  # nginx workers run unprivileged
printf 'hello, world\n' > "$work/www/small"
head -c 1048576 /dev/zero > "$work/www/1m"

cat > "$work/origin.conf" <<CONF
worker_processes 1; daemon off; pid $work/origin.pid; error_log $work/logs/origin.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path $work/tmp;
  server { listen 127.0.0.1:$ORIGIN; root $work/www; } }
CONF
cat > "$work/nginx.conf" <<CONF
worker_processes 2; daemon off; pid $work/nginx.pid; error_log $work/logs/nginx.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path $work/tmp;
  proxy_temp_path $work/ptmp;
  upstream origin { server 127.0.0.1:$ORIGIN; keepalive 256; }
  server { listen 127.0.0.1:$NGINX;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } } }
CONF
cat > "$work/trickle.yml" <<CONF
listen: 127.0.0.1:$TRICKLE
upstream:
  url: http://127.0.0.1:$ORIGIN
admin:
  listen: 127.0.0.1:$ADMIN
ioThreads: 2
CONF

nginx -c "$work/origin.conf" & pids+=($!)
nginx -c "$work/nginx.conf" & nginx_pid=$!; pids+=($nginx_pid)
java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -jar proxy-server/target/trickle.jar serve --config "$work/trickle.yml" \
    2>"$work/logs/trickle.log" & trickle_pid=$!; pids+=($trickle_pid)

for port in $ORIGIN $NGINX $TRICKLE; do
    for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.1; done
done
for port in $ORIGIN $NGINX $TRICKLE; do
    size=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/1m")
    [ "$size" = 1048576 ] || { echo "port $port served $size bytes for /1m, not 1048576" >&2; exit 1; }
done
# JIT warm-up for Trickle, so round 1 is not a measurement of the interpreter.
wrk -t"$THREADS" -c"$CONNS" -d5s "http://127.0.0.1:$TRICKLE/small" >/dev/null

# CPU seconds used so far by a process and its children's threads (utime + stime).
cpu_of() {
    local total=0 pid
    for pid in "$@"; do
        read -r -a f < "/proc/$pid/stat"
        total=$((total + f[13] + f[14]))
    done
    echo "$total"
}
nginx_workers() { pgrep -P "$nginx_pid" | tr '\n' ' '; }
to_us() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } else print v }'; }
ticks=$(getconf CLK_TCK)

results="$work/results.tsv"
run() { # name port path label [taskset args...]
    local name=$1 port=$2 path=$3 label=$4; shift 4
    local cpu_pids=""
    case $name in nginx) cpu_pids=$(nginx_workers) ;; trickle) cpu_pids=$trickle_pid ;; esac
    local before=0; [ -n "$cpu_pids" ] && before=$(cpu_of $cpu_pids)
    local out; out=$("$@" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$port$path")
    local after=0; [ -n "$cpu_pids" ] && after=$(cpu_of $cpu_pids)
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "$label $name: $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ')" >&2
    fi
    local rps p50 p99 reqs
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    p50=$(to_us "$(awk '$1=="50%" {print $2}' <<<"$out")")
    p99=$(to_us "$(awk '$1=="99%" {print $2}' <<<"$out")")
    local cpu_us="-"
    [ -n "$cpu_pids" ] && cpu_us=$(awk -v d=$((after - before)) -v t="$ticks" -v n="$reqs" 'BEGIN { printf "%.1f", d / t * 1e6 / n }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$name" "$rps" "$p50" "$p99" "$cpu_us" >> "$results"
}

for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS" >&2
    for target in direct:$ORIGIN nginx:$NGINX trickle:$TRICKLE; do
        run "${target%%:*}" "${target##*:}" /small "small, $CONNS conns"
    done
    for target in trickle:$TRICKLE nginx:$NGINX direct:$ORIGIN; do
        run "${target%%:*}" "${target##*:}" /1m "1 MiB, $CONNS conns"
    done
done

# Single-connection latency with the client on core 0 and the proxies and origin on core 1:
# unpinned, one connection on two shared cores gives a bimodal latency.
taskset -pc 1 "$trickle_pid" >/dev/null
for p in $(nginx_workers) $(pgrep -f "nginx -c $work/origin.conf") $nginx_pid; do taskset -pc 1 "$p" >/dev/null 2>&1 || true; done
for p in $(ps -L -o lwp= -p "$trickle_pid"); do taskset -pc 1 "$p" >/dev/null 2>&1 || true; done
for round in $(seq 1 "$ROUNDS"); do
    for target in direct:$ORIGIN nginx:$NGINX trickle:$TRICKLE; do
        CONNS=1 THREADS=1 run "${target%%:*}" "${target##*:}" /small "small, 1 conn, pinned" taskset -c 0
    done
done

# Median over rounds per workload and target, then the ratios.
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, name, rps, p50, p99, cpu = line.rstrip("\n").split("\t")
    rows[(label, name)].append((float(rps), float(p50), float(p99), None if cpu == "-" else float(cpu)))
def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
labels = list(dict.fromkeys(label for label, _ in rows))
print(f"{'workload':26} {'target':8} {'req/s':>10} {'p50 us':>9} {'p99 us':>9} {'CPU us/req':>11}")
for label in labels:
    summary = {}
    for name in ("direct", "nginx", "trickle"):
        data = rows.get((label, name))
        if not data:
            continue
        summary[name] = [med([d[i] for d in data]) for i in range(4)]
        rps, p50, p99, cpu = summary[name]
        cpu_s = f"{cpu:.1f}" if cpu is not None else "-"
        print(f"{label:26} {name:8} {rps:10.0f} {p50:9.0f} {p99:9.0f} {cpu_s:>11}")
    t, n, d = summary["trickle"], summary["nginx"], summary["direct"]
    cpu_ratio = f"{t[3] / n[3]:.2f}x" if t[3] and n[3] else "-"
    print(f"{'':26} trickle/nginx: throughput {t[0] / n[0]:.2f}x, CPU/req {cpu_ratio}, "
          f"p50 {t[1] - n[1]:+.0f} us, p99 {t[2] - n[2]:+.0f} us; nginx/direct {n[0] / d[0]:.2f}x, "
          f"trickle/direct {t[0] / d[0]:.2f}x")
PY
