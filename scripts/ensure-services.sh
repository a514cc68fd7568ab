#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis used by the multi-node tests when they are installed but stopped, and
# installs Debian's Chromium for the web console's browser tests when it is missing (CI fails those tests without
# it; elsewhere they skip). Quiet when all is there; never fails the caller.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  started=$(date +%s)
  echo "installing chromium (apt-get) for the console's browser tests"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    echo "chromium installed in $(( $(date +%s) - started )) s: $(/usr/bin/chromium --version 2>/dev/null)"
  else
    echo "chromium could not be installed: the browser tests will fail in CI" >&2
  fi
fi
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
fi
exit 0
