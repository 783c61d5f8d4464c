//! The cursor's fetches: `fetchone`, `fetchmany`, `fetchall` for every cursor class, as
//! the reference's classes read (the row read ahead, buffered rows, the binary protocol's
//! early conversion), and the shaping of rows into Python values.

use super::{Cursor, type_error_not_subscriptable};
use crate::db::convert::{Decoding, row_to_python};
use crate::db::mysql::Connection;
use crate::db::{Columns, CursorClass, DbError, RawRow, shape_row};
use crate::pyrepr::PyValue;

impl Cursor {
    /// `_handle_eof`.
    pub(super) fn handle_eof(&mut self) {
        self.nextrow = None;
    }

    /// `get_row()` as the reference's reader does it: binary-protocol rows become Python
    /// values as they are read, so a value Python refuses (a zero month) raises here, one
    /// fetch early when it is the row read ahead — and, since that is a `ValueError` and not
    /// a connector error, the result stays unread.
    fn read_row(&self, cnx: &mut Connection) -> Result<Option<RawRow>, DbError> {
        let row = cnx.get_row()?;
        if let (true, Some(r), Some(columns)) = (self.class.is_prepared(), &row, cnx.columns_desc())
        {
            row_to_python(r, &columns, Decoding::Binary)?;
        }
        Ok(row)
    }

    /// `MySQLCursor._fetch_row`: one row, reading one ahead so the end is seen early.
    fn fetch_row_streaming(&mut self, cnx: &mut Connection) -> Result<Option<RawRow>, DbError> {
        if !cnx.unread_result() {
            return Ok(None);
        }
        let (row, mut eof) = match &self.nextrow {
            None => {
                let row = self.read_row(cnx)?;
                let eof = row.is_none();
                (row, eof)
            }
            Some(ahead) => {
                let ahead = ahead.clone();
                self.keep_lookahead_shape(cnx);
                (Some(ahead), false)
            }
        };
        self.row_columns = cnx.columns_desc();
        if row.is_some() {
            let ahead = self.read_row(cnx)?;
            eof = ahead.is_none();
            self.nextrow = ahead;
            self.nextrow_columns = cnx.columns_desc();
            if eof {
                self.handle_eof();
            }
            self.rowcount = if self.rowcount == -1 {
                1
            } else {
                self.rowcount + 1
            };
        }
        if eof {
            self.handle_eof();
        }
        Ok(row)
    }

    /// `MySQLCursorBuffered._fetch_row`.
    fn fetch_row_buffered(&mut self) -> Option<RawRow> {
        let row = self.rows.as_ref()?.get(self.next_row)?.clone();
        self.next_row += 1;
        Some(row)
    }

    /// The column names shaping uses (`cursor.column_names`).
    pub fn column_names(&self) -> Vec<String> {
        self.description
            .as_ref()
            .map(|cols| cols.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Converts and shapes rows as this cursor class hands them out.
    ///
    /// # Failure
    /// A conversion `ValueError`, or `namedtuple`'s `ValueError` for bad column names.
    pub fn shape(&self, rows: Vec<RawRow>) -> Result<Vec<PyValue>, DbError> {
        let names = self.column_names();
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| self.shape_at(&row, i, &names))
            .collect()
    }

    /// Shapes the `index`-th row of the last fetch (`names`: [`Cursor::column_names`]).
    ///
    /// # Failure
    /// As [`Cursor::shape`].
    pub fn shape_at(
        &self,
        row: &[crate::db::Cell],
        index: usize,
        names: &[String],
    ) -> Result<PyValue, DbError> {
        let columns = self.row_columns.as_ref().or(self.description.as_ref());
        let own: &[crate::db::Column] = match (&self.stale_columns, index) {
            (Some(stale), 0) => stale,
            _ => columns.map_or(&[], |c| c),
        };
        let values = row_to_python(row, own, self.decoding())?;
        shape_row(values, names, self.class.shape())
    }

    fn shape_one(&self, row: Option<RawRow>) -> Result<Option<PyValue>, DbError> {
        match row {
            None => Ok(None),
            Some(row) => Ok(self.shape(vec![row])?.pop()),
        }
    }

    /// `cursor.fetchone()`.
    ///
    /// # Failure
    /// `No result set to fetch from` before any statement; the server's error if the
    /// result fails while being read; conversion and named-tuple `ValueError`s.
    pub fn fetchone(&mut self, cnx: &mut Connection) -> Result<Option<PyValue>, DbError> {
        let row = self.fetchone_raw(cnx)?;
        self.shape_one(row)
    }

    /// `fetchone()` without conversion: the row's cells as they came off the wire.
    ///
    /// # Failure
    /// As [`Cursor::fetchone`], less the conversion errors.
    pub fn fetchone_raw(&mut self, cnx: &mut Connection) -> Result<Option<RawRow>, DbError> {
        self.stale_columns = None;
        self.check_executed()?;
        if self.class.is_buffered() {
            Ok(self.fetch_row_buffered())
        } else {
            self.fetch_row_streaming(cnx)
        }
    }

    /// `cursor.fetchmany(size)`; `None` or 0 means `arraysize`, negative means none.
    ///
    /// # Failure
    /// As [`Cursor::fetchone`]. Non-prepared dict and named-tuple cursors shape each
    /// row as they fetch it, so a shaping error stops after one row, as in the reference.
    pub fn fetchmany(
        &mut self,
        cnx: &mut Connection,
        size: Option<i64>,
    ) -> Result<Vec<PyValue>, DbError> {
        self.fetchmany_with_rows(cnx, size)
            .map(|(values, _)| values)
    }

    /// [`Cursor::fetchmany`], also returning the rows as they came off the wire.
    ///
    /// # Failure
    /// As [`Cursor::fetchmany`].
    pub fn fetchmany_with_rows(
        &mut self,
        cnx: &mut Connection,
        size: Option<i64>,
    ) -> Result<(Vec<PyValue>, Vec<RawRow>), DbError> {
        self.stale_columns = None;
        self.check_executed()?;
        let shape_as_we_go = !self.class.is_prepared();
        let mut remaining = self.fetchmany_count(size);
        let mut values = Vec::new();
        let mut rows = Vec::new();
        let names = self.column_names();
        // Shaped from borrowed rows: a 100 MB cell is not copied once more to be shaped.
        while let Some(row) = self.fetchmany_next(cnx, &mut remaining)? {
            if shape_as_we_go {
                values.push(self.shape_at(&row, 0, &names)?);
            }
            rows.push(row);
        }
        if !shape_as_we_go {
            values = rows
                .iter()
                .enumerate()
                .map(|(i, row)| self.shape_at(row, i, &names))
                .collect::<Result<_, _>>()?;
        }
        Ok((values, rows))
    }

    /// Python's `size or self.arraysize`: 0 or `None` means `arraysize`; a negative
    /// size fetches nothing.
    fn fetchmany_count(&self, size: Option<i64>) -> usize {
        let count = match size {
            None | Some(0) => self.arraysize,
            Some(n) => n,
        };
        usize::try_from(count).unwrap_or(0)
    }

    /// One step of the reference's `fetchmany` loop: the buffered classes try `remaining`
    /// times; the others also stop when the result is exhausted.
    fn fetchmany_next(
        &mut self,
        cnx: &mut Connection,
        remaining: &mut usize,
    ) -> Result<Option<RawRow>, DbError> {
        while *remaining > 0 {
            *remaining -= 1;
            let row = if self.class.is_buffered() {
                // The reference goes on trying `remaining` times, but a buffered cursor
                // past its last row stays there: stopping changes nothing (and a huge
                // arraysize does not spin).
                let row = self.fetch_row_buffered();
                if row.is_none() {
                    return Ok(None);
                }
                row
            } else {
                if !cnx.unread_result() {
                    return Ok(None);
                }
                self.fetch_row_streaming(cnx)?
            };
            if row.is_some() {
                return Ok(row);
            }
        }
        Ok(None)
    }

    /// `cursor.fetchall()`.
    ///
    /// # Failure
    /// As [`Cursor::fetchone`]; buffered cursors raise `No result set to fetch from`
    /// after a statement without a result set (and the buffered raw cursor the
    /// reference's `TypeError`).
    pub fn fetchall(&mut self, cnx: &mut Connection) -> Result<Vec<PyValue>, DbError> {
        let rows = self.fetchall_raw(cnx)?;
        self.shape(rows)
    }

    /// `fetchall()` without conversion.
    ///
    /// # Failure
    /// As [`Cursor::fetchall`], less the conversion errors.
    pub fn fetchall_raw(&mut self, cnx: &mut Connection) -> Result<Vec<RawRow>, DbError> {
        let mut rows = Vec::new();
        self.fetchall_each(cnx, &mut |row, _| rows.push(row))?;
        Ok(rows)
    }

    /// `fetchall()` handing each row to `sink` as it is read instead of collecting them,
    /// so a caller can keep a million rows compactly. The cursor's state changes exactly
    /// as the reference's `fetchall` changes it. Returns the number of rows.
    ///
    /// # Failure
    /// As [`Cursor::fetchall_raw`]; rows already handed over before an error stay with
    /// the caller, while `rowcount` is left as the reference leaves it.
    pub fn fetchall_each(
        &mut self,
        cnx: &mut Connection,
        sink: &mut dyn FnMut(RawRow, Option<&Columns>),
    ) -> Result<u64, DbError> {
        use CursorClass::{
            Buffered, BufferedDict, BufferedNamedTuple, BufferedRaw, Dict, NamedTuple, Plain,
            Prepared, PreparedDict, PreparedNamedTuple, PreparedRaw, Raw,
        };
        self.stale_columns = None;
        match self.class {
            Plain | Raw | Dict | NamedTuple => self.fetchall_streaming(cnx, sink),
            Buffered | BufferedDict | BufferedNamedTuple => {
                let (Some(_), Some(all)) = (&self.executed, &self.rows) else {
                    return Err(DbError::no_result_set());
                };
                let count = self.hand_over_buffered(all, sink);
                self.next_row = all.len();
                Ok(count)
            }
            // The reference's buffered raw cursor hands its rows over without moving on.
            BufferedRaw => {
                self.check_executed()?;
                let all = self
                    .rows
                    .as_ref()
                    .ok_or_else(type_error_not_subscriptable)?;
                Ok(self.hand_over_buffered(all, sink))
            }
            Prepared | PreparedRaw | PreparedDict | PreparedNamedTuple => {
                self.fetchall_prepared(cnx, sink)
            }
        }
    }

    /// The buffered rows not fetched yet, each to `sink`; how many.
    fn hand_over_buffered(
        &self,
        all: &[RawRow],
        sink: &mut dyn FnMut(RawRow, Option<&Columns>),
    ) -> u64 {
        let columns = self.row_columns.clone();
        let rest = all.get(self.next_row..).unwrap_or(&[]);
        for row in rest {
            sink(row.clone(), columns.as_ref());
        }
        rest.len() as u64
    }

    /// `fetchall` of the unbuffered text-protocol cursors: the row read ahead, then the
    /// rest off the wire; `rowcount` grows by the rows read.
    fn fetchall_streaming(
        &mut self,
        cnx: &mut Connection,
        sink: &mut dyn FnMut(RawRow, Option<&Columns>),
    ) -> Result<u64, DbError> {
        self.check_executed()?;
        if !cnx.unread_result() {
            return Ok(0);
        }
        let mut count: u64 = 0;
        let ahead = self.nextrow.clone();
        let columns = cnx.columns_desc();
        if let Some(row) = ahead {
            count += 1;
            sink(row, columns.as_ref());
        }
        while let Some(row) = cnx.get_row()? {
            count += 1;
            sink(row, columns.as_ref());
        }
        self.row_columns = cnx.columns_desc();
        self.handle_eof();
        if self.rowcount == -1 {
            self.rowcount = 0;
        }
        self.rowcount += count as i64;
        Ok(count)
    }

    /// `fetchall` of the prepared cursors: the row read ahead (with the columns it was
    /// read with, which a later result may have replaced), then every result left.
    fn fetchall_prepared(
        &mut self,
        cnx: &mut Connection,
        sink: &mut dyn FnMut(RawRow, Option<&Columns>),
    ) -> Result<u64, DbError> {
        self.check_executed()?;
        let mut count: u64 = 0;
        if let Some(row) = self.nextrow.clone() {
            let current = cnx.columns_desc();
            let same = match (&self.nextrow_columns, &current) {
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b) || a == b,
                _ => true,
            };
            if !same {
                self.stale_columns = self.nextrow_columns.clone();
            }
            count += 1;
            let own = if same {
                current.clone()
            } else {
                self.nextrow_columns.clone()
            };
            sink(row, own.as_ref());
        }
        while cnx.unread_result() {
            let columns = cnx.columns_desc();
            while let Some(row) = self.read_row(cnx)? {
                count += 1;
                sink(row, columns.as_ref());
            }
            self.row_columns = cnx.columns_desc();
            self.handle_eof();
        }
        self.rowcount = count as i64;
        Ok(count)
    }
}
