# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the store tests; sourced by .ci/run.
#
#   r57_pg_start   install Debian's postgresql when missing, initdb into a temp dir, start the
#                  server on 127.0.0.1 (a free port) as an unprivileged user, create `r57test`
#                  and export R57_TEST_POSTGRES_URL. With CI=true any failure returns 1; without
#                  it, a failure is a warning and the tests run on SQLite only.
#   r57_pg_stop    stop that server by the pid in its postmaster.pid (SIGTERM, then SIGINT, then
#                  SIGKILL, each wait bounded) and remove the temp dir. Safe to call twice.
#
# The functions check every step themselves: callers use them in `||` / trap context, where
# `set -e` does not apply.

R57_PG_USER_SYSTEM="r57ci"     # the unprivileged user the server runs as when we are root
R57_PG_DATABASE="r57test"
R57_PG_WAIT_SECONDS=30
R57_PG_DIR=""                  # the temp dir of the cluster we started ("" when none)
R57_PG_BIN=""
R57_PG_RUN_AS=""

_r57_pg_say() { echo "ci/postgres: $*" >&2; }

_r57_pg_in_ci() {
    case "${CI:-}" in
        1 | [Tt][Rr][Uu][Ee] | [Yy][Ee][Ss]) return 0 ;;
        *) return 1 ;;
    esac
}

# Run a PostgreSQL program as the cluster's owner.
_r57_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$R57_PG_RUN_AS" -- "$@"
    else
        "$@"
    fi
}

# The newest PostgreSQL server binaries on this machine, or "" when there are none.
_r57_pg_find_bin() {
    local dir candidate
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then
        candidate="$(pg_config --bindir 2>/dev/null || true)"
        dir="$candidate"
    fi
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] \
        && [ -x "$dir/postgres" ] && [ -x "$dir/pg_isready" ] && [ -x "$dir/createdb" ]; then
        echo "$dir"
    fi
}

# Online clusters as "version name" lines (Debian's postgresql-common), none when it is absent.
_r57_pg_online_clusters() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1, $2 }'
}

# Install Debian's postgresql; stop any cluster that the installation itself started.
_r57_pg_install() {
    local sudo="" before after version name
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    before="$(_r57_pg_online_clusters)"
    _r57_pg_say "installing postgresql from Debian"
    $sudo apt-get update -qq </dev/null || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql </dev/null || return 1
    after="$(_r57_pg_online_clusters)"
    while read -r version name; do
        [ -n "$version" ] || continue
        if ! grep -qxF "$version $name" <<<"$before"; then
            _r57_pg_say "stopping cluster $version/$name that the package installation started"
            $sudo pg_ctlcluster "$version" "$name" stop </dev/null \
                || _r57_pg_say "could not stop cluster $version/$name (left running; we use our own port)"
        fi
    done <<<"$after"
}

# A TCP port that nothing listens on at 127.0.0.1 right now.
_r57_pg_free_port() {
    python3 - <<'PY'
import socket

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

# Initialise the cluster in R57_PG_DIR/data: trust authentication over loopback and the socket
# only, settings for speed (the data is thrown away).
_r57_pg_initdb() {
    local data="$R57_PG_DIR/data"
    _r57_pg_as_owner "$R57_PG_BIN/initdb" -D "$data" -U "$R57_PG_RUN_AS" -A trust -E UTF8 \
        --locale=C --no-sync >"$R57_PG_DIR/initdb.log" 2>&1 || {
        _r57_pg_say "initdb failed:"
        tail -n 20 "$R57_PG_DIR/initdb.log" >&2
        return 1
    }
    _r57_pg_as_owner tee "$data/pg_hba.conf" >/dev/null <<'HBA' || return 1
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
HBA
    _r57_pg_as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF || return 1

# r57 CI: a throwaway cluster.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$R57_PG_DIR/socket'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
}

# Start the server on PORT and wait (bounded) until it accepts connections.
_r57_pg_launch() {
    local port="$1" waited=0
    _r57_pg_as_owner "$R57_PG_BIN/pg_ctl" start -D "$R57_PG_DIR/data" -l "$R57_PG_DIR/server.log" \
        -o "-p $port" -w -t "$R57_PG_WAIT_SECONDS" >/dev/null 2>&1 || return 1
    until "$R57_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; do
        waited=$((waited + 1))
        if [ "$waited" -ge "$R57_PG_WAIT_SECONDS" ]; then return 1; fi
        sleep 1
    done
}

_r57_pg_try_start() {
    local attempt port tmp_parent
    R57_PG_BIN="$(_r57_pg_find_bin)"
    if [ -z "$R57_PG_BIN" ]; then
        _r57_pg_install || { _r57_pg_say "could not install postgresql"; return 1; }
        R57_PG_BIN="$(_r57_pg_find_bin)"
        [ -n "$R57_PG_BIN" ] || { _r57_pg_say "no PostgreSQL binaries after installing"; return 1; }
    fi

    if [ "$(id -u)" -eq 0 ]; then
        R57_PG_RUN_AS="$R57_PG_USER_SYSTEM"
        if ! id -u "$R57_PG_RUN_AS" >/dev/null 2>&1; then
            _r57_pg_say "creating system user $R57_PG_RUN_AS"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$R57_PG_RUN_AS" || return 1
        fi
        tmp_parent="/tmp" # the unprivileged user must reach it, whatever TMPDIR says
    else
        R57_PG_RUN_AS="$(id -un)"
        tmp_parent="${TMPDIR:-/tmp}"
    fi

    R57_PG_DIR="$(mktemp -d "$tmp_parent/r57-postgres.XXXXXX")" || { R57_PG_DIR=""; return 1; }
    mkdir -p "$R57_PG_DIR/socket" || return 1
    if [ "$(id -u)" -eq 0 ]; then chown -R "$R57_PG_RUN_AS:" "$R57_PG_DIR" || return 1; fi
    _r57_pg_initdb || return 1

    # The port is free when we look; should another process take it before the server binds it,
    # try again with another one.
    for attempt in 1 2 3; do
        port="$(_r57_pg_free_port)" || return 1
        if _r57_pg_launch "$port"; then
            _r57_pg_as_owner "$R57_PG_BIN/createdb" -h 127.0.0.1 -p "$port" \
                -U "$R57_PG_RUN_AS" "$R57_PG_DATABASE" || return 1
            export R57_TEST_POSTGRES_URL="postgresql+psycopg://$R57_PG_RUN_AS@127.0.0.1:$port/$R57_PG_DATABASE"
            _r57_pg_say "PostgreSQL $("$R57_PG_BIN/postgres" -V | awk '{ print $3 }') runs as" \
                "$R57_PG_RUN_AS (pid $(head -n 1 "$R57_PG_DIR/data/postmaster.pid")) in $R57_PG_DIR"
            _r57_pg_say "R57_TEST_POSTGRES_URL=$R57_TEST_POSTGRES_URL"
            return 0
        fi
        _r57_pg_say "server did not start on port $port (attempt $attempt):"
        tail -n 5 "$R57_PG_DIR/server.log" >&2 2>/dev/null || true
        _r57_pg_kill_server
    done
    return 1
}

# Stop the server of R57_PG_DIR by the pid in postmaster.pid, each wait bounded.
_r57_pg_kill_server() {
    local pidfile="$R57_PG_DIR/data/postmaster.pid" pid signal waited
    [ -n "$R57_PG_DIR" ] && [ -f "$pidfile" ] || return 0
    pid="$(head -n 1 "$pidfile" 2>/dev/null)" || return 0
    case "$pid" in '' | *[!0-9]*) return 0 ;; esac
    # TERM lets sessions finish, INT ends them, KILL is the last resort.
    for signal in TERM INT KILL; do
        kill -0 "$pid" 2>/dev/null || return 0
        kill -s "$signal" "$pid" 2>/dev/null || return 0
        for ((waited = 0; waited < 50; waited++)); do
            kill -0 "$pid" 2>/dev/null || return 0
            sleep 0.2
        done
        _r57_pg_say "server pid $pid still running after SIG$signal"
    done
    return 0
}

r57_pg_start() {
    if [ -n "${R57_TEST_POSTGRES_URL:-}" ]; then
        _r57_pg_say "R57_TEST_POSTGRES_URL is already set: the tests use that server"
        return 0
    fi
    if _r57_pg_try_start; then return 0; fi
    r57_pg_stop
    unset R57_TEST_POSTGRES_URL
    if _r57_pg_in_ci; then
        _r57_pg_say "PostgreSQL could not start; CI must test the store on it (failing)"
        return 1
    fi
    _r57_pg_say "warning: PostgreSQL could not start; the store tests run on SQLite only"
    return 0
}

r57_pg_stop() {
    [ -n "$R57_PG_DIR" ] || return 0
    local pid
    pid="$(head -n 1 "$R57_PG_DIR/data/postmaster.pid" 2>/dev/null)" || pid=""
    _r57_pg_kill_server
    if [ -n "$pid" ]; then _r57_pg_say "stopped PostgreSQL (pid $pid)"; fi
    rm -rf "$R57_PG_DIR"
    _r57_pg_say "removed $R57_PG_DIR"
    R57_PG_DIR=""
}
