//! `PyValue`: a Python object of the kinds a DB-API session shows, and its `repr()`.

use std::fmt::{self, Write};

use super::text::{write_bytes_repr, write_str_repr};
use super::{Date, DateTime, TimeDelta, float_repr, str_repr};

/// A Python value as mysql-connector-python (or `sqlite3`) hands it to the user.
///
/// `Display` is Python's `repr()`, with one normalisation: a `set` lists its members
/// sorted, because Python's own order is hash-randomised.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// `int` (every integer MySQL can send fits in an `i128`)
    Int(i128),
    /// `float`
    Float(f64),
    /// `decimal.Decimal`, kept as Python's `str()` of it (see [`super::decimal_str`])
    Decimal(String),
    /// `str`
    Str(String),
    /// `bytes`
    Bytes(Vec<u8>),
    /// `datetime.date`
    Date(Date),
    /// `datetime.datetime`
    DateTime(DateTime),
    /// `datetime.timedelta`
    TimeDelta(TimeDelta),
    /// `set` of `str` (a SET column)
    Set(Vec<String>),
    /// `tuple`
    Tuple(Vec<PyValue>),
    /// `list`
    List(Vec<PyValue>),
    /// `dict` with `str` keys, in insertion order
    Dict(Vec<(String, PyValue)>),
    /// an instance of a `collections.namedtuple` class
    NamedTuple {
        /// the class name (`Row` for mysql-connector-python)
        type_name: String,
        /// field names and values, in order
        fields: Vec<(String, PyValue)>,
    },
    /// A `sqlite3.Row`, with its keys and values in column order (duplicate names kept).
    /// It prints as Python 3.11 prints it, `<sqlite3.Row object at 0x...>` (the address,
    /// which changes every run, elided as for [`PyValue::Object`]); a display that wants
    /// what is inside shows `dict(row)` itself.
    SqliteRow(Vec<(String, PyValue)>),
    /// An object whose `repr()` is only its type and address, such as the cursor that
    /// `sqlite3`'s `execute` returns: `<sqlite3.Cursor object at 0x...>`. The address
    /// changes every run, so it is shown as `0x...`. Holds the qualified type name.
    Object(String),
}

impl PyValue {
    /// Python truthiness (`bool(value)`), as `if row:` in the connector sees it.
    pub fn is_truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Decimal(d) => d
                .trim_start_matches('-')
                .chars()
                .any(|c| ('1'..='9').contains(&c)),
            PyValue::Str(s) => !s.is_empty(),
            PyValue::Bytes(b) => !b.is_empty(),
            PyValue::Date(_) | PyValue::DateTime(_) | PyValue::Object(_) => true,
            PyValue::TimeDelta(td) => td.total_micros() != 0,
            PyValue::Set(v) => !v.is_empty(),
            PyValue::Tuple(v) | PyValue::List(v) => !v.is_empty(),
            PyValue::Dict(v) => !v.is_empty(),
            PyValue::NamedTuple { fields, .. } | PyValue::SqliteRow(fields) => !fields.is_empty(),
        }
    }

    /// The Python type name (`type(value).__name__`).
    pub fn type_name(&self) -> &str {
        match self {
            PyValue::None => "NoneType",
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Decimal(_) => "Decimal",
            PyValue::Str(_) => "str",
            PyValue::Bytes(_) => "bytes",
            PyValue::Date(_) => "date",
            PyValue::DateTime(_) => "datetime",
            PyValue::TimeDelta(_) => "timedelta",
            PyValue::Set(_) => "set",
            PyValue::Tuple(_) => "tuple",
            PyValue::List(_) => "list",
            PyValue::Dict(_) => "dict",
            PyValue::NamedTuple { type_name, .. } => type_name,
            PyValue::SqliteRow(_) => "Row",
            PyValue::Object(name) => name.rsplit('.').next().unwrap_or(name),
        }
    }
}

fn write_seq(
    f: &mut fmt::Formatter<'_>,
    items: &[PyValue],
    open: char,
    close: char,
) -> fmt::Result {
    f.write_char(open)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    f.write_char(close)
}

/// `{'k': v, ...}`
fn write_pairs(f: &mut fmt::Formatter<'_>, pairs: &[(String, PyValue)]) -> fmt::Result {
    f.write_char('{')?;
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{}: {v}", str_repr(k))?;
    }
    f.write_char('}')
}

impl fmt::Display for PyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyValue::None => f.write_str("None"),
            PyValue::Bool(true) => f.write_str("True"),
            PyValue::Bool(false) => f.write_str("False"),
            PyValue::Int(i) => write!(f, "{i}"),
            PyValue::Float(x) => f.write_str(&float_repr(*x)),
            PyValue::Decimal(d) => write!(f, "Decimal('{d}')"),
            PyValue::Str(s) => write_str_repr(f, s),
            PyValue::Bytes(b) => write_bytes_repr(f, b),
            PyValue::Date(d) => write!(f, "{d}"),
            PyValue::DateTime(dt) => write!(f, "{dt}"),
            PyValue::TimeDelta(td) => write!(f, "{td}"),
            PyValue::Set(members) if members.is_empty() => f.write_str("set()"),
            PyValue::Set(members) => {
                let mut sorted: Vec<&String> = members.iter().collect();
                sorted.sort();
                sorted.dedup();
                f.write_char('{')?;
                for (i, m) in sorted.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_str_repr(f, m)?;
                }
                f.write_char('}')
            }
            PyValue::Tuple(items) if items.len() == 1 => write!(f, "({},)", items[0]),
            PyValue::Tuple(items) => write_seq(f, items, '(', ')'),
            PyValue::List(items) => write_seq(f, items, '[', ']'),
            PyValue::Dict(pairs) => write_pairs(f, pairs),
            PyValue::SqliteRow(_) => f.write_str("<sqlite3.Row object at 0x...>"),
            PyValue::Object(name) => write!(f, "<{name} object at 0x...>"),
            PyValue::NamedTuple { type_name, fields } => {
                write!(f, "{type_name}(")?;
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}={v}")?;
                }
                f.write_char(')')
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_element_tuple_keeps_its_comma() {
        assert_eq!(PyValue::Tuple(vec![PyValue::Int(3)]).to_string(), "(3,)");
        assert_eq!(PyValue::Tuple(vec![]).to_string(), "()");
    }

    #[test]
    fn set_members_are_sorted_and_empty_set_reads_set() {
        let set = PyValue::Set(vec!["red".into(), "blue".into()]);
        assert_eq!(set.to_string(), "{'blue', 'red'}");
        assert_eq!(PyValue::Set(vec![]).to_string(), "set()");
    }

    #[test]
    fn dict_and_named_tuple_show_fields_in_column_order() {
        let fields = vec![
            ("id".to_owned(), PyValue::Int(1)),
            ("name".to_owned(), PyValue::Str("John Doe".into())),
        ];
        assert_eq!(
            PyValue::Dict(fields.clone()).to_string(),
            "{'id': 1, 'name': 'John Doe'}"
        );
        let row = PyValue::NamedTuple {
            type_name: "Row".into(),
            fields,
        };
        assert_eq!(row.to_string(), "Row(id=1, name='John Doe')");
    }

    #[test]
    fn sqlite_rows_print_as_python_3_11_prints_them() {
        let row = PyValue::SqliteRow(vec![
            ("a".to_owned(), PyValue::Int(1)),
            ("a".to_owned(), PyValue::Int(2)),
        ]);
        assert_eq!(row.to_string(), "<sqlite3.Row object at 0x...>");
    }

    #[test]
    fn objects_show_their_type_and_an_elided_address() {
        let cursor = PyValue::Object("sqlite3.Cursor".into());
        assert_eq!(cursor.to_string(), "<sqlite3.Cursor object at 0x...>");
        assert_eq!(cursor.type_name(), "Cursor");
    }

    #[test]
    fn decimal_zero_is_falsy_like_python() {
        assert!(!PyValue::Decimal("-0.00".into()).is_truthy());
        assert!(PyValue::Decimal("0.01".into()).is_truthy());
    }
}
