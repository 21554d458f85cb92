#!/usr/bin/env bash
# Starts PostgreSQL and MariaDB on 127.0.0.1 if they are not answering, installing them
# (and Django for the recipe tests, Chromium for the dashboard's browser test) from Debian's
# packages when a machine lacks them. Idempotent: safe to run when all are up.
set -euo pipefail

need_apt_update=1
apt_install() {
    if [ "$need_apt_update" = 1 ]; then apt-get update -qq; need_apt_update=0; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
    for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
    echo "service on port $1 did not start" >&2
    return 1
}

if ! port_open 5432; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    wait_port 5432
fi

if ! port_open 3306; then
    command -v mariadbd >/dev/null || apt_install mariadb-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    wait_port 3306
fi

# The stack-recipe tests run a real Django site on gunicorn with Debian's own Python (not a
# pyenv or virtualenv one that may sit earlier on PATH).
if ! /usr/bin/python3 -c 'import django, psycopg2, argon2, bcrypt, gunicorn' 2>/dev/null; then
    apt_install python3-django python3-psycopg2 python3-argon2 python3-bcrypt python3-gunicorn
fi
# The WordPress recipe test serves Debian's WordPress with PHP's own server against MariaDB.
if [ ! -f /usr/share/wordpress/wp-login.php ] || ! /usr/bin/php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' 2>/dev/null; then
    apt_install php-cli php-mysql wordpress
fi
# The Laravel recipe test runs a Laravel 8 application on Debian's framework with PHP's server.
if ! /usr/bin/php -r "require 'Illuminate/autoload.php'; exit(class_exists('Illuminate\\Foundation\\Application') && extension_loaded('pdo_mysql') ? 0 : 1);" 2>/dev/null; then
    apt_install php-cli php-mysql php-laravel-framework
fi
# The Devise recipe test runs a Rails application with Debian's Devise on WEBrick.
if ! /usr/bin/ruby -e "require 'rails'; require 'action_mailer/railtie'; require 'active_record/railtie'; require 'devise'; require 'pg'; require 'webrick'; require 'rack'" 2>/dev/null; then
    apt_install ruby ruby-devise ruby-railties ruby-activerecord ruby-actionmailer ruby-pg ruby-webrick
fi
# The dashboard's browser test drives Debian's Chromium through Playwright, whose own browser
# download cannot reach its host from here.
[ -x /usr/bin/chromium ] || apt_install chromium
echo "services: postgresql :5432, mariadb :3306 up; Django $(/usr/bin/python3 -c 'import django; print(django.get_version())'); $(chromium --version 2>/dev/null)"
