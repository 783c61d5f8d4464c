//! The commands of a DB-API session: what a cursor script line, a TUI stepping key or a
//! line-mode meta-command asks a backend to do.

use crate::db::CursorOptions;
use crate::pyrepr::PyValue;

/// A cursor attribute a user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    /// `cursor.rowcount`
    Rowcount,
    /// `cursor.lastrowid`
    Lastrowid,
    /// `cursor.column_names`
    ColumnNames,
    /// `cursor.description`
    Description,
    /// `cursor.with_rows`
    WithRows,
    /// `cursor.statement`
    Statement,
}

impl Attribute {
    /// Every attribute, with its Python name.
    pub const ALL: [(Attribute, &'static str); 6] = [
        (Attribute::Rowcount, "rowcount"),
        (Attribute::Lastrowid, "lastrowid"),
        (Attribute::ColumnNames, "column_names"),
        (Attribute::Description, "description"),
        (Attribute::WithRows, "with_rows"),
        (Attribute::Statement, "statement"),
    ];

    /// The attribute called `name` in Python.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }

    /// Its Python name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, n)| n)
    }
}

/// One step of a DB-API session.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `cursor = cnx.cursor(...)`
    Cursor(CursorOptions),
    /// Parameters for the next `Execute` only.
    Params(Vec<PyValue>),
    /// Parameter tuples for the next `Execute` only, which then runs as
    /// `cursor.executemany(sql, [...])` (`\params` and `\paramsmany` fill one slot).
    ParamsMany(Vec<Vec<PyValue>>),
    /// A dict of parameters for the next `Execute` only, for `%(name)s` placeholders:
    /// `cursor.execute(sql, {...})`.
    ParamsDict(Vec<(String, PyValue)>),
    /// `cursor.execute(sql)` (with the pending parameters, if any).
    Execute(String),
    /// `cursor.fetchone()`
    FetchOne,
    /// `cursor.fetchmany()` / `cursor.fetchmany(n)`
    FetchMany(Option<i64>),
    /// `cursor.fetchall()`
    FetchAll,
    /// `for row in cursor: print(row)`, run to its end.
    Iterate,
    /// `cursor.arraysize = n` (a Python int: wider than the engine's `i64`, which a
    /// larger size saturates)
    Arraysize(i128),
    /// `cursor.<attribute>`
    Get(Attribute),
    /// `cursor.close()`
    Close,
    /// `cnx.commit()`
    Commit,
    /// `cnx.rollback()`
    Rollback,
    /// `cnx.autocommit = on`
    Autocommit(bool),
    /// `cnx.close()` then a fresh `mysql.connector.connect(**config)`.
    Reconnect,
}
