#!/usr/bin/env python3
"""Reference transcript for a cursor script run on the demo database with Python's own sqlite3.

Usage: sqlite_oracle.py SCRIPT.cur
Runs the script against a fresh demo database built from src/db/sqlite/seed.sql (the file
rowwise seeds its demo from) in a temporary directory, as `demo.sqlite3`. Only the standard
library is needed; the transcript rules are in docs/sqlite-transcript.md. Mirrors
tools/oracle/cursor_oracle.py (the mysql-connector-python reference), whose script language
it shares.
"""
import ast
import os
import re
import sqlite3
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "src", "db", "sqlite", "seed.sql")
DEMO_FILE = "demo.sqlite3"

CURSOR_FLAGS = ["buffered", "raw", "prepared", "dictionary", "named_tuple"]

# What sqlite3 does instead of each mysql-connector-python cursor option (printed as comments).
NO_SUCH_OPTION = {
    "buffered": "sqlite3 has no buffered cursors: a cursor reads its rows from the file as you fetch them",
    "raw": "sqlite3 has no raw cursors: values always arrive as int, float, str, bytes or None",
    "prepared": "sqlite3 has no prepared=True: it prepares every statement itself and binds ? parameters",
    "dictionary": "sqlite3 has no dictionary cursors: sqlite3.Row rows are read by name, row['name']",
    "named_tuple": "sqlite3 has no named-tuple cursors: sqlite3.Row rows are read by name, row['name']",
}
QMARK_NOTE = "sqlite3 uses ? placeholders, not %s: rewritten below"
AUTOCOMMIT_NOTE = {
    True: "Python 3.11's sqlite3 has no cnx.autocommit: isolation_level None means autocommit",
    False: "Python 3.11's sqlite3 has no cnx.autocommit: isolation_level '' (the default) begins "
    "a transaction before INSERT, UPDATE, DELETE and REPLACE",
}


def error_line(exc):
    cls = type(exc)
    mod = cls.__module__
    name = cls.__name__ if mod == "builtins" else f"{mod}.{cls.__name__}"
    return f"{name}: {exc}"


def pyrepr(value):
    """repr(), except for what Python prints with a memory address, which changes every run:
    such an object (a sqlite3.Row, a cursor) shows `0x...` for the address."""
    if isinstance(value, tuple):
        inner = ", ".join(pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    return re.sub(r" at 0x[0-9a-fA-F]+>$", " at 0x...>", repr(value))


def comment(text):
    print(f"# {text}")


def show(expr, thunk, echo=True):
    """Print `>>> expr`, evaluate, print repr like the REPL (nothing for None)."""
    print(f">>> {expr}")
    try:
        value = thunk()
    except Exception as exc:  # noqa: BLE001 - the transcript shows every error
        print(error_line(exc))
        return None, exc
    if echo and value is not None:
        print(pyrepr(value))
    return value, None


def qmark(sql):
    """`%s` placeholders rewritten as `?` outside quotes and comments, or None if there are none."""
    out, i, n, copied, changed = [], 0, len(sql), 0, False
    while i < n:
        c = sql[i]
        if c in "'\"`[":
            j = sql.find("]" if c == "[" else c, i + 1)
            i = n if j < 0 else j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif sql.startswith("%s", i):
            out.append(sql[copied:i])
            out.append("?")
            i += 2
            copied = i
            changed = True
        else:
            i += 1
    out.append(sql[copied:])
    return "".join(out) if changed else None


def parse(text):
    """Yield ('meta', name, arg) or ('sql', sql) items."""
    buf = []
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not buf:
            if not stripped or stripped.startswith("--"):
                continue
            if stripped.startswith("\\"):
                name, _, arg = stripped[1:].partition(" ")
                yield ("meta", name, arg.strip())
                continue
        buf.append(line)
        if stripped.endswith(";"):
            sql = "\n".join(buf).strip()
            yield ("sql", sql[:-1].rstrip())
            buf = []
    if buf:
        raise SystemExit("script ends inside a statement (missing ';')")


def fresh_demo(directory):
    path = os.path.join(directory, DEMO_FILE)
    with open(SEED, encoding="utf-8") as f:
        seed = f.read()
    cnx = sqlite3.connect(path)
    cnx.executescript(f"BEGIN;\n{seed}\nCOMMIT;")
    cnx.close()
    return path


class Session:
    def __init__(self, path):
        self.path = path
        self.cnx = sqlite3.connect(path)
        self.cursor = None
        self.params = None

    def ensure_cursor(self):
        if self.cursor is None:
            self.cursor, _ = show("cursor = cnx.cursor()", lambda: self.cnx.cursor(), echo=False)

    def new_cursor(self, arg):
        flags = arg.split()
        bad = [f for f in flags if f not in CURSOR_FLAGS]
        if bad:
            raise SystemExit(f"unknown cursor option {bad[0]}")
        for flag in CURSOR_FLAGS:
            if flag in flags:
                comment(NO_SUCH_OPTION[flag])
        want_row = "dictionary" in flags or "named_tuple" in flags
        if want_row != (self.cnx.row_factory is sqlite3.Row):
            factory = sqlite3.Row if want_row else None

            def set_factory():
                self.cnx.row_factory = factory

            show(f"cnx.row_factory = {'sqlite3.Row' if want_row else 'None'}", set_factory)
        cur, exc = show("cursor = cnx.cursor()", lambda: self.cnx.cursor(), echo=False)
        if exc is None:
            self.cursor = cur

    def meta(self, name, arg):
        c = lambda: self.cursor  # noqa: E731
        if name == "cursor":
            self.new_cursor(arg)
        elif name == "params":
            value = ast.literal_eval(arg)
            if not isinstance(value, tuple):
                raise SystemExit("\\params takes a tuple literal")
            self.params = value
        elif name == "paramsmany":
            value = ast.literal_eval(arg)
            if not isinstance(value, list) or not all(isinstance(p, tuple) for p in value):
                raise SystemExit("\\paramsmany takes a list literal of tuples")
            self.params = value
        elif name == "iterate":
            # The REPL's lines for the loop typed at its prompt, then what it prints; a row
            # prints as pyrepr shows it (a sqlite3.Row's str() holds a memory address).
            self.ensure_cursor()
            print(">>> for row in cursor:")
            print("...     print(row)")
            print("...")
            try:
                for row in c():
                    print(pyrepr(row))
            except Exception as exc:  # noqa: BLE001 - the transcript shows every error
                print(error_line(exc))
        elif name == "arraysize":
            if not re.fullmatch(r"-?[0-9]+", arg):
                raise SystemExit("\\arraysize takes an integer")
            n = int(arg)
            self.ensure_cursor()

            def set_arraysize():
                c().arraysize = n

            show(f"cursor.arraysize = {n}", set_arraysize)
        elif name == "fetchone":
            self.ensure_cursor()
            show("cursor.fetchone()", lambda: c().fetchone())
        elif name == "fetchmany":
            self.ensure_cursor()
            if arg:
                n = int(arg)
                show(f"cursor.fetchmany({n})", lambda: c().fetchmany(n))
            else:
                show("cursor.fetchmany()", lambda: c().fetchmany())
        elif name == "fetchall":
            self.ensure_cursor()
            show("cursor.fetchall()", lambda: c().fetchall())
        elif name in ("rowcount", "lastrowid", "column_names", "description", "with_rows", "statement"):
            self.ensure_cursor()
            show(f"cursor.{name}", lambda: getattr(c(), name))
        elif name == "close":
            self.ensure_cursor()
            show("cursor.close()", lambda: c().close())
        elif name == "commit":
            show("cnx.commit()", lambda: self.cnx.commit())
        elif name == "rollback":
            show("cnx.rollback()", lambda: self.cnx.rollback())
        elif name == "autocommit":
            on = {"on": True, "off": False}[arg]
            level = None if on else ""

            def set_level():
                self.cnx.isolation_level = level

            comment(AUTOCOMMIT_NOTE[on])
            show(f"cnx.isolation_level = {level!r}", set_level)
        elif name == "reconnect":
            show("cnx.close()", lambda: self.cnx.close())

            def reconnect():
                self.cnx = sqlite3.connect(self.path)

            show(f"cnx = sqlite3.connect({os.path.basename(self.path)!r})", reconnect)
            self.cursor = None
        else:
            raise SystemExit(f"unknown meta-command \\{name}")

    def execute(self, sql):
        self.ensure_cursor()
        params, self.params = self.params, None
        if params is not None:
            rewritten = qmark(sql)
            if rewritten is not None:
                comment(QMARK_NOTE)
                sql = rewritten
        if params is None:
            show(f"cursor.execute({sql!r})", lambda: self.cursor.execute(sql))
        elif isinstance(params, list):
            show(f"cursor.executemany({sql!r}, {params!r})", lambda: self.cursor.executemany(sql, params))
        else:
            show(f"cursor.execute({sql!r}, {params!r})", lambda: self.cursor.execute(sql, params))


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        items = list(parse(f.read()))
    with tempfile.TemporaryDirectory() as directory:
        session = Session(fresh_demo(directory))
        for item in items:
            if item[0] == "meta":
                session.meta(item[1], item[2])
            else:
                session.execute(item[1])
            sys.stdout.flush()
        session.cnx.close()


if __name__ == "__main__":
    main()
