#!/usr/bin/env bash
# Installs what building and testing rowwise needs on a fresh Debian/Ubuntu machine, and
# only what is missing: a C compiler (for the bundled SQLite), Rust at least as new as
# Cargo.toml's rust-version (rustup, or Debian's rustc-web/cargo-web where rustup's installer
# cannot be downloaded), and with --test also rustfmt and clippy, MariaDB's server and client
# and tmux (the tests start their own server and drive the binary in tmux). Sourced by
# scripts/run, scripts/test and .ci/run.
set -euo pipefail

apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "installing with apt-get: $*" >&2
  "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >&2
}

# The rust-version Cargo.toml asks for, e.g. 1.89.
needed_rust() {
  sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../Cargo.toml"
}

# True when version $1 (x.y[.z]) is at least $2.
version_at_least() {
  [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]
}

# The version of the rustc next to the cargo found on PATH, or nothing.
found_rust() {
  command -v cargo >/dev/null 2>&1 || return 0
  rustc --version 2>/dev/null | sed -n 's/^rustc \([0-9][0-9.]*\).*/\1/p'
}

# Debian's rustc-web/cargo-web (bookworm-security carries current releases) when the
# candidate is new enough; says why not otherwise.
install_debian_rust() {
  local need=$1 candidate
  command -v apt-get >/dev/null 2>&1 || return 1
  apt-get update -qq >&2 || true
  candidate=$(apt-cache policy cargo-web 2>/dev/null | sed -n 's/^ *Candidate: \([0-9][0-9.]*\).*/\1/p')
  if [[ -z $candidate ]] || ! version_at_least "$candidate" "$need"; then
    echo "Debian's cargo-web is ${candidate:-not available} here; rowwise needs Rust $need or newer." >&2
    return 1
  fi
  apt_install rustc-web cargo-web ${want_test_tools:+rustfmt-web rust-web-clippy}
}

ensure_rust() {
  local need have
  need=$(needed_rust)
  [[ -x $HOME/.cargo/bin/cargo ]] && export PATH=$HOME/.cargo/bin:$PATH
  have=$(found_rust)
  if [[ -n $have ]] && version_at_least "$have" "$need"; then
    return 0
  fi
  if [[ -n $have ]]; then
    echo "found Rust $have at $(command -v cargo), but rowwise needs Rust $need or newer (Cargo.toml rust-version)." >&2
    if command -v rustup >/dev/null 2>&1; then
      echo "updating it with: rustup update stable" >&2
      rustup update stable >&2 && have=$(found_rust)
      [[ -n $have ]] && version_at_least "$have" "$need" && return 0
    fi
  else
    echo "installing Rust with rustup" >&2
    if curl --proto '=https' --tlsv1.2 -sSf --max-time 60 https://sh.rustup.rs -o /tmp/rustup-init.sh 2>/dev/null \
      && sh /tmp/rustup-init.sh -y --profile minimal -c rustfmt,clippy >&2; then
      export PATH=$HOME/.cargo/bin:$PATH
      return 0
    fi
    echo "rustup's installer could not be downloaded; trying Debian's rustc-web/cargo-web" >&2
  fi
  if install_debian_rust "$need"; then
    hash -r
    have=$(found_rust)
    [[ -n $have ]] && version_at_least "$have" "$need" && return 0
  fi
  cat >&2 <<EOF
rowwise needs Rust $need or newer and none could be installed here.
Install it with rustup (https://rustup.rs), or on Debian 12 enable bookworm-security and run
  apt-get install rustc-web cargo-web
then run this command again.
EOF
  return 1
}

# rustfmt and clippy, which CI runs before the tests.
ensure_lint_tools() {
  cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1 && return 0
  if command -v rustup >/dev/null 2>&1 && rustup component add rustfmt clippy >&2; then
    return 0
  fi
  apt_install rustfmt-web rust-web-clippy
}

ensure_tools() {
  local want_test=${1:-}
  local missing=()
  want_test_tools=
  [[ $want_test == --test ]] && want_test_tools=1
  command -v cc >/dev/null 2>&1 || missing+=(build-essential)
  command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
  if [[ $want_test == --test ]]; then
    command -v mariadbd >/dev/null 2>&1 || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
    command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
    # tests/split_corpus.rs compares statement splitting with mariadb's on MariaDB's own
    # regression-test files; tests/dump.rs restores a mariadb-dump.
    [[ -d /usr/share/mysql/mysql-test/main ]] || missing+=(mariadb-test-data)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    # tests/connect.rs makes its TLS certificates (CA, server, client) with openssl.
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    # GNU time: tests/bigdata.rs measures peak memory with /usr/bin/time -f %M.
    [[ -x /usr/bin/time ]] || missing+=(time)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3 python3-venv)
  fi
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  ensure_rust
  if [[ $want_test == --test ]]; then
    ensure_lint_tools
  fi
}
