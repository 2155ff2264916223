#!/bin/sh
# Runs once when the PostgreSQL volume is created (/docker-entrypoint-initdb.d).
#
# Two roles: the owner (POSTGRES_USER, "samverka") runs the migrations and owns the tables;
# the application ("samverka_app") only reads and writes rows. A role that does not own the
# audit table can neither disable its append-only triggers nor TRUNCATE it, so even the
# application's own code cannot change the log (issue 3).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="$SAMVERKA_APP_PASSWORD" <<'SQL'
CREATE ROLE samverka_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT
  PASSWORD :'app_password';
GRANT CONNECT ON DATABASE samverka TO samverka_app;
GRANT USAGE ON SCHEMA public TO samverka_app;
-- Tables and sequences the owner creates in migrations from now on:
ALTER DEFAULT PRIVILEGES FOR ROLE samverka IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO samverka_app;
ALTER DEFAULT PRIVILEGES FOR ROLE samverka IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO samverka_app;
SQL
