//! Row shapes: a row's Python values as a tuple, a dict or a `Row` named tuple, with the
//! checks Python's own `collections.namedtuple` makes.

use super::cursor_kind::RowShape;
use super::{DbError, ExceptionClass};
use crate::pyrepr::{PyValue, str_repr};

/// The class name mysql-connector-python gives its named tuples.
pub const NAMED_TUPLE_TYPE: &str = "Row";

const PYTHON_KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Python's `str.isidentifier()`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first == '_' || unicode_ident::is_xid_start(first) => {
            chars.all(unicode_ident::is_xid_continue)
        }
        _ => false,
    }
}

/// The `ValueError` `collections.namedtuple('Row', names)` would raise, if any.
pub fn named_tuple_error(names: &[String]) -> Option<DbError> {
    let value_error = |msg: String| Some(DbError::new(ExceptionClass::ValueError, msg));
    for name in names {
        if !is_identifier(name) {
            return value_error(format!(
                "Type names and field names must be valid identifiers: {}",
                str_repr(name)
            ));
        }
        if PYTHON_KEYWORDS.contains(&name.as_str()) {
            return value_error(format!(
                "Type names and field names cannot be a keyword: {}",
                str_repr(name)
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if name.starts_with('_') {
            return value_error(format!(
                "Field names cannot start with an underscore: {}",
                str_repr(name)
            ));
        }
        if seen.contains(&name.as_str()) {
            return value_error(format!(
                "Encountered duplicate field name: {}",
                str_repr(name)
            ));
        }
        seen.push(name);
    }
    None
}

/// The `TypeError` of `Row(*values)` when the row has more or fewer values than the
/// named tuple has fields (a row of another result, read after its description changed).
fn arity_error(names: &[String], given: usize) -> Option<DbError> {
    let type_error = |msg: String| Some(DbError::new(ExceptionClass::TypeError, msg));
    let fields = names.len();
    if given > fields {
        let takes = fields + 1;
        let plural = if takes == 1 { "" } else { "s" };
        let were = if given + 1 == 1 { "was" } else { "were" };
        return type_error(format!(
            "{NAMED_TUPLE_TYPE}.__new__() takes {takes} positional argument{plural} but {} {were} given",
            given + 1
        ));
    }
    if given < fields {
        let missing: Vec<String> = names[given..].iter().map(|n| str_repr(n)).collect();
        let listed = match missing.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} and {b}"),
            [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
            [] => String::new(),
        };
        let plural = if missing.len() == 1 { "" } else { "s" };
        return type_error(format!(
            "{NAMED_TUPLE_TYPE}.__new__() missing {} required positional argument{plural}: {listed}",
            missing.len()
        ));
    }
    None
}

/// Shapes one row's values.
///
/// # Failure
/// The `ValueError` of `namedtuple` for column names that are not valid field names.
pub fn shape_row(
    values: Vec<PyValue>,
    names: &[String],
    shape: RowShape,
) -> Result<PyValue, DbError> {
    match shape {
        RowShape::Tuple => Ok(PyValue::Tuple(values)),
        RowShape::Dict => {
            // dict(zip(names, values)): a repeated name keeps its first position and its last value.
            let mut pairs: Vec<(String, PyValue)> = Vec::with_capacity(values.len());
            for (name, value) in names.iter().zip(values) {
                match pairs.iter_mut().find(|(k, _)| k == name) {
                    Some(slot) => slot.1 = value,
                    None => pairs.push((name.clone(), value)),
                }
            }
            Ok(PyValue::Dict(pairs))
        }
        RowShape::NamedTuple => {
            if let Some(err) = named_tuple_error(names) {
                return Err(err);
            }
            if let Some(err) = arity_error(names, values.len()) {
                return Err(err);
            }
            let fields = names.iter().cloned().zip(values).collect();
            Ok(PyValue::NamedTuple {
                type_name: NAMED_TUPLE_TYPE.to_owned(),
                fields,
            })
        }
        RowShape::SqliteRow => Ok(PyValue::SqliteRow(
            names.iter().cloned().zip(values).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn dict_with_a_repeated_name_keeps_the_last_value() -> Result<(), DbError> {
        let row = shape_row(
            vec![PyValue::Int(1), PyValue::Int(2)],
            &names(&["a", "a"]),
            RowShape::Dict,
        )?;
        assert_eq!(row.to_string(), "{'a': 2}");
        Ok(())
    }

    #[test]
    fn named_tuple_arity_errors_read_like_python() {
        let err = |list: &[&str], given: usize| {
            let values = vec![PyValue::Int(1); given];
            shape_row(values, &names(list), RowShape::NamedTuple)
                .err()
                .map(|e| e.python_line())
        };
        assert_eq!(
            err(&[], 1).as_deref(),
            Some("TypeError: Row.__new__() takes 1 positional argument but 2 were given")
        );
        assert_eq!(
            err(&["a"], 3).as_deref(),
            Some("TypeError: Row.__new__() takes 2 positional arguments but 4 were given")
        );
        assert_eq!(
            err(&["a", "b"], 1).as_deref(),
            Some("TypeError: Row.__new__() missing 1 required positional argument: 'b'")
        );
        assert_eq!(
            err(&["a", "b", "c"], 0).as_deref(),
            Some(
                "TypeError: Row.__new__() missing 3 required positional arguments: 'a', 'b', and 'c'"
            )
        );
    }

    #[test]
    fn named_tuple_refuses_what_python_refuses() {
        let msg = |list: &[&str]| named_tuple_error(&names(list)).map(|e| e.python_line());
        assert_eq!(
            msg(&["COUNT(*)"]).as_deref(),
            Some("ValueError: Type names and field names must be valid identifiers: 'COUNT(*)'")
        );
        assert_eq!(
            msg(&["class"]).as_deref(),
            Some("ValueError: Type names and field names cannot be a keyword: 'class'")
        );
        assert_eq!(
            msg(&["_x"]).as_deref(),
            Some("ValueError: Field names cannot start with an underscore: '_x'")
        );
        assert_eq!(
            msg(&["a", "a"]).as_deref(),
            Some("ValueError: Encountered duplicate field name: 'a'")
        );
        assert_eq!(msg(&["id", "città"]), None);
    }
}
