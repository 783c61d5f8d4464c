//! Python parameters as binary-protocol values, for prepared statements.

use crate::db::{DbError, ExceptionClass};
use crate::pyrepr::PyValue;

/// Converts a Python parameter to the driver's binary-protocol value
/// (`MySQLProtocol.make_stmt_execute`).
pub(crate) fn binary_param(value: &PyValue) -> Result<mysql::Value, DbError> {
    use mysql::Value as V;
    Ok(match value {
        PyValue::None => V::NULL,
        PyValue::Bool(b) => V::Int(i64::from(*b)),
        PyValue::Int(i) => match i64::try_from(*i) {
            Ok(v) => V::Int(v),
            Err(_) => V::UInt(u64::try_from(*i).map_err(|_| {
                DbError::new(ExceptionClass::ProgrammingError, "int too large to convert")
            })?),
        },
        PyValue::Float(x) => V::Double(*x),
        PyValue::Str(s) => V::Bytes(s.as_bytes().to_vec()),
        PyValue::Bytes(b) => V::Bytes(b.clone()),
        PyValue::Decimal(d) => V::Bytes(d.as_bytes().to_vec()),
        PyValue::Date(d) => V::Date(d.year, d.month, d.day, 0, 0, 0, 0),
        PyValue::DateTime(dt) => V::Date(
            dt.date.year,
            dt.date.month,
            dt.date.day,
            dt.hour,
            dt.minute,
            dt.second,
            dt.microsecond,
        ),
        PyValue::TimeDelta(td) => {
            let total = td.total_micros();
            let negative = total < 0;
            let abs = total.unsigned_abs();
            let secs = abs / 1_000_000;
            V::Time(
                negative,
                (secs / 86_400) as u32,
                ((secs / 3600) % 24) as u8,
                ((secs / 60) % 60) as u8,
                (secs % 60) as u8,
                (abs % 1_000_000) as u32,
            )
        }
        other => {
            return Err(DbError::new(
                ExceptionClass::ProgrammingError,
                format!(
                    "MySQL binary protocol can not handle '{}' objects",
                    other.type_name()
                ),
            ));
        }
    })
}
