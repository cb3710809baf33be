#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL and Redis servers (and Chromium installed), then stops
# them whatever the command's outcome, and exits with the command's status.
# Usage: scripts/with-services.sh pytest [args...]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the suite needs (and the app's PDFs), installed when missing.
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# pango, for WeasyPrint's PDFs of the career record (the app says so where it is missing)
compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
# GNU gettext, for the test that extracts the marked strings as `make messages` does
command -v xgettext >/dev/null || missing+=(gettext)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port=$(free_port)
redis_port=$(free_port)

run_dir=$(mktemp -d /tmp/careerbuilder-services.XXXXXX)
chmod 755 "$run_dir"
pg_dir="$run_dir/pg"
mkdir -p "$pg_dir"

# PostgreSQL refuses to run as root: as root it runs as the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$pg_dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

stop_services() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$run_dir"
}
trap stop_services EXIT

echo "Starting PostgreSQL on port $pg_port and Redis on port $redis_port…"
as_pg "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --daemonize yes --dir "$run_dir" --logfile "$run_dir/redis.log" --pidfile "$run_dir/redis.pid"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/careerbuilder"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export CAREERBUILDER_REQUIRE_SERVICES=1
export PG_BIN="$pg_bin" PG_DATA="$pg_dir" REDIS_PORT="$redis_port"

status=0
"$@" || status=$?
exit $status
