//! A streaming result that owns the connection it reads from.
//!
//! The `mysql` crate's `QueryResult` borrows the `Conn`, but a DB-API cursor reads its rows
//! across many calls. `LiveResult` keeps both together (a self-referencing struct built by
//! `ouroboros`), so rows are read from the socket only as the cursor advances, and the
//! connection comes back once the result is finished.

use std::collections::VecDeque;

use mysql::prelude::Protocol;
use mysql::{Binary, Conn, QueryResult, Text};

use super::{OkInfo, map_error};
use crate::db::cell::row_from;
use crate::db::column::columns_from;
use crate::db::{Columns, DbError, RawRow};

/// One result read completely into memory: used where the reference reads results the
/// server sent ahead of the command that consumes them (multi-statement replies).
#[derive(Debug, Clone)]
pub(crate) struct BufferedSet {
    pub columns: Option<Columns>,
    pub rows: VecDeque<RawRow>,
    pub ok: OkInfo,
    /// Another result of the same reply follows this one (`SERVER_MORE_RESULTS_EXISTS`).
    pub more: bool,
}

pub(crate) type QueuedResult = Result<BufferedSet, DbError>;

pub(crate) enum Live<'c> {
    Text(QueryResult<'c, 'c, 'c, Text>),
    Binary(QueryResult<'c, 'c, 'c, Binary>),
}

#[ouroboros::self_referencing]
pub(crate) struct LiveResult {
    conn: Conn,
    #[borrows(mut conn)]
    #[not_covariant]
    result: Live<'this>,
}

/// A finished step of a live result.
pub(crate) enum Step {
    Row(RawRow),
    End,
}

fn ok_info<T: Protocol>(r: &QueryResult<'_, '_, '_, T>) -> OkInfo {
    OkInfo {
        affected_rows: r.affected_rows(),
        insert_id: r.last_insert_id().unwrap_or(0),
        warnings: r.warnings(),
        info: r.info_str().into_owned(),
    }
}

fn current_columns<T: Protocol>(r: &QueryResult<'_, '_, '_, T>) -> Option<Columns> {
    let cols = r.columns();
    let cols = cols.as_ref();
    if cols.is_empty() {
        None
    } else {
        Some(columns_from(cols))
    }
}

fn next_step<T: Protocol>(r: &mut QueryResult<'_, '_, '_, T>) -> Result<Step, (DbError, bool)> {
    match r.next() {
        Some(Ok(row)) => Ok(Step::Row(row_from(row))),
        Some(Err(e)) => {
            let fatal = e.is_connectivity_error();
            Err((map_error(e), fatal))
        }
        None => Ok(Step::End),
    }
}

/// Reads every remaining result of a reply into memory, in order, marking which ones have
/// a successor. Stops after an error (the server stops there too).
fn buffer_sets<T: Protocol>(r: &mut QueryResult<'_, '_, '_, T>) -> Vec<QueuedResult> {
    let mut out: Vec<QueuedResult> = Vec::new();
    while let Some(mut set) = r.iter() {
        let columns = current_columns(&set);
        let ok = ok_info(&set);
        let mut rows = VecDeque::new();
        let mut failed = None;
        for row in set.by_ref() {
            match row {
                Ok(row) => rows.push_back(row_from(row)),
                Err(e) => {
                    failed = Some(map_error(e));
                    break;
                }
            }
        }
        match failed {
            Some(err) => {
                out.push(Err(err));
                break;
            }
            None => out.push(Ok(BufferedSet {
                columns,
                rows,
                ok,
                more: false,
            })),
        }
    }
    let last = out.len().saturating_sub(1);
    for (i, entry) in out.iter_mut().enumerate() {
        if let Ok(set) = entry {
            set.more = i < last;
        }
    }
    out
}

impl LiveResult {
    /// Runs `sql` on the text protocol. On failure the connection comes back with the error.
    pub(crate) fn query(conn: Conn, sql: &[u8]) -> Result<Self, (mysql::Error, Conn)> {
        LiveResultTryBuilder {
            conn,
            result_builder: |c| c.query_iter_bytes(sql).map(Live::Text),
        }
        .try_build_or_recover()
        .map_err(|(e, heads)| (e, heads.conn))
    }

    /// Executes a prepared statement on the binary protocol.
    pub(crate) fn execute(
        conn: Conn,
        stmt: &mysql::Statement,
        params: mysql::Params,
    ) -> Result<Self, (mysql::Error, Conn)> {
        LiveResultTryBuilder {
            conn,
            result_builder: |c| {
                mysql::prelude::Queryable::exec_iter(c, stmt, params).map(Live::Binary)
            },
        }
        .try_build_or_recover()
        .map_err(|(e, heads)| (e, heads.conn))
    }

    /// The columns of the current result set, or `None` for an OK packet.
    pub(crate) fn columns(&self) -> Option<Columns> {
        self.with_result(|r| match r {
            Live::Text(r) => current_columns(r),
            Live::Binary(r) => current_columns(r),
        })
    }

    /// The `UnicodeDecodeError` the reference raises for a column name that is not UTF-8
    /// (it decodes names strictly; a `SET NAMES latin1` session can send such names).
    pub(crate) fn column_name_error(&self) -> Option<DbError> {
        fn first_bad<T: Protocol>(r: &QueryResult<'_, '_, '_, T>) -> Option<DbError> {
            r.columns()
                .as_ref()
                .iter()
                .find_map(|c| DbError::utf8_decode(c.name_ref()))
        }
        self.with_result(|r| match r {
            Live::Text(r) => first_bad(r),
            Live::Binary(r) => first_bad(r),
        })
    }

    /// The OK packet's figures (zero while in a result set).
    pub(crate) fn ok_info(&self) -> OkInfo {
        self.with_result(|r| match r {
            Live::Text(r) => ok_info(r),
            Live::Binary(r) => ok_info(r),
        })
    }

    /// Reads the next row of the current set. The error's flag says whether the
    /// connection is gone.
    pub(crate) fn step(&mut self) -> Result<Step, (DbError, bool)> {
        self.with_result_mut(|r| match r {
            Live::Text(r) => next_step(r),
            Live::Binary(r) => next_step(r),
        })
    }

    /// Reads the results that follow the current one (if the reply has more).
    pub(crate) fn buffer_rest(&mut self) -> Vec<QueuedResult> {
        self.with_result_mut(|r| match r {
            Live::Text(r) => buffer_sets(r),
            Live::Binary(r) => buffer_sets(r),
        })
    }

    /// Reads the whole reply into memory, first result included.
    pub(crate) fn buffer_all(mut self) -> (Vec<QueuedResult>, Conn) {
        let sets = self.buffer_rest();
        (sets, self.into_heads().conn)
    }

    /// Gives the connection back, reading (and discarding) whatever is left of the reply.
    pub(crate) fn finish(self) -> Conn {
        self.into_heads().conn
    }
}
