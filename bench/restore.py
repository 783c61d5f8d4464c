#!/usr/bin/env python3
"""Restoring a dump: rowwise (batch, and line mode) side by side with the mariadb client.

Usage: python3 bench/restore.py [-h HOST] [-P PORT] [-u USER] [-p PASSWORD] [--rows N]
                                [--rounds N] [--binary PATH]

Builds a table of N rows (default 100,000: an id, non-ASCII and emoji text, a TEXT note,
a DECIMAL, a DATETIME, a VARBINARY of random bytes) in the database `restore_src`, dumps it
with mariadb-dump (extended INSERTs, as people restore them), then restores the dump into
`restore_mariadb` with `mariadb` and into `restore_rowwise` with `rowwise`, alternately
(A B A B ...), and prints the median wall and CPU seconds of each and the median of the
per-round ratios. Every round checks that CHECKSUM TABLE of the restored table equals the
original's: the bytes must be exact, not only fast.
Needs the mariadb client, mariadb-dump, GNU time (/usr/bin/time); it builds the release
binary with cargo unless --binary is given.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GNU_TIME = "/usr/bin/time"


def parse_args():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--help", action="help")
    ap.add_argument("-h", "--host", default="127.0.0.1")
    ap.add_argument("-P", "--port", default="3306")
    ap.add_argument("-u", "--user", default="root")
    ap.add_argument("-p", "--password", default="")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--binary", default="")
    return ap.parse_args()


def conn_flags(a):
    flags = ["-h", a.host, "-P", a.port, "-u", a.user]
    if a.password:
        flags.append(f"-p{a.password}")
    return flags


def mariadb(a, sql, db=None):
    cmd = ["mariadb", "--no-defaults", "--default-character-set=utf8mb4", *conn_flags(a), "-N", "-B"]
    if db:
        cmd.append(db)
    out = subprocess.run(cmd + ["-e", sql], capture_output=True)
    if out.returncode != 0:
        sys.exit(f"mariadb -e {sql!r}: {out.stderr.decode(errors='replace')}")
    return out.stdout.decode()


def setup(a):
    mariadb(a, "DROP DATABASE IF EXISTS restore_src; CREATE DATABASE restore_src")
    mariadb(a, f"""
        CREATE TABLE t (
          id INT PRIMARY KEY, name VARCHAR(64), note TEXT, amount DECIMAL(12,2),
          at DATETIME, raw VARBINARY(32)
        ) CHARACTER SET utf8mb4;
        INSERT INTO t
        SELECT seq, CONCAT('Zoë ☃ 🐍 name ', seq),
               IF(seq % 5 = 0, NULL, REPEAT(CONCAT('note ', seq, ' ''quoted'' \\\\ '), 1 + seq % 4)),
               seq * 1.25, '2024-01-01' + INTERVAL seq MINUTE,
               UNHEX(SHA2(seq, 256))
        FROM seq_1_to_{a.rows}""", "restore_src")


def dump(a, path):
    with open(path, "wb") as f:
        out = subprocess.run(["mariadb-dump", "--no-defaults", *conn_flags(a), "restore_src", "t"],
                             stdout=f, stderr=subprocess.PIPE)
    if out.returncode != 0:
        sys.exit(f"mariadb-dump: {out.stderr.decode(errors='replace')}")


def measured(cmd, stdin_path):
    """(wall s, cpu s) of cmd reading stdin_path."""
    with tempfile.NamedTemporaryFile("r") as report, open(stdin_path, "rb") as stdin:
        start = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-q", "-f", "%U %S", "-o", report.name, *cmd],
                              stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
        user, system = report.read().split()[-2:]
    return wall, float(user) + float(system)


def checksum(a, db):
    return mariadb(a, f"CHECKSUM TABLE {db}.t").split("\t")[1].strip()


def main():
    a = parse_args()
    binary = a.binary
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "rowwise")
    setup(a)
    want = checksum(a, "restore_src")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dump.sql")
        dump(a, path)
        size = os.path.getsize(path)
        programs = {
            "mariadb": ["mariadb", "--no-defaults", *conn_flags(a), "restore_mariadb"],
            "rowwise": [binary, "--no-defaults", *conn_flags(a), "restore_rowwise"],
            "rowwise --line": [binary, "--no-defaults", "--line", *conn_flags(a), "restore_line"],
        }
        times = {name: [] for name in programs}
        for _ in range(a.rounds):
            for name, cmd in programs.items():
                db = cmd[-1]
                mariadb(a, f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db}")
                times[name].append(measured(cmd, path))
                got = checksum(a, db)
                if got != want:
                    sys.exit(f"{name}: CHECKSUM TABLE {got} != {want}: the restore changed the data")
    base = times["mariadb"]
    print(f"Restore of a {a.rows:,}-row mariadb-dump ({size / 1e6:.1f} MB), {a.rounds} rounds, "
          f"CHECKSUM TABLE equal every round")
    print(f"{'program':<16} {'wall s':>8} {'cpu s':>8} {'wall ratio':>11} {'cpu ratio':>10}")
    for name, runs in times.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        wall_ratio = statistics.median(r[0] / b[0] for r, b in zip(runs, base))
        cpu_ratio = statistics.median(r[1] / b[1] for r, b in zip(runs, base))
        print(f"{name:<16} {wall:>8.2f} {cpu:>8.2f} {wall_ratio:>10.2f}x {cpu_ratio:>9.2f}x")


if __name__ == "__main__":
    main()
