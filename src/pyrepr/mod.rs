//! Python values as mysql-connector-python returns them, their exact `repr()`, and a parser
//! for the Python tuple literals a user types as statement parameters.
//!
//! Pure: no I/O and no database. The transcript a student reads is only as exact as this
//! module, so each rule here mirrors CPython 3.11 (`Objects/unicodeobject.c`,
//! `Python/pystrtod.c`, `Lib/_pydecimal.py`, `Lib/datetime.py`).

mod abridge;
mod decimal;
mod float;
mod literal;
mod printable_table;
mod text;
mod time;
mod value;

pub use abridge::display_prefix;
pub use decimal::decimal_str;
pub use float::float_repr;
pub use literal::{LiteralError, parse_dict, parse_tuple, parse_tuple_list};
pub use text::{bytes_repr, is_printable, str_repr, write_bytes_repr, write_str_repr};
pub use time::{Date, DateError, DateTime, TimeDelta};
pub use value::PyValue;
