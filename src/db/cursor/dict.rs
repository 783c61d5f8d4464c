//! `cursor.execute(operation, {...})`: `%(name)s` placeholders with a dict of parameters.

use super::super::connection::Connection;
use super::super::params_dict::interpolate_dict;
use super::super::{DbError, ExceptionClass};
use super::Cursor;
use crate::pyrepr::PyValue;

impl Cursor {
    /// `cursor.execute(operation, params)` with `params` a dict, on the text protocol:
    /// `%(name)s` placeholders are replaced as `_bytestr_format_dict` does. An empty dict
    /// behaves as `None` (no interpolation).
    ///
    /// # Failure
    /// As [`Cursor::execute`], plus the dict's own (see [`interpolate_dict`]). Prepared
    /// cursors refuse a dict with a `NotSupportedError`: rowwise does not send one there.
    pub fn execute_dict(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        params: &[(String, PyValue)],
    ) -> Result<(), DbError> {
        if self.class.is_prepared() {
            return Err(DbError::new(
                ExceptionClass::NotSupportedError,
                "rowwise does not send dict parameters on a prepared cursor",
            ));
        }
        if operation.is_empty() {
            return Ok(());
        }
        if !self.connected {
            return Err(DbError::new(
                ExceptionClass::ProgrammingError,
                "Cursor is not connected",
            ));
        }
        cnx.handle_unread_result()?;
        self.reset_result();
        let (reference, wire) = if params.is_empty() {
            (operation.as_bytes().to_vec(), operation.to_owned())
        } else {
            // As `execute`: the reference asks for sql_mode before converting values.
            cnx.sql_mode().map_err(|e| {
                DbError::new(
                    ExceptionClass::ProgrammingError,
                    format!("Failed processing pyformat-parameters; {e}"),
                )
            })?;
            let nbe = cnx.no_backslash_escapes();
            let reference = interpolate_dict(operation.as_bytes(), params, nbe, false)?;
            let wire = match String::from_utf8(reference.clone()) {
                Ok(text) => text,
                // The driver sends text; byte strings that are not UTF-8 go as hex literals.
                Err(_) => {
                    let hex = interpolate_dict(operation.as_bytes(), params, nbe, true)?;
                    String::from_utf8(hex).map_err(|_| {
                        DbError::new(
                            ExceptionClass::ProgrammingError,
                            "statement is not valid UTF-8",
                        )
                    })?
                }
            };
            (reference, wire)
        };
        self.send_text(cnx, reference, &wire)
    }
}
