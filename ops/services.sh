#!/usr/bin/env bash
# ops/services.sh up|down|status
#
# Makes sure the local services cligs needs run on loopback:
#   Redis   127.0.0.1:${CLIG_SVC_REDIS_PORT:-6379}
#   MariaDB 127.0.0.1:${CLIG_SVC_MYSQL_PORT:-3306}, user root, empty password, over TCP
# and that python3 exists (the tests run a Python dump generator).
#
#   up      start whatever does not answer (installing the Debian package if the binary is
#           missing); idempotent: a service that already answers is left alone.
#   status  print the state of both; exit 1 if one is down.
#   down    stop only what this script started (pid files under the run dir); never touches
#           a service it did not start.
#
# Environment (all optional):
#   CLIG_RUN_DIR             pid files and logs           (default /tmp/cligs-run)
#   CLIG_SVC_REDIS_PORT      Redis port                   (default 6379)
#   CLIG_SVC_MYSQL_PORT      MariaDB port                 (default 3306)
#   CLIG_SVC_MYSQL_DATADIR   MariaDB data directory       (default /var/lib/mysql; any other
#                            value starts a private instance with --no-defaults)
#   CLIG_SVC_MYSQL_SOCKET    MariaDB unix socket          (default /run/mysqld/mysqld.sock for
#                            the system datadir, <datadir>/mariadb.sock otherwise)
#   CLIG_SVC_WAIT_SECONDS    how long to wait for MariaDB (default 60)
set -euo pipefail

RUN_DIR="${CLIG_RUN_DIR:-/tmp/cligs-run}"
REDIS_PORT="${CLIG_SVC_REDIS_PORT:-6379}"
MYSQL_PORT="${CLIG_SVC_MYSQL_PORT:-3306}"
SYSTEM_DATADIR=/var/lib/mysql
MYSQL_DATADIR="${CLIG_SVC_MYSQL_DATADIR:-$SYSTEM_DATADIR}"
MYSQL_DATADIR="${MYSQL_DATADIR%/}"
if [[ "$MYSQL_DATADIR" == "$SYSTEM_DATADIR" ]]; then
  MYSQL_SOCKET="${CLIG_SVC_MYSQL_SOCKET:-/run/mysqld/mysqld.sock}"
else
  MYSQL_SOCKET="${CLIG_SVC_MYSQL_SOCKET:-$MYSQL_DATADIR/mariadb.sock}"
fi
WAIT_SECONDS="${CLIG_SVC_WAIT_SECONDS:-60}"

REDIS_PID="$RUN_DIR/redis-$REDIS_PORT.pid"
REDIS_LOG="$RUN_DIR/redis-$REDIS_PORT.log"
MYSQL_PID="$RUN_DIR/mariadb-$MYSQL_PORT.pid"
MYSQL_LOG="$RUN_DIR/mariadb-$MYSQL_PORT.log"

log() { printf 'services: %s\n' "$*"; }
die() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
  if [[ $APT_UPDATED == 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# pid_is PIDFILE NAME: true when PIDFILE names a live process whose command is NAME
# (guards against a stale pid file whose pid was reused by something else).
pid_is() {
  local pidfile=$1 name=$2 pid comm
  [[ -s "$pidfile" ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n "$pid" ]] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ "$comm" == "$name"* ]]
}

pid_of() { tr -dc '0-9' <"$1"; }

# ---------------------------------------------------------------- Redis

redis_ok() {
  timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

redis_up() {
  if command -v redis-cli >/dev/null 2>&1 && redis_ok; then
    log "redis 127.0.0.1:$REDIS_PORT: already up"
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    apt_install redis-server redis-tools
    # On some machines the package's own init script starts it.
    if [[ "$REDIS_PORT" == 6379 ]] && redis_ok; then
      log "redis 127.0.0.1:$REDIS_PORT: up (started by the package install)"
      return 0
    fi
  fi
  mkdir -p "$RUN_DIR"
  log "redis 127.0.0.1:$REDIS_PORT: starting (log $REDIS_LOG)"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --dir "$RUN_DIR" \
    --pidfile "$REDIS_PID" --logfile "$REDIS_LOG"
  local i
  for ((i = 0; i < 100; i++)); do
    if redis_ok; then
      log "redis 127.0.0.1:$REDIS_PORT: up (pid $(pid_of "$REDIS_PID" 2>/dev/null || echo '?'))"
      return 0
    fi
    sleep 0.1
  done
  tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
  die "redis 127.0.0.1:$REDIS_PORT did not answer PING within 10 s"
}

redis_status() {
  if command -v redis-cli >/dev/null 2>&1 && redis_ok; then
    if pid_is "$REDIS_PID" redis-server; then
      log "redis 127.0.0.1:$REDIS_PORT: up (started by services.sh, pid $(pid_of "$REDIS_PID"))"
    else
      log "redis 127.0.0.1:$REDIS_PORT: up (not started by services.sh)"
    fi
    return 0
  fi
  log "redis 127.0.0.1:$REDIS_PORT: DOWN"
  return 1
}

redis_down() {
  if ! pid_is "$REDIS_PID" redis-server; then
    rm -f "$REDIS_PID"
    log "redis 127.0.0.1:$REDIS_PORT: not started by services.sh, left alone"
    return 0
  fi
  local pid i
  pid=$(pid_of "$REDIS_PID")
  log "redis 127.0.0.1:$REDIS_PORT: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && die "redis pid $pid still alive after 10 s"
  rm -f "$REDIS_PID"
  log "redis 127.0.0.1:$REDIS_PORT: stopped"
}

# ---------------------------------------------------------------- MariaDB

mysql_tcp() {
  mariadb --protocol=TCP -h127.0.0.1 -P"$MYSQL_PORT" -uroot --connect-timeout=3 "$@"
}

mysql_ok() {
  mysql_tcp -N -e 'select 1' >/dev/null 2>&1
}

# true when something listens on the port, even if it refuses our login
# (mariadb-admin ping fails on "Host not allowed", so test the TCP port itself)
mysql_alive() {
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$MYSQL_PORT" 2>/dev/null
}

# Root over TCP with an empty password. A fresh Debian install lets root in only through the
# unix socket (unix_socket auth); we are root here, so fix it through the socket.
mysql_fix_root() {
  [[ -S "$MYSQL_SOCKET" ]] || return 1
  log "mariadb 127.0.0.1:$MYSQL_PORT: root cannot log in over TCP, granting it via $MYSQL_SOCKET"
  mariadb --force --protocol=SOCKET -S "$MYSQL_SOCKET" -uroot <<'SQL' || return 1
ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY '';
ALTER USER root@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS root@'::1' IDENTIFIED BY '';
ALTER USER root@'::1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO root@'::1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
}

mysql_up() {
  if command -v mariadb >/dev/null 2>&1 && mysql_ok; then
    log "mariadb 127.0.0.1:$MYSQL_PORT: already up"
    return 0
  fi
  if ! command -v mariadbd >/dev/null 2>&1 && [[ ! -x /usr/sbin/mariadbd ]]; then
    apt_install mariadb-server mariadb-client
  fi
  if [[ "$MYSQL_DATADIR" == "$SYSTEM_DATADIR" ]] && mysql_ok; then
    log "mariadb 127.0.0.1:$MYSQL_PORT: up (started by the package install)"
    return 0
  fi
  if mysql_alive; then
    # running (perhaps just started by the package) but root cannot log in over TCP
    mysql_fix_root || true
    mysql_ok && { log "mariadb 127.0.0.1:$MYSQL_PORT: up (root login fixed)"; return 0; }
    die "mariadb answers on 127.0.0.1:$MYSQL_PORT but root cannot log in with an empty password"
  fi

  local mariadbd user
  mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  local -a defaults=()
  [[ "$MYSQL_DATADIR" == "$SYSTEM_DATADIR" ]] || defaults=(--no-defaults)

  mkdir -p "$RUN_DIR" "$MYSQL_DATADIR"
  if [[ ! -d "$MYSQL_DATADIR/mysql" ]]; then
    if [[ "$MYSQL_DATADIR" == "$SYSTEM_DATADIR" ]] && getent passwd mysql >/dev/null; then
      chown mysql:mysql "$MYSQL_DATADIR"
    fi
    user=$(stat -c %U "$MYSQL_DATADIR")
    log "mariadb: initialising $MYSQL_DATADIR (mariadb-install-db, user $user)"
    mariadb-install-db "${defaults[@]}" --user="$user" --datadir="$MYSQL_DATADIR" \
      --auth-root-authentication-method=normal --skip-test-db >"$RUN_DIR/mariadb-install-db.log" 2>&1 ||
      { tail -n 30 "$RUN_DIR/mariadb-install-db.log" >&2; die "mariadb-install-db failed"; }
  fi
  user=$(stat -c %U "$MYSQL_DATADIR")
  local sockdir
  sockdir=$(dirname "$MYSQL_SOCKET")
  if [[ ! -d "$sockdir" ]]; then
    mkdir -p "$sockdir"
    chown "$user" "$sockdir"
  fi
  : >"$MYSQL_LOG"
  chown "$user" "$MYSQL_LOG"

  log "mariadb 127.0.0.1:$MYSQL_PORT: starting $mariadbd (datadir $MYSQL_DATADIR, log $MYSQL_LOG)"
  start-stop-daemon --start --oknodo --background --make-pidfile --pidfile "$MYSQL_PID" \
    --output "$MYSQL_LOG" --exec "$mariadbd" -- \
    "${defaults[@]}" --user="$user" --datadir="$MYSQL_DATADIR" \
    --bind-address=127.0.0.1 --port="$MYSQL_PORT" --socket="$MYSQL_SOCKET" \
    --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --log-error="$MYSQL_LOG"

  local i
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    if mysql_ok; then
      log "mariadb 127.0.0.1:$MYSQL_PORT: up (pid $(pid_of "$MYSQL_PID"))"
      return 0
    fi
    if mysql_alive && mysql_fix_root && mysql_ok; then
      log "mariadb 127.0.0.1:$MYSQL_PORT: up (pid $(pid_of "$MYSQL_PID"), root login fixed)"
      return 0
    fi
    if ! pid_is "$MYSQL_PID" mariadbd; then
      tail -n 30 "$MYSQL_LOG" >&2 || true
      die "mariadbd exited during start-up (log above: $MYSQL_LOG)"
    fi
    sleep 0.5
  done
  tail -n 30 "$MYSQL_LOG" >&2 || true
  die "mariadb 127.0.0.1:$MYSQL_PORT did not answer within ${WAIT_SECONDS} s"
}

mysql_status() {
  if command -v mariadb >/dev/null 2>&1 && mysql_ok; then
    if pid_is "$MYSQL_PID" mariadbd; then
      log "mariadb 127.0.0.1:$MYSQL_PORT: up (started by services.sh, pid $(pid_of "$MYSQL_PID"))"
    else
      log "mariadb 127.0.0.1:$MYSQL_PORT: up (not started by services.sh)"
    fi
    return 0
  fi
  if mysql_alive; then
    log "mariadb 127.0.0.1:$MYSQL_PORT: running but root cannot log in over TCP (run: $0 up)"
    return 1
  fi
  log "mariadb 127.0.0.1:$MYSQL_PORT: DOWN"
  return 1
}

mysql_down() {
  if ! pid_is "$MYSQL_PID" mariadbd; then
    rm -f "$MYSQL_PID"
    log "mariadb 127.0.0.1:$MYSQL_PORT: not started by services.sh, left alone"
    return 0
  fi
  local pid i
  pid=$(pid_of "$MYSQL_PID")
  log "mariadb 127.0.0.1:$MYSQL_PORT: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && die "mariadbd pid $pid still alive after ${WAIT_SECONDS} s"
  rm -f "$MYSQL_PID"
  log "mariadb 127.0.0.1:$MYSQL_PORT: stopped"
}

# ---------------------------------------------------------------- python3

python_up() {
  if command -v python3 >/dev/null 2>&1; then
    return 0
  fi
  apt_install python3
  command -v python3 >/dev/null 2>&1 || die "python3 still missing after apt-get install"
  log "python3: installed"
}

# ---------------------------------------------------------------- main

case "${1:-}" in
  up)
    python_up
    redis_up
    mysql_up
    ;;
  status)
    rc=0
    redis_status || rc=1
    mysql_status || rc=1
    exit "$rc"
    ;;
  down)
    redis_down
    mysql_down
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
