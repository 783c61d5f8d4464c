//! `cursor.execute(operation, {...})`: `%(name)s` placeholders with a dict of parameters.

use super::super::connection::Connection;
use super::super::params_dict::{interpolate_dict, named_to_question_marks};
use super::Cursor;
use crate::db::{DbError, ExceptionClass};
use crate::pyrepr::PyValue;

impl Cursor {
    /// `cursor.execute(operation, params)` with `params` a dict. On the text protocol
    /// `%(name)s` placeholders are replaced as `_bytestr_format_dict` does, and an empty
    /// dict behaves as `None` (no interpolation). A prepared cursor does what
    /// `MySQLCursorPrepared.execute` does: each `%(name)s` becomes `?` and the dict's
    /// values, in placeholder order, the parameters (as `execute_prepared_dict` says).
    ///
    /// # Failure
    /// As [`Cursor::execute`], plus the dict's own (see [`interpolate_dict`]).
    pub fn execute_dict(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        params: &[(String, PyValue)],
    ) -> Result<(), DbError> {
        if self.class.is_prepared() {
            return self.execute_prepared_dict(cnx, operation, params);
        }
        self.execute_text(
            cnx,
            operation,
            !params.is_empty(),
            "pyformat",
            |nbe, hex| interpolate_dict(operation.as_bytes(), params, nbe, hex),
        )
    }

    /// The prepared cursor's dict: the statement with `?` for each `%(name)s` is what
    /// `cursor.statement` shows and what is prepared (after `%s` → `?`), the values picked
    /// by name in placeholder order are the parameters; keys no placeholder names are
    /// ignored. Even an empty dict counts as given (`isinstance(params, dict)`).
    ///
    /// # Failure
    /// `ProgrammingError: Not all placeholders were found in the parameters dict` for a
    /// name missing from the dict (before anything is sent); then as the tuple form.
    fn execute_prepared_dict(
        &mut self,
        cnx: &mut Connection,
        operation: &str,
        params: &[(String, PyValue)],
    ) -> Result<(), DbError> {
        if !self.connected {
            return self.execute_prepared(cnx, operation, &[]);
        }
        let (statement, names) = named_to_question_marks(operation);
        let values = names
            .iter()
            .map(|name| {
                params
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| {
                        DbError::new(
                            ExceptionClass::ProgrammingError,
                            "Not all placeholders were found in the parameters dict",
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.execute_prepared(cnx, &statement, &values)
    }
}
