#!/usr/bin/env bash
# Installs what building and testing rowwise needs on a fresh Debian/Ubuntu machine, and
# only what is missing: a C compiler (for the bundled SQLite), Rust (rustup), and with
# --test also MariaDB's server and client and tmux (the tests start their own server and
# drive the binary in tmux). Sourced by scripts/run and scripts/test.
set -euo pipefail

apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "installing with apt-get: $*" >&2
  "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >&2
}

ensure_tools() {
  local want_test=${1:-}
  local missing=()
  command -v cc >/dev/null 2>&1 || missing+=(build-essential)
  command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
  if [[ $want_test == --test ]]; then
    command -v mariadbd >/dev/null 2>&1 || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
    command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
    # tests/split_corpus.rs compares statement splitting with mariadb's on MariaDB's own
    # regression-test files; tests/dump.rs restores a mariadb-dump.
    [[ -d /usr/share/mysql/mysql-test/main ]] || missing+=(mariadb-test-data)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    # GNU time: tests/bigdata.rs measures peak memory with /usr/bin/time -f %M.
    [[ -x /usr/bin/time ]] || missing+=(time)
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3 python3-venv)
  fi
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    if [[ -x $HOME/.cargo/bin/cargo ]]; then
      export PATH=$HOME/.cargo/bin:$PATH
    else
      echo "installing Rust with rustup" >&2
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal >&2
      export PATH=$HOME/.cargo/bin:$PATH
    fi
  fi
}
