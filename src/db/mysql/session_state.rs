//! The session's state as the server reports it in its replies: autocommit, whether a
//! transaction is open, the current database and the character set. The connection asks
//! for the server's session-state tracking (`CLIENT_SESSION_TRACK`, with the transaction
//! state tracker switched on at connect time), so each OK packet that changes one of these
//! carries the new value: no statement of rowwise's own is needed to know them, and SQL
//! typed by the user (`SET autocommit=1`, `USE db`, `START TRANSACTION`) is seen exactly
//! as the server saw it.

use mysql::Conn;
use mysql::consts::SessionStateType;
use mysql::prelude::Queryable;

/// The session facts the server reports (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    /// Is autocommit on? Tracked from the server's session-state reports, so a `SET
    /// autocommit` typed by hand is seen too.
    pub autocommit: bool,
    /// Is a transaction open (the server's `@@in_transaction`)?
    pub in_transaction: bool,
    /// The current database (`DATABASE()`).
    pub schema: Option<String>,
    /// `character_set_client`, once the session changed it from what rowwise set.
    pub charset_client: Option<String>,
    /// `character_set_connection`, likewise.
    pub charset_connection: Option<String>,
    /// `character_set_results`, likewise.
    pub charset_results: Option<String>,
    /// Does the server track all of this? Without (old servers) only `schema` and
    /// `autocommit` as set through rowwise are known, and a transaction must be asked for.
    pub tracked: bool,
}

/// The trackers rowwise needs, switched on with the session's other settings.
pub(crate) const TRACKING_SETUP: &str = "SET @@session.session_track_transaction_info = 'STATE', \
     @@session.session_track_schema = ON, \
     @@session.session_track_system_variables = 'autocommit,character_set_client,character_set_connection,character_set_results,time_zone'";

impl SessionState {
    /// The state of a session just made with these settings.
    pub(crate) fn new(autocommit: bool, schema: Option<String>) -> Self {
        SessionState {
            autocommit,
            in_transaction: false,
            schema,
            charset_client: None,
            charset_connection: None,
            charset_results: None,
            tracked: false,
        }
    }

    /// Reads what the last reply of `conn` said changed, if anything.
    pub(crate) fn absorb(&mut self, conn: &Conn) {
        let Ok(changes) = conn.session_state_changes() else {
            return;
        };
        for change in changes {
            let data = change.data_ref();
            match change.data_type() {
                SessionStateType::SESSION_TRACK_SCHEMA => {
                    let name = lenenc_items(data).into_iter().next().unwrap_or_default();
                    self.schema = (!name.is_empty()).then(|| text(name));
                }
                SessionStateType::SESSION_TRACK_TRANSACTION_STATE => {
                    if let Some(state) = lenenc_items(data).into_iter().next() {
                        self.in_transaction = matches!(state.first(), Some(b'T' | b'I'));
                    }
                }
                SessionStateType::SESSION_TRACK_SYSTEM_VARIABLES => {
                    let items = lenenc_items(data);
                    for pair in items.chunks(2) {
                        if let [name, value] = pair {
                            self.set_variable(name, value);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn set_variable(&mut self, name: &[u8], value: &[u8]) {
        let value = text(value);
        match name {
            b"autocommit" => self.autocommit = value.eq_ignore_ascii_case("ON") || value == "1",
            b"character_set_client" => self.charset_client = Some(value),
            b"character_set_connection" => self.charset_connection = Some(value),
            b"character_set_results" => self.charset_results = Some(value),
            _ => {}
        }
    }

    /// The statement that gives a fresh session this one's character set, if the session
    /// changed it from rowwise's utf8mb4.
    pub(crate) fn charset_statement(&self) -> Option<String> {
        let assignments: Vec<String> = [
            ("character_set_client", &self.charset_client),
            ("character_set_connection", &self.charset_connection),
            ("character_set_results", &self.charset_results),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?;
            // The server's own name for a character set: letters, digits and `_` only.
            let plain = !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if value.eq_ignore_ascii_case("NULL") || !plain {
                return Some(format!("@@session.{name} = NULL"));
            }
            Some(format!("@@session.{name} = '{value}'"))
        })
        .collect();
        (!assignments.is_empty()).then(|| format!("SET {}", assignments.join(", ")))
    }
}

/// Switches the trackers on; false when the server does not have them.
pub(crate) fn start_tracking(conn: &mut Conn) -> bool {
    conn.query_drop(TRACKING_SETUP).is_ok()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Splits length-encoded strings (the layout of every tracker's data).
fn lenenc_items(mut data: &[u8]) -> Vec<&[u8]> {
    let mut items = Vec::new();
    while let Some((&first, rest)) = data.split_first() {
        let (len, rest) = match first {
            0xfc => match rest {
                [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
                _ => break,
            },
            0xfd => match rest {
                [a, b, c, rest @ ..] => (
                    usize::try_from(u32::from_le_bytes([*a, *b, *c, 0])).unwrap_or(usize::MAX),
                    rest,
                ),
                _ => break,
            },
            0xfe => match rest.split_first_chunk::<8>() {
                Some((n, rest)) => (
                    usize::try_from(u64::from_le_bytes(*n)).unwrap_or(usize::MAX),
                    rest,
                ),
                None => break,
            },
            n => (usize::from(n), rest),
        };
        let Some(item) = rest.get(..len) else { break };
        items.push(item);
        data = rest.get(len..).unwrap_or_default();
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenenc_items_split_name_value_pairs() {
        let data = b"\x0aautocommit\x02ON";
        assert_eq!(
            lenenc_items(data),
            vec![b"autocommit".as_slice(), b"ON".as_slice()]
        );
        assert!(lenenc_items(b"\x05ab").is_empty(), "a cut item is dropped");
    }

    #[test]
    fn a_changed_character_set_is_restored_as_it_was() {
        let mut state = SessionState::new(true, None);
        assert_eq!(state.charset_statement(), None);
        state.set_variable(b"character_set_client", b"latin1");
        state.set_variable(b"character_set_results", b"NULL");
        assert_eq!(
            state.charset_statement().as_deref(),
            Some(
                "SET @@session.character_set_client = 'latin1', @@session.character_set_results = NULL"
            )
        );
    }

    #[test]
    fn autocommit_follows_the_tracked_variable() {
        let mut state = SessionState::new(false, None);
        state.set_variable(b"autocommit", b"ON");
        assert!(state.autocommit);
        state.set_variable(b"autocommit", b"OFF");
        assert!(!state.autocommit);
    }
}
