#!/bin/sh
# Logs the sample legacy app's users in through Trickle, as its real users would: a random one of
# the demo's 50 users each time (names and passwords are the demo's deterministic ones), one
# login in ten with a wrong password. Runs until stopped, or ROUNDS logins when ROUNDS is set.
set -u
url="${TRICKLE_URL:-http://127.0.0.1:8080}"
pause="${PAUSE_SECONDS:-2}"
rounds="${ROUNDS:-0}"
users=50
set -- ada grace alan edsger barbara donald frances ken radia niklaus
firsts="$*"
lasts="lovelace hopper turing dijkstra liskov knuth allen thompson perlman wirth"

nth() { # nth INDEX WORDS...: the INDEX-th (from 0) of WORDS
    i=$1; shift; shift "$i"; echo "$1"
}

n=0
while [ "$rounds" -eq 0 ] || [ "$n" -lt "$rounds" ]; do
    n=$((n + 1))
    i=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % users ))
    # shellcheck disable=SC2086
    first=$(nth $((i % 10)) $firsts)
    # shellcheck disable=SC2086
    last=$(nth $((i / 10 % 10)) $lasts)
    password=$(printf 'demo-pass-%x' $((0x5eed + i * 7919)))
    if [ $(( $(od -An -N1 -tu1 /dev/urandom | tr -d ' ') % 10 )) -eq 0 ]; then
        password="${password}x"
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"email\":\"$first.$last@example.com\",\"password\":\"$password\"}" "$url/api/login")
    echo "login $first.$last@example.com: $status"
    sleep "$pause"
done
