//! `%(name)s` placeholders with a dict of parameters (the `pyformat` paramstyle), as
//! mysql-connector-python 8.4.0's `MySQLCursor.execute` does it: `_process_params_dict`
//! converts every value (used or not), then `_bytestr_format_dict` replaces each
//! `%(key)c` match of `RE_PY_MAPPING_PARAM`.

use crate::pyrepr::PyValue;

use super::params::{hex_literal, sql_literal};
use crate::db::{DbError, ExceptionClass};

/// The conversion types `RE_PY_MAPPING_PARAM` accepts after `%(key)`.
const CONVERSIONS: &[u8] = b"diouxXeEfFgGcrs%";

/// Replaces each `%(key)s` of `stmt` with the SQL literal of `dict[key]` (and each
/// `%(key)%` with `%`). An empty dict leaves the statement alone (the reference only
/// interpolates when `params` is truthy). With `hex`, byte strings that are not UTF-8
/// become hex literals, as [`super::params::interpolate_hex`] does.
///
/// # Failure
/// The reference's: `ProgrammingError: Failed processing pyformat-parameters; ...` for a
/// value with no MySQL form, `KeyError: b'key'` for a `%(key)s` not in the dict,
/// `ValueError: Unsupported conversion_type: b'd'` for another conversion.
pub fn interpolate_dict(
    stmt: &[u8],
    dict: &[(String, PyValue)],
    no_backslash_escapes: bool,
    hex: bool,
) -> Result<Vec<u8>, DbError> {
    if dict.is_empty() {
        return Ok(stmt.to_vec());
    }
    let mut literals = Vec::with_capacity(dict.len());
    for (key, value) in dict {
        let literal = match value {
            PyValue::Bytes(b) if hex && std::str::from_utf8(b).is_err() => Ok(hex_literal(b)),
            other => sql_literal(other, no_backslash_escapes),
        }
        .map_err(|e| {
            DbError::new(
                ExceptionClass::ProgrammingError,
                format!("Failed processing pyformat-parameters; {e}"),
            )
        })?;
        literals.push((key.as_bytes(), literal));
    }
    let mut out = Vec::with_capacity(stmt.len());
    let mut i = 0;
    while i < stmt.len() {
        if let Some((key, conversion, end)) = mapping_at(stmt, i) {
            match conversion {
                b's' => {
                    let literal = literals
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, l)| l)
                        .ok_or_else(|| DbError::new(ExceptionClass::KeyError, bytes_repr(key)))?;
                    out.extend_from_slice(literal);
                }
                b'%' => out.push(b'%'),
                other => {
                    return Err(DbError::new(
                        ExceptionClass::ValueError,
                        format!("Unsupported conversion_type: {}", bytes_repr(&[other])),
                    ));
                }
            }
            i = end;
        } else {
            out.push(stmt[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// `re.sub(RE_SQL_PYTHON_REPLACE_PARAM, "?", operation)` with the names
/// `RE_SQL_PYTHON_CAPTURE_PARAM_NAME` captures, as the prepared cursor uses them: each
/// `%\((.*?)\)s` match (shortest name, not across a line end, quoted or not) becomes `?`.
pub fn named_to_question_marks(operation: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(operation.len());
    let mut names = Vec::new();
    let mut rest = operation;
    while let Some(at) = rest.find("%(") {
        let tail = &rest[at + 2..];
        let line = &tail[..tail.find('\n').unwrap_or(tail.len())];
        if let Some(end) = line.find(")s") {
            out.push_str(&rest[..at]);
            out.push('?');
            names.push(line[..end].to_owned());
            rest = &tail[end + 2..];
        } else {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    (out, names)
}

/// A `%\((?P<mapping_key>[^)]+)\)(?P<conversion_type>[diouxXeEfFgGcrs%])` match at `at`:
/// its key, conversion and end.
fn mapping_at(stmt: &[u8], at: usize) -> Option<(&[u8], u8, usize)> {
    let rest = stmt.get(at..)?;
    if !rest.starts_with(b"%(") {
        return None;
    }
    let close = rest[2..].iter().position(|&b| b == b')')? + 2;
    if close == 2 {
        return None;
    }
    let conversion = *rest.get(close + 1)?;
    CONVERSIONS
        .contains(&conversion)
        .then(|| (&rest[2..close], conversion, at + close + 2))
}

/// Python's `repr` of a short bytes value, as a `KeyError` prints its key.
fn bytes_repr(bytes: &[u8]) -> String {
    PyValue::Bytes(bytes.to_vec()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(stmt: &str, dict: &[(&str, PyValue)]) -> Result<String, DbError> {
        let dict: Vec<_> = dict
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        interpolate_dict(stmt.as_bytes(), &dict, false, false)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn replaces_named_placeholders_and_leaves_the_rest() {
        let out = run(
            "SELECT %(id)s, %(name)s, '100%%', %s, %(a)%",
            &[
                ("id", PyValue::Int(3)),
                ("name", PyValue::Str("Ann's".into())),
                ("a", PyValue::None),
                ("unused", PyValue::None),
            ],
        );
        assert_eq!(out.unwrap(), r"SELECT 3, 'Ann\'s', '100%%', %s, %");
    }

    #[test]
    fn named_placeholders_become_question_marks_as_the_prepared_cursor_finds_them() {
        let (sql, names) =
            named_to_question_marks("SELECT %(a)s, '%(b)s', %(a) %(c)s, %(d\n)s, %()s");
        assert_eq!(sql, "SELECT ?, '?', ?, %(d\n)s, ?");
        assert_eq!(names, ["a", "b", "a) %(c", ""]);
        let (sql, names) = named_to_question_marks("SELECT %s, %%(x)s");
        assert_eq!(sql, "SELECT %s, %?");
        assert_eq!(names, ["x"]);
    }

    #[test]
    fn errors_as_the_reference() {
        let missing = run("SELECT %(missing)s", &[("id", PyValue::Int(1))]).unwrap_err();
        assert_eq!(missing.class, ExceptionClass::KeyError);
        assert_eq!(missing.to_string(), "b'missing'");
        let conv = run("SELECT %(id)d", &[("id", PyValue::Int(1))]).unwrap_err();
        assert_eq!(conv.class, ExceptionClass::ValueError);
        assert_eq!(conv.to_string(), "Unsupported conversion_type: b'd'");
        assert_eq!(run("SELECT %(id)s", &[]).unwrap(), "SELECT %(id)s");
    }
}
