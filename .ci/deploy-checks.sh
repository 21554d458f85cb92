#!/usr/bin/env bash
# Checks the deploy/ kit with the tools that own its formats: promtool for the alert rules and
# their unit tests, systemd-analyze for the unit, kubectl's kustomize (where the machine has
# kubectl) for the Kubernetes variants. Installs promtool from Debian's prometheus package when
# missing, without ever starting the Prometheus service. The JUnit tests in
# dev.trickle.server.deploy check the rest (names, ports, paths, configs against the code).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null; then
    # policy-rc.d answering 101 tells the package scripts not to start the service they install.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    # Where a service manager started it anyway, stop that process (by its PID) and its autostart.
    for pid in $(pgrep -x prometheus || true); do kill "$pid"; done
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        systemctl disable --now prometheus >/dev/null 2>&1 || true
    fi
fi

echo "== promtool: alert rules"
promtool check rules deploy/prometheus/trickle-alerts.yml
(cd deploy/prometheus && promtool test rules trickle-alerts.test.yml)
# The compose stack's Prometheus configuration, laid out as the container sees it.
prom_dir=$(mktemp -d)
trap 'rm -rf "$prom_dir"' EXIT
cp deploy/compose/prometheus.yml deploy/prometheus/trickle-alerts.yml "$prom_dir/"
promtool check config "$prom_dir/prometheus.yml"

echo "== promtool: the dashboard's queries"
# Each panel query becomes a recording rule (JSON is YAML), so promtool parses every one; the
# Grafana variables get the values Grafana would substitute.
python3 - deploy/grafana/trickle-dashboard.json "$prom_dir/dashboard-queries.yml" <<'PY'
import json, sys
dashboard = json.load(open(sys.argv[1]))
exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
rules = [{"record": "dashboard:query_%d" % i,
          "expr": e.replace("$__rate_interval", "5m").replace("$job", ".*")}
         for i, e in enumerate(exprs)]
json.dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(sys.argv[2], "w"))
PY
promtool check rules "$prom_dir/dashboard-queries.yml"

echo "== systemd-analyze: deploy/systemd/trickle.service"
command -v systemd-analyze >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null
}
# verify reports unknown keys as warnings with exit 0: any output is a failure here.
verify_output=$(systemd-analyze verify deploy/systemd/trickle.service 2>&1) || {
    echo "$verify_output"; exit 1; }
if [ -n "$verify_output" ]; then echo "$verify_output"; exit 1; fi
systemd-analyze security --offline=true --threshold=20 deploy/systemd/trickle.service | tail -1

if command -v kubectl >/dev/null; then
    echo "== kubectl kustomize: deploy/kubernetes"
    for variant in deploy/kubernetes/single-sqlite deploy/kubernetes/multi-postgres deploy/kubernetes/monitoring; do
        kubectl kustomize "$variant" >/dev/null
        echo "$variant: ok"
    done
else
    echo "== kubectl not installed: Kubernetes variants checked by the JUnit tests only"
fi
