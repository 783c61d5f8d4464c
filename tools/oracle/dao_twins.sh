#!/usr/bin/env bash
# Runs the Python twins of the DAO layer with the real mysql-connector-python 8.4.0
# (/tmp/oracle-venv, see bootstrap.sh) against a server, and compares the course's main.py
# with `cargo run --example user_dao`. Connection from MYSQL_HOST, MYSQL_TCP_PORT,
# MYSQL_USER, MYSQL_PWD (as generate.sh); databases `twins` and `twins_main` are dropped
# and recreated.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
python=${ORACLE_PYTHON:-/tmp/oracle-venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sql() {
  mariadb --no-defaults -h "${MYSQL_HOST:-127.0.0.1}" -P "${MYSQL_TCP_PORT:-3306}" \
    -u "${MYSQL_USER:-root}" ${MYSQL_PWD:+-p"$MYSQL_PWD"} -e "$1"
}
cnf() {
  mkdir -p "$work/$1"
  printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\ndatabase=%s\n' \
    "${MYSQL_USER:-root}" "${MYSQL_PWD:-}" "${MYSQL_HOST:-127.0.0.1}" \
    "${MYSQL_TCP_PORT:-3306}" "$1" > "$work/$1/connector.cnf"
}

sql "DROP DATABASE IF EXISTS twins; CREATE DATABASE twins"
cnf twins
(cd "$work/twins" && "$python" "$top/tools/oracle/dao_twins.py" "$top/src/dao/python")

for side in python rust; do
  sql "DROP DATABASE IF EXISTS twins_main; CREATE DATABASE twins_main"
  cnf twins_main
  # main.py, like the slides, expects the table to exist.
  sql "CREATE TABLE twins_main.user (id INT PRIMARY KEY, name VARCHAR(255) NOT NULL)"
  if [[ $side == python ]]; then
    (cd "$work/twins_main" && PYTHONPATH="$top/src/dao/python" "$python" "$top/src/dao/python/main.py") > "$work/$side.out"
  else
    (cd "$top" && cargo build --quiet --example user_dao)
    (cd "$work/twins_main" && "$top/target/debug/examples/user_dao") > "$work/$side.out"
  fi
done
diff -u "$work/python.out" "$work/rust.out"
echo "main.py and the user_dao example print the same:"
cat "$work/rust.out"
