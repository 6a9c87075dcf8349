# Sourced by .ci/run before `swift test`: a throwaway PostgreSQL cluster for the PostgreSQL store's
# tests (Tests/RoadshowPostgresTests, the web's PostgreSQL test). Installs Debian's `postgresql` when
# initdb/pg_ctl are missing, creates a cluster in a new temporary folder as a non-root user, starts it
# on 127.0.0.1 on a free port, creates the database and exports
#   ROADSHOW_POSTGRES_URL=postgres://roadshow@127.0.0.1:PORT/roadshow
#   ROADSHOW_REQUIRE_POSTGRES=1   (the suites then fail, rather than skip, when the server is missing)
#   ROADSHOW_POSTGRES_TLS_ROOT=DIR/server.crt   (when openssl is there: the server also takes TLS
#     connections with a self-signed certificate for `localhost`, which the TLS tests trust)
# A second run on the same machine gets a folder and a port of its own and removes the folders of
# earlier runs whose server is no longer running. `roadshow_postgres_stop` stops this run's server
# (also on exit when the caller has no EXIT trap of its own).
# Usage: source .ci/postgres.sh   (or: bash .ci/postgres.sh --print, to start one and print the URL)

roadshow_postgres_bindir() {
  local dir
  # initdb and pg_ctl on the PATH may be links into the server's folder (where createdb is too).
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    if [ -x "$dir/initdb" ] && [ -x "$dir/createdb" ]; then
      echo "$dir"
      return 0
    fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/createdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

roadshow_postgres_free_port() {
  python3 - <<'PY' 2>/dev/null && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

roadshow_postgres_start() {
  local bin user dir port old as
  if ! bin=$(roadshow_postgres_bindir); then
    echo "== postgres: installing Debian's postgresql"
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1; then
      echo "postgres: could not install postgresql with apt-get" >&2
      return 1
    fi
    bin=$(roadshow_postgres_bindir) || {
      echo "postgres: installed, but no initdb/pg_ctl found" >&2
      return 1
    }
  fi
  # initdb refuses to run as root: the cluster belongs to an ordinary user.
  as=()
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    if ! id -u "$user" >/dev/null 2>&1; then
      user=roadshow-pg
      id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    as=(runuser -u "$user" --)
  fi
  # Folders of earlier runs whose server is gone.
  for old in "${TMPDIR:-/tmp}"/roadshow-pg.*; do
    [ -d "$old" ] || continue
    if [ -f "$old/data/postmaster.pid" ] && kill -0 "$(head -1 "$old/data/postmaster.pid")" 2>/dev/null; then
      continue
    fi
    rm -rf "$old"
  done
  dir=$(mktemp -d "${TMPDIR:-/tmp}/roadshow-pg.XXXXXX") || return 1
  chmod 755 "$dir"
  [ -z "${as[*]}" ] || chown "$user" "$dir"
  if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U roadshow --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
    echo "postgres: initdb failed:" >&2
    cat "$dir/initdb.log" >&2
    return 1
  fi
  # TLS beside plain connections: a self-signed certificate for localhost, when openssl is there.
  local tls=""
  if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost" -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1; then
    chmod 600 "$dir/server.key"
    [ -z "${as[*]}" ] || chown "$user" "$dir/server.key" "$dir/server.crt"
    tls="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  else
    echo "== postgres: no openssl: the server takes plain connections only (the TLS tests are skipped)"
  fi
  local attempt
  for attempt in 1 2 3; do
    port=$(roadshow_postgres_free_port) || {
      echo "postgres: no free port" >&2
      return 1
    }
    # A throwaway cluster: durability off makes the tests fast.
    if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $tls" \
      >/dev/null 2>&1; then
      break
    fi
    port=
  done
  if [ -z "$port" ]; then
    echo "postgres: the server did not start:" >&2
    tail -20 "$dir/server.log" >&2
    return 1
  fi
  if ! "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U roadshow roadshow; then
    echo "postgres: createdb failed" >&2
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
    return 1
  fi
  ROADSHOW_PG_DIR=$dir
  ROADSHOW_PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop)
  export ROADSHOW_POSTGRES_URL="postgres://roadshow@127.0.0.1:$port/roadshow"
  export ROADSHOW_REQUIRE_POSTGRES=1
  if [ -n "$tls" ]; then export ROADSHOW_POSTGRES_TLS_ROOT="$dir/server.crt"; fi
  echo "== postgres: $("$bin/postgres" --version) at $ROADSHOW_POSTGRES_URL (cluster in $dir)"
}

roadshow_postgres_stop() {
  if [ -n "${ROADSHOW_PG_DIR:-}" ] && [ -d "$ROADSHOW_PG_DIR/data" ]; then
    "${ROADSHOW_PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$ROADSHOW_PG_DIR"
  fi
  ROADSHOW_PG_DIR=
}

if [ "${1:-}" = "--print" ]; then
  roadshow_postgres_start >&2 && echo "$ROADSHOW_POSTGRES_URL"
else
  roadshow_postgres_start || return 1 2>/dev/null || exit 1
  [ -n "$(trap -p EXIT)" ] || trap roadshow_postgres_stop EXIT
fi
