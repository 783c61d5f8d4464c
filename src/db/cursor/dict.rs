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
        self.execute_text(
            cnx,
            operation,
            !params.is_empty(),
            "pyformat",
            |nbe, hex| interpolate_dict(operation.as_bytes(), params, nbe, hex),
        )
    }
}
