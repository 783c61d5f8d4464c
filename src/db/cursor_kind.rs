//! The cursor classes of mysql-connector-python and the options that select them.

use super::{DbError, ExceptionClass};

/// The keyword arguments of `cnx.cursor(...)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CursorOptions {
    /// `buffered=True`: read the whole result at `execute`.
    pub buffered: bool,
    /// `raw=True`: rows of bytes, no type conversion.
    pub raw: bool,
    /// `prepared=True`: server-side prepared statements, binary protocol.
    pub prepared: bool,
    /// `dictionary=True`: rows as dicts.
    pub dictionary: bool,
    /// `named_tuple=True`: rows as named tuples.
    pub named_tuple: bool,
}

/// How a cursor hands out rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowShape {
    /// `(1, 'John Doe')`
    Tuple,
    /// `{'id': 1, 'name': 'John Doe'}`
    Dict,
    /// `Row(id=1, name='John Doe')`
    NamedTuple,
    /// `sqlite3.Row`, printed as Python does: `<sqlite3.Row object at 0x...>`
    SqliteRow,
}

/// The cursor class `cnx.cursor(...)` instantiates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CursorClass {
    /// `MySQLCursor`
    Plain,
    /// `MySQLCursorBuffered`
    Buffered,
    /// `MySQLCursorRaw`
    Raw,
    /// `MySQLCursorBufferedRaw`
    BufferedRaw,
    /// `MySQLCursorDict`
    Dict,
    /// `MySQLCursorBufferedDict`
    BufferedDict,
    /// `MySQLCursorNamedTuple`
    NamedTuple,
    /// `MySQLCursorBufferedNamedTuple`
    BufferedNamedTuple,
    /// `MySQLCursorPrepared`
    Prepared,
    /// `MySQLCursorPreparedRaw`
    PreparedRaw,
    /// `MySQLCursorPreparedDict`
    PreparedDict,
    /// `MySQLCursorPreparedNamedTuple`
    PreparedNamedTuple,
}

impl CursorOptions {
    /// The option names in the order the script language and the course write them.
    pub const NAMES: [&'static str; 5] =
        ["buffered", "raw", "prepared", "dictionary", "named_tuple"];

    /// Turns one option on by name; `false` for an unknown name.
    pub fn set(&mut self, name: &str, on: bool) -> bool {
        match name {
            "buffered" => self.buffered = on,
            "raw" => self.raw = on,
            "prepared" => self.prepared = on,
            "dictionary" => self.dictionary = on,
            "named_tuple" => self.named_tuple = on,
            _ => return false,
        }
        true
    }

    /// Is the option called `name` on?
    pub fn get(&self, name: &str) -> bool {
        match name {
            "buffered" => self.buffered,
            "raw" => self.raw,
            "prepared" => self.prepared,
            "dictionary" => self.dictionary,
            "named_tuple" => self.named_tuple,
            _ => false,
        }
    }

    /// The Python call: `cnx.cursor(buffered=True, dictionary=True)`.
    pub fn python_call(&self) -> String {
        let args: Vec<String> = Self::NAMES
            .iter()
            .filter(|n| self.get(n))
            .map(|n| format!("{n}=True"))
            .collect();
        format!("cnx.cursor({})", args.join(", "))
    }

    /// The class the reference picks, or its `ValueError`.
    ///
    /// # Failure
    /// `ValueError: Cursor not available with given criteria: ...` for combinations the
    /// reference has no class for (the criteria listed in the reference's own order).
    pub fn class(&self) -> Result<CursorClass, DbError> {
        use CursorClass::{
            Buffered, BufferedDict, BufferedNamedTuple, BufferedRaw, Dict, NamedTuple, Plain,
            Prepared, PreparedDict, PreparedNamedTuple, PreparedRaw, Raw,
        };
        let bits = u8::from(self.buffered)
            | u8::from(self.raw) << 1
            | u8::from(self.dictionary) << 2
            | u8::from(self.named_tuple) << 3
            | u8::from(self.prepared) << 4;
        Ok(match bits {
            0 => Plain,
            1 => Buffered,
            2 => Raw,
            3 => BufferedRaw,
            4 => Dict,
            5 => BufferedDict,
            8 => NamedTuple,
            9 => BufferedNamedTuple,
            16 => Prepared,
            18 => PreparedRaw,
            20 => PreparedDict,
            24 => PreparedNamedTuple,
            _ => {
                let order = ["buffered", "raw", "dictionary", "named_tuple", "prepared"];
                let criteria: Vec<&str> = order
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, n)| *n)
                    .collect();
                return Err(DbError::new(
                    ExceptionClass::ValueError,
                    format!(
                        "Cursor not available with given criteria: {}",
                        criteria.join(", ")
                    ),
                ));
            }
        })
    }
}

impl CursorClass {
    /// The reference's class name.
    pub fn name(self) -> &'static str {
        use CursorClass::{
            Buffered, BufferedDict, BufferedNamedTuple, BufferedRaw, Dict, NamedTuple, Plain,
            Prepared, PreparedDict, PreparedNamedTuple, PreparedRaw, Raw,
        };
        match self {
            Plain => "MySQLCursor",
            Buffered => "MySQLCursorBuffered",
            Raw => "MySQLCursorRaw",
            BufferedRaw => "MySQLCursorBufferedRaw",
            Dict => "MySQLCursorDict",
            BufferedDict => "MySQLCursorBufferedDict",
            NamedTuple => "MySQLCursorNamedTuple",
            BufferedNamedTuple => "MySQLCursorBufferedNamedTuple",
            Prepared => "MySQLCursorPrepared",
            PreparedRaw => "MySQLCursorPreparedRaw",
            PreparedDict => "MySQLCursorPreparedDict",
            PreparedNamedTuple => "MySQLCursorPreparedNamedTuple",
        }
    }

    /// Reads the whole result at `execute`?
    pub fn is_buffered(self) -> bool {
        use CursorClass::{Buffered, BufferedDict, BufferedNamedTuple, BufferedRaw};
        matches!(
            self,
            Buffered | BufferedRaw | BufferedDict | BufferedNamedTuple
        )
    }

    /// Uses server-side prepared statements?
    pub fn is_prepared(self) -> bool {
        use CursorClass::{Prepared, PreparedDict, PreparedNamedTuple, PreparedRaw};
        matches!(
            self,
            Prepared | PreparedRaw | PreparedDict | PreparedNamedTuple
        )
    }

    /// Leaves text-protocol values as bytes?
    pub fn is_raw(self) -> bool {
        matches!(self, CursorClass::Raw | CursorClass::BufferedRaw)
    }

    /// How this kind's rows print: dictionary and named-tuple kinds, buffered and prepared
    /// too, give their own shape; every other kind gives tuples.
    pub fn shape(self) -> RowShape {
        use CursorClass::{
            BufferedDict, BufferedNamedTuple, Dict, NamedTuple, PreparedDict, PreparedNamedTuple,
        };
        match self {
            Dict | BufferedDict | PreparedDict => RowShape::Dict,
            NamedTuple | BufferedNamedTuple | PreparedNamedTuple => RowShape::NamedTuple,
            _ => RowShape::Tuple,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_combinations_list_criteria_in_the_reference_order() {
        let opts = CursorOptions {
            prepared: true,
            dictionary: true,
            named_tuple: true,
            ..Default::default()
        };
        let err = opts.class().err().map(|e| e.python_line());
        assert_eq!(
            err.as_deref(),
            Some(
                "ValueError: Cursor not available with given criteria: dictionary, named_tuple, prepared"
            )
        );
    }

    #[test]
    fn python_call_lists_flags_in_script_order() {
        let opts = CursorOptions {
            buffered: true,
            dictionary: true,
            ..Default::default()
        };
        assert_eq!(
            opts.python_call(),
            "cnx.cursor(buffered=True, dictionary=True)"
        );
        assert_eq!(CursorOptions::default().python_call(), "cnx.cursor()");
    }
}
