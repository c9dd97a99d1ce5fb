#!/bin/bash
# Health probe of the PostgreSQL image: exits 0 when the server accepts connections over TCP on loopback. Only the
# real server listens there (the entry point's init-time server has no TCP listener), so "healthy" also means the
# init scripts ran. Asks as POSTGRES_USER for POSTGRES_DB so the server logs no unknown role or database per probe.
user=${POSTGRES_USER:-postgres}
exec pg_isready --quiet --host=127.0.0.1 --port="${PGPORT:-5432}" --username="$user" --dbname="${POSTGRES_DB:-$user}" --timeout=4
