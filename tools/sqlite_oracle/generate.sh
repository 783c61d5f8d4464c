#!/usr/bin/env bash
# Writes the reference transcript of each cursor script given: NAME.cur -> NAME.out beside it
# (or into $OUT_DIR). The reference is Python 3.11's own sqlite3 module, run by sqlite_oracle.py
# against a fresh demo database seeded from src/db/sqlite/seed.sql. No server, no pip.
# Usage: generate.sh SCRIPT.cur...     e.g. generate.sh tests/sqlite_scripts/*.cur
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -gt 0 ]] || { echo "usage: $0 SCRIPT.cur..." >&2; exit 2; }
py=${PYTHON:-python3}
# The transcript's Python is 3.11's sqlite3 (3.12 added cnx.autocommit and changed messages).
"$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
  echo "the reference needs Python 3.11 (set PYTHON=...): $("$py" --version 2>&1)" >&2; exit 1; }
for s in "$@"; do
  out=${OUT_DIR:-$(dirname "$s")}/$(basename "$s" .cur).out
  if ! "$py" "$here/sqlite_oracle.py" "$s" > "$out"; then
    echo "reference run failed for $s" >&2; exit 1
  fi
done
echo "wrote $# transcript(s) with Python $("$py" -c 'import sys, sqlite3; print(sys.version.split()[0], "/ SQLite", sqlite3.sqlite_version)')" >&2
