#!/bin/sh
# Runs once, on an empty data directory: the Charter role and its two databases (the ledger and
# the demo shop). Temporal's own databases are created by temporalio/auto-setup.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE charter LOGIN PASSWORD '${CHARTER_DB_PASSWORD}';
CREATE DATABASE charter_ledger OWNER charter;
CREATE DATABASE charter_shop OWNER charter;
SQL
