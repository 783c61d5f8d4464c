#!/usr/bin/env python3
"""rowwise benchmarks, side by side with the mariadb client and a bare `mysql`-crate loop.

Usage: python3 bench/run.py [-h HOST] [-P PORT] [-u USER] [-p PASSWORD] [-D DATABASE]
                            [--rounds N] [--setup] [--skip-tui]
                            [--only-statements] [--inserts N] [--selects N]

--setup loads bench/dataset.sql (1,000,000-row `big`, 100,000-row `mid`) first. The programs
run alternately (A B A B ...) so the machine's noise hits both; the table shows medians and
the median of the per-round ratios. Needs: the mariadb client, tmux for the TUI figures,
a release build (made here with cargo).
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--help", action="help")
    ap.add_argument("-h", "--host", default="127.0.0.1")
    ap.add_argument("-P", "--port", default="3306")
    ap.add_argument("-u", "--user", default="root")
    ap.add_argument("-p", "--password", default="")
    ap.add_argument("-D", "--database", default="test")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--setup", action="store_true")
    ap.add_argument("--skip-tui", action="store_true")
    ap.add_argument("--only-statements", action="store_true",
                    help="only the many-statements case (line mode and batch vs mariadb)")
    ap.add_argument("--inserts", type=int, default=10000)
    ap.add_argument("--selects", type=int, default=1000)
    return ap.parse_args()


GNU_TIME = "/usr/bin/time"


def run_measured(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall s, cpu s, peak RSS MB) of that program alone.

    Peak RSS comes from GNU time: a child forked from this Python process would report
    Python's own memory as its peak until it execs."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-q", "-f", "%U %S %M", "-o", report.name, *cmd],
                              stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
        user, system, max_kb = report.read().split()[-3:]
    return wall, float(user) + float(system), int(max_kb) / 1024


def first_byte(cmd):
    """Seconds from start until the command's first output byte."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.read(1)
    elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    return elapsed


def alternate(rounds, a, b):
    """Runs a() and b() alternately; returns ([a results], [b results])."""
    ra, rb = [], []
    for _ in range(rounds):
        ra.append(a())
        rb.append(b())
    return ra, rb


def med(xs):
    return statistics.median(xs)


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, a_name, a, b_name, b, unit, ratios, goal):
        self.rows.append((what, a_name, a, b_name, b, unit, med(ratios) if ratios else None, goal))

    def print(self):
        print()
        print(f"{'measure':38} {'rowwise':>12} {'baseline':>12} {'ratio':>7}  goal   baseline is")
        for what, a_name, a, b_name, b, unit, ratio, goal in self.rows:
            ok = "ok" if goal is None or ratio <= goal else "MISSED"
            goal_s = f"≤{goal:.2f}" if goal is not None else "  -  "
            # A measure with no baseline shows only its own value.
            b_s = f"{b:>9.3f} {unit:2}" if b is not None else f"{'-':>12}"
            ratio_s = f"{ratio:>7.2f}" if ratio is not None else f"{'-':>7}"
            print(f"{what:38} {a:>9.3f} {unit:2} {b_s} {ratio_s}  {goal_s} {ok:6} {b_name}")


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "rowwise"], cwd=ROOT, check=True)
    out = subprocess.run(["cargo", "bench", "--bench", "bare_loop", "--no-run", "--message-format=json", "--quiet"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    import json
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") and "bare_loop" in msg["executable"]:
            return os.path.join(ROOT, "target/release/rowwise"), msg["executable"]
    sys.exit("could not build the bare_loop baseline")


def main():
    args = parse_args()
    if not os.path.exists(GNU_TIME):
        sys.exit("GNU time (/usr/bin/time, Debian package 'time') is needed for CPU and memory figures")
    mariadb = shutil.which("mariadb") or shutil.which("mysql")
    if not mariadb:
        sys.exit("the mariadb (or mysql) client is needed as the baseline")
    rowwise, bare = build()
    conn = ["-h", args.host, "-P", args.port, "-u", args.user]
    pw = [f"-p{args.password}"] if args.password else []
    client = [mariadb, "--no-defaults", *conn, *pw, args.database]
    rw = [rowwise, "--no-defaults", *conn, *pw, "-D", args.database]
    if args.setup:
        with open(os.path.join(ROOT, "bench/dataset.sql"), "rb") as f:
            subprocess.run(client, stdin=f, check=True)
    big = "SELECT * FROM big"
    table = Table()
    n = args.rounds
    if args.only_statements:
        statements(rw, client, table, n, args)
        table.print()
        return

    # 1. Batch TSV of 1,000,000 rows to /dev/null.
    r, m = alternate(n, lambda: run_measured([*rw, "-e", big, "--format", "tsv"]),
                     lambda: run_measured([*client[:-1], "-B", "-N", "--quick", args.database, "-e", big]))
    ratios = [a[0] / b[0] for a, b in zip(r, m)]
    table.add("batch 1M rows TSV: wall", "", med([x[0] for x in r]), "mariadb -B -N --quick", med([x[0] for x in m]), "s", ratios, 1.0)
    table.add("batch 1M rows TSV: CPU", "", med([x[1] for x in r]), "mariadb -B -N --quick", med([x[1] for x in m]), "s",
              [a[1] / b[1] for a, b in zip(r, m)], 0.7)
    table.add("batch 1M rows TSV: peak RSS", "", med([x[2] for x in r]), "mariadb -B -N --quick", med([x[2] for x in m]), "MB",
              [a[2] / b[2] for a, b in zip(r, m)], 16 / med([x[2] for x in m]))

    # 2. Time to the first row.
    r, m = alternate(n * 2, lambda: first_byte([*rw, "-N", "-e", big, "--format", "tsv"]),
                     lambda: first_byte([*client[:-1], "-B", "-N", "--quick", args.database, "-e", big]))
    table.add("time to first row", "", med(r) * 1000, "mariadb -B -N --quick", med(m) * 1000, "ms",
              [a / b for a, b in zip(r, m)], 1.0)

    # 3. Start-up with SELECT 1.
    r, m = alternate(n * 4, lambda: run_measured([*rw, "-e", "SELECT 1"])[0],
                     lambda: run_measured([*client, "-e", "SELECT 1"])[0])
    table.add("start-up, SELECT 1", "", med(r) * 1000, "mariadb", med(m) * 1000, "ms", [a / b for a, b in zip(r, m)], 1.0)

    # 4. rowwise script: fetchall of 1,000,000 rows (the whole Python repr is printed).
    with tempfile.NamedTemporaryFile("w", suffix=".cur", delete=False) as f:
        f.write(f"{big};\n\\fetchall\n")
        script = f.name
    bare_cmd = [bare, args.host, args.port, args.user, args.password, args.database, big]
    r, m = alternate(n, lambda: run_measured([rowwise, "script", "--no-defaults", *conn, *pw, "-D", args.database, script]),
                     lambda: run_measured(bare_cmd))
    table.add("script fetchall 1M rows (Python repr)", "", med([x[0] for x in r]), "bare mysql-crate loop", med([x[0] for x in m]), "s",
              [a[0] / b[0] for a, b in zip(r, m)], None)
    table.add("script fetchall 1M rows: peak RSS", "", med([x[2] for x in r]), "bare mysql-crate loop", med([x[2] for x in m]), "MB",
              [a[2] / b[2] for a, b in zip(r, m)], None)

    # 5. Many small statements piped in: line mode and batch against the mariadb client.
    statements(rw, client, table, n, args)

    # 6. The TUI: fetchall of 1,000,000 rows into the grid, its memory, key to frame.
    if not args.skip_tui:
        tui(rowwise, [*conn, *pw, "-D", args.database], table, bare_cmd, n)
    table.print()


def statements(rw, client, table, rounds, args):
    """Single-row INSERTs (autocommit, each its own transaction) and `SELECT 1;` piped into
    `rowwise --line`, rowwise batch mode and the mariadb client, in turn."""
    subprocess.run([*client, "-e", "CREATE TABLE IF NOT EXISTS bench_ins (id INT PRIMARY KEY AUTO_INCREMENT, "
                    "v VARCHAR(20)) ENGINE=InnoDB"], check=True)
    cases = [
        (f"{args.inserts} INSERTs", "DELETE FROM bench_ins;\n" +
         "".join(f"INSERT INTO bench_ins (v) VALUES ('row {i}');\n" for i in range(args.inserts))),
        (f"{args.selects} SELECT 1", "SELECT 1;\n" * args.selects),
    ]
    for name, sql in cases:
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(sql)
            path = f.name

        def piped(cmd):
            with open(path, "rb") as stdin:
                return run_measured(cmd, stdin=stdin)

        line, batch, maria = [], [], []
        for _ in range(rounds):
            line.append(piped([*rw, "--line"]))
            batch.append(piped(rw))
            maria.append(piped(client))
        os.unlink(path)
        def ratios(runs, i):
            # GNU time counts CPU in 10 ms steps: a run under that reads 0 and has no ratio.
            return [a[i] / b[i] for a, b in zip(runs, maria) if b[i] > 0]

        for label, runs in (("--line", line), ("batch", batch)):
            table.add(f"{name} piped, {label}: wall", "", med([x[0] for x in runs]), "mariadb",
                      med([x[0] for x in maria]), "s", ratios(runs, 0), 1.2)
            table.add(f"{name} piped, {label}: CPU", "", med([x[1] for x in runs]), "mariadb",
                      med([x[1] for x in maria]), "s", ratios(runs, 1), None)


def tmux(sock, *cmd, capture=False):
    res = subprocess.run(["tmux", "-L", sock, *cmd], capture_output=True, text=True)
    return res.stdout if capture else None


def wait_screen(sock, text, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        screen = tmux(sock, "capture-pane", "-p", capture=True) or ""
        if text in screen:
            return screen
        time.sleep(0.05)
    sys.exit(f"timed out waiting for {text!r}:\n{screen}")


def rss_mb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def tui(rowwise, flags, table, bare_cmd, rounds):
    if not shutil.which("tmux"):
        print("tmux not found: skipping the TUI figures", file=sys.stderr)
        return
    fetch_times, bare_times, mems, keys, first_rows = [], [], [], [], []
    tsv_bytes = None
    for _ in range(max(3, rounds // 2)):
        log = tempfile.NamedTemporaryFile(delete=False).name
        home = tempfile.mkdtemp()
        sock = f"rowwise-bench-{os.getpid()}"
        quoted = " ".join(f"'{a}'" for a in [rowwise, *flags, "--bench-log", log])
        tmux(sock, "-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "48", f"HOME={home} {quoted}; sleep 600")
        wait_screen(sock, "F5 run")
        pid = int(subprocess.run(["pgrep", "-n", "-f", "--", f"--bench-log {log}"], capture_output=True, text=True).stdout.split()[0])
        before = rss_mb(pid)
        tmux(sock, "send-keys", "-l", "SELECT * FROM big")
        tmux(sock, "send-keys", "F5")
        wait_screen(sock, "· on row")
        tmux(sock, "send-keys", "F8")
        wait_screen(sock, "1000000 fetched")
        time.sleep(0.3)
        mems.append(rss_mb(pid) - before)
        tmux(sock, "send-keys", "Escape")
        for key in ["PageUp"] * 20 + ["Home"] + ["PageDown"] * 20 + ["Down"] * 20 + ["End"] + ["Right"] * 5:
            tmux(sock, "send-keys", key)
            time.sleep(0.03)
        time.sleep(0.3)
        tmux(sock, "kill-server")
        with open(log) as f:
            entries = [line.split() for line in f]
        fetch_times += [int(v) / 1e6 for k, v in entries if k == "fetchall_us"]
        first_rows += [int(v) / 1e3 for k, v in entries if k == "run_to_first_row_us"]
        keys += [int(v) / 1e3 for k, v in entries if k == "key_to_frame_us"][-60:]
        bare_times.append(run_measured(bare_cmd)[0])
        if tsv_bytes is None:
            tsv_bytes = len(subprocess.run(bare_cmd, capture_output=True).stdout)
    table.add("TUI fetchall 1M rows into the grid", "", med(fetch_times), "bare mysql-crate loop", med(bare_times), "s",
              [a / b for a, b in zip(fetch_times, bare_times)], 1.5)
    table.add("TUI memory of 1M fetched rows", "", med(mems), "TSV size of the data", tsv_bytes / 2**20, "MB",
              [m / (tsv_bytes / 2**20) for m in mems], 1.5)
    table.add("TUI F5 to first row on screen", "", med(first_rows), "(no baseline)", None, "ms", None, None)
    table.add("TUI key to frame, 1M rows (median)", "", med(keys), "16 ms budget", 16.0, "ms", [med(keys) / 16.0], 1.0)
    table.add("TUI key to frame, 1M rows (max)", "", max(keys), "16 ms budget", 16.0, "ms", [max(keys) / 16.0], 1.0)


if __name__ == "__main__":
    main()
