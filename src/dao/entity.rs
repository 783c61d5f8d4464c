//! The mapping every table class of the course shares, written once: equal and hashed by
//! the primary key only (as "Mapping tables" asks), printed as `{key} {text}` (the
//! classes' `__str__`), built from a dictionary row through its identity map, and stored
//! in that map once its `INSERT` is committed.

use std::sync::Arc;

use super::exec::{DaoResult, Reported, int_column, text_column, write};
use super::identity_map::IdentityMap;
use super::report::{ActionReport, Query};
use crate::db::{DbError, Pool};
use crate::pyrepr::PyValue;

/// A class built from a row's key column and one text column.
pub(crate) trait FromRow: Sized {
    /// The key column, as a dictionary row names it.
    const KEY: &'static str;
    /// The text column.
    const TEXT: &'static str;
    /// The object for a row with this key and text.
    fn from_columns(key: i64, text: String) -> Self;
}

/// The object a dictionary row stands for: the one its map holds, or a new one put there
/// (`if row[KEY] not in map: map[row[KEY]] = Class(...)`).
pub(crate) fn mapped<E: FromRow>(
    row: &PyValue,
    map: &mut IdentityMap<i64, E>,
) -> Result<Arc<E>, DbError> {
    let key = int_column(row, E::KEY)?;
    let text = text_column(row, E::TEXT)?;
    Ok(map.get_or_insert_with(key, || E::from_columns(key, text)).0)
}

/// Every `add_...` method: the insert, committed, then `map[key] = value`.
pub(crate) fn add_mapped<E>(
    pool: &Pool,
    report: ActionReport,
    query: &Query,
    map: &mut IdentityMap<i64, E>,
    key: i64,
    value: E,
) -> DaoResult<Arc<E>> {
    let done = write(pool, report, query)?;
    Ok(Reported {
        value: map.insert(key, value),
        report: done.report,
    })
}

/// `__eq__`, `__hash__` and `__str__` of a table class from its key and text fields; with
/// `row:`, also how a dictionary row builds it ([`FromRow`]).
macro_rules! keyed {
    ($ty:ty, $key:ident, $text:ident) => {
        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.$key == other.$key
            }
        }

        impl Eq for $ty {}

        impl std::hash::Hash for $ty {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.$key.hash(state);
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} {}", self.$key, self.$text)
            }
        }
    };
    ($ty:ty, $key:ident, $text:ident, row: $key_column:literal, $text_column:literal) => {
        $crate::dao::entity::keyed!($ty, $key, $text);

        impl $crate::dao::entity::FromRow for $ty {
            const KEY: &'static str = $key_column;
            const TEXT: &'static str = $text_column;
            fn from_columns(key: i64, text: String) -> Self {
                <$ty>::new(key, text)
            }
        }
    };
}

pub(crate) use keyed;
