#!/usr/bin/env bash
# Container entry point of the PostgreSQL image, with the official postgres image's contract: on the first start of
# an empty $PGDATA it runs initdb (superuser POSTGRES_USER with POSTGRES_PASSWORD), creates POSTGRES_DB, runs
# /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz once against a server reachable only on its Unix socket, then starts
# the real server. SIGTERM (docker stop) becomes PostgreSQL's fast shutdown: open sessions, Debezium's replication
# connection among them, are ended and the server stops cleanly instead of waiting for them (smart shutdown).
#
# Environment: POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust),
# POSTGRES_DB (default POSTGRES_USER), each also as *_FILE naming a file that holds the value;
# POSTGRES_HOST_AUTH_METHOD (default scram-sha-256) for logins and replication from the network;
# POSTGRES_INITDB_ARGS (extra initdb options); PGDATA (default /var/lib/postgresql/data).
# Arguments: `postgres [OPTION...]`, options alone (e.g. `-c log_statement=all`), or any other command to run instead.
set -Eeuo pipefail

fail() {
  echo "$*" >&2
  exit 1
}

# As the official image: options alone are the server's, and any other command runs as given.
if [[ ${1:-} == -* ]]; then
  set -- postgres "$@"
fi
if [[ ${1:-} != postgres ]]; then
  exec "$@"
fi

# VAR from VAR_FILE (Docker secrets), as the official image reads them.
value_from_file() {
  local var=$1 file_var=${1}_FILE
  if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
    fail "Both $var and $file_var are set; set only one of them."
  fi
  if [[ -n ${!file_var:-} ]]; then
    export "$var=$(<"${!file_var}")"
  fi
  unset "$file_var"
}

# Read before the privileges drop, as the official image does, so a secret file may be root's alone (0400); the values
# pass to the server's user in the environment of the re-executed entry point, not in the container's (docker inspect).
value_from_file POSTGRES_PASSWORD
value_from_file POSTGRES_USER
value_from_file POSTGRES_DB

# Started as root: make the data directory (a fresh volume or a bind mount) the postgres user's, then drop to it.
if [[ $(id -u) == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chown postgres:postgres /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 2775 /var/run/postgresql
  HOME=/var/lib/postgresql exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

initialise() {
  # Exported with their defaults, so init scripts can use them (`psql -U "$POSTGRES_USER" -d "$POSTGRES_DB"`).
  export POSTGRES_USER=${POSTGRES_USER:-postgres}
  export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
  local auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [[ -z ${POSTGRES_PASSWORD:-} && $auth != trust ]]; then
    fail "POSTGRES_PASSWORD is required to initialise the empty data directory $PGDATA; set it (or POSTGRES_PASSWORD_FILE), or set POSTGRES_HOST_AUTH_METHOD=trust to allow logins without a password."
  fi

  echo "===> Initialising $PGDATA for superuser $POSTGRES_USER"
  # shellcheck disable=SC2206 # POSTGRES_INITDB_ARGS holds several options, split on purpose
  local initdb_args=(--username="$POSTGRES_USER" --encoding=UTF8 --locale=C.UTF-8 --pgdata="$PGDATA" ${POSTGRES_INITDB_ARGS:-})
  if [[ -n ${POSTGRES_PASSWORD:-} ]]; then
    initdb "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
  else
    initdb "${initdb_args[@]}"
  fi
  # initdb trusts the Unix socket and loopback; everything else logs in with a password. Logical replication
  # connections match "all" databases; the replication line is for physical ones (pg_basebackup, standbys).
  printf '%s\n' '' "# cdc-kafka/postgres: logins and replication from the network with $auth" \
    "host all all all $auth" "host replication all all $auth" >>"$PGDATA/pg_hba.conf"

  # No TCP listener while the init scripts run: clients (and the healthcheck) see the server only once it is ready.
  pg_ctl --pgdata="$PGDATA" --options="-c listen_addresses=''" --wait start
  local psql=(psql --no-psqlrc --set=ON_ERROR_STOP=1 --username="$POSTGRES_USER" --no-password)
  if [[ $POSTGRES_DB != postgres ]]; then
    "${psql[@]}" --dbname=postgres --set=db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  shopt -s nullglob
  local file
  for file in /docker-entrypoint-initdb.d/*; do
    case $file in
      *.sh)
        echo "===> Running $file"
        # Executable scripts run on their own; others are sourced, as the official image does.
        if [[ -x $file ]]; then "$file"; else
          # shellcheck disable=SC1090
          . "$file"
        fi
        ;;
      *.sql) echo "===> Running $file" && "${psql[@]}" --dbname="$POSTGRES_DB" --file="$file" ;;
      *.sql.gz) echo "===> Running $file" && gunzip --stdout "$file" | "${psql[@]}" --dbname="$POSTGRES_DB" ;;
      *) echo "===> Ignoring $file (not .sh, .sql or .sql.gz)" ;;
    esac
  done
  shopt -u nullglob
  pg_ctl --pgdata="$PGDATA" --mode=fast --wait stop
  echo "===> PostgreSQL init process complete; ready for start up."
}

if [[ ! -s $PGDATA/PG_VERSION ]]; then
  initialise
else
  echo "===> $PGDATA holds a database already; skipping initialisation"
fi
unset POSTGRES_PASSWORD

# The server runs as a child so SIGTERM can be turned into SIGINT, PostgreSQL's fast shutdown; SIGQUIT (immediate
# shutdown, `docker kill --signal QUIT`) is passed on as it is. This shell exits with the server's status once it has
# stopped.
"$@" &
server=$!
signalled=
trap 'signalled=yes; kill -INT "$server" 2>/dev/null || true' TERM INT
trap 'signalled=yes; kill -QUIT "$server" 2>/dev/null || true' QUIT
# A trapped signal ends `wait` early (status 128+n); waiting again yields the server's own exit status.
while :; do
  status=0
  wait "$server" || status=$?
  [[ -n $signalled ]] || break
  signalled=
done
exit "$status"
