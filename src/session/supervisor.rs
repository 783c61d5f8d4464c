//! The session supervisor: the one place that decides what happens when the connection
//! goes — noticing it, reconnecting to a session that is what the lost one was (database,
//! autocommit mode, character set: see `MySqlDatabase::reconnect`), and keeping track of
//! the open transaction so that its loss is said, with the statements it took, and never
//! papered over. Every front end (TUI worker, line mode, batch, `rowwise script`) asks it
//! before and tells it after each piece of work, and words the typed [`SessionEvent`]s it
//! gets back in its own way.
//!
//! The policy: a statement that finds an open transaction lost is not run (it would
//! otherwise run, and with autocommit on be committed, outside the transaction it was
//! typed for); the user is told what was lost and runs it again on the new session.

use crate::db::api::Command;
use crate::db::{Database, DatabaseInfo, DbError};

/// Most statements a lost transaction lists by their text.
const LISTED_STATEMENTS: usize = 20;

/// An open transaction that went with a lost connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostTransaction {
    /// How many statements had run in it.
    pub count: u32,
    /// The first of them (at most 20), as they were typed.
    pub statements: Vec<String>,
}

impl LostTransaction {
    /// `2 uncommitted statement(s) were rolled back: INSERT ...; INSERT ...`
    pub fn summary(&self) -> String {
        let mut text = format!("{} uncommitted statement(s) were rolled back", self.count);
        if !self.statements.is_empty() {
            text.push_str(": ");
            text.push_str(&self.statements.join("; "));
            if self.count as usize > self.statements.len() {
                text.push_str("; ...");
            }
        }
        text
    }
}

/// What happened to the session, for a front end to tell the user.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SessionEvent {
    /// Before anything was sent: the server had closed the connection while the session
    /// sat idle (restart, crash, `KILL CONNECTION`, `wait_timeout`); the mysql client
    /// says `ERROR 2006 (HY000): MySQL server has gone away`.
    GoneWhileIdle,
    /// A statement found the connection lost (its error says how); the next statement
    /// reconnects.
    ConnectionLost {
        /// The open transaction that went with it.
        lost_transaction: Option<LostTransaction>,
    },
    /// A fresh session replaced the lost one, with its database, autocommit mode and
    /// character set.
    Reconnected {
        /// What the new connection is (label, connection id, database), for the front end to
        /// announce.
        info: DatabaseInfo,
        /// The open transaction that was lost, if the loss is found only now.
        lost_transaction: Option<LostTransaction>,
    },
    /// Reconnecting failed: nothing was run; the next statement tries again.
    ReconnectFailed {
        /// The connect error, as the connector raises it (errno and SQLSTATE).
        error: DbError,
    },
    /// The statement was not run: it found the open transaction lost. Run it again.
    NotRun,
}

/// What a piece of work about to run is, for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Reads what the cursor already holds (a fetch): needs no server.
    Fetch,
    /// Talks to the server, so a lost connection is found (and renewed) before it runs.
    Server,
}

impl Work {
    /// What a DB-API step is: a fetch reads what the cursor holds (a buffered cursor's
    /// rows outlive the server, and a reconnect would drop them); everything else talks to
    /// the server.
    pub fn of(command: &Command) -> Work {
        match command {
            Command::FetchOne | Command::FetchMany(_) | Command::FetchAll | Command::Iterate => {
                Work::Fetch
            }
            _ => Work::Server,
        }
    }
}

/// The supervisor's answer before a piece of work.
#[derive(Debug, Default)]
pub struct Prepared {
    /// What happened, in order.
    pub events: Vec<SessionEvent>,
    /// May the work run? False when reconnecting failed or a transaction was found lost.
    pub go: bool,
}

/// Why a new session the user asked for was not opened ([`Supervisor::renew`]).
#[derive(Debug, thiserror::Error)]
pub enum RenewRefused {
    /// A transaction is open: a new session would end it, and lose its changes, unasked.
    #[error("a transaction is open: COMMIT or ROLLBACK first (a new session would lose it)")]
    TransactionOpen,
    /// Connecting failed; the old session is as it was (or as lost as it was).
    #[error(transparent)]
    Failed(DbError),
}

/// Whether the supervisor reconnects a lost session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconnect {
    /// As the mysql client does: the next statement reconnects (TUI, line mode, batch).
    Automatically,
    /// Never: a lost connection stays lost, as for the reference's DB-API program
    /// (`rowwise script`, whose transcript must stay the reference's).
    Never,
}

/// The session supervisor (see the module documentation).
#[derive(Debug)]
pub struct Supervisor {
    reconnect: Reconnect,
    in_transaction: bool,
    count: u32,
    statements: Vec<String>,
    /// The loss was told already (once per loss).
    told_gone: bool,
}

/// Is this statement one that only opens a transaction (it changes no data)?
fn opens_transaction(sql: &str) -> bool {
    let word: String = sql
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    word.eq_ignore_ascii_case("begin") || word.eq_ignore_ascii_case("start")
}

impl Supervisor {
    /// A supervisor for a fresh session (no transaction open).
    pub fn new(reconnect: Reconnect) -> Self {
        Supervisor {
            reconnect,
            in_transaction: false,
            count: 0,
            statements: Vec::new(),
            told_gone: false,
        }
    }

    /// Is a transaction open, as the server last said?
    pub fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// Would a ROLLBACK now undo nothing? In autocommit mode with no transaction open
    /// (no START TRANSACTION) every statement was committed as it ran; the front ends say
    /// so rather than let a successful `cnx.rollback()` suggest something was undone.
    pub fn rollback_undoes_nothing(&self, db: &dyn Database) -> bool {
        !self.in_transaction && db.autocommit() == Some(true)
    }

    /// Statements that changed data in the open transaction (0 when none is open).
    pub fn uncommitted(&self) -> u32 {
        if self.in_transaction { self.count } else { 0 }
    }

    /// The open transaction, as lost with the connection (and forgotten here).
    fn take_lost(&mut self) -> Option<LostTransaction> {
        let open = std::mem::take(&mut self.in_transaction);
        let count = std::mem::take(&mut self.count);
        let statements = std::mem::take(&mut self.statements);
        open.then_some(LostTransaction { count, statements })
    }

    /// Before `work`: notices a connection the server closed while idle, reconnects a
    /// lost one (with [`Reconnect::Automatically`]; with [`Reconnect::Never`] the work is
    /// refused with [`SessionEvent::ConnectionLost`]), and decides whether the work runs.
    pub fn prepare(&mut self, db: &mut dyn Database, work: Work) -> Prepared {
        let mut prepared = Prepared {
            events: Vec::new(),
            go: true,
        };
        // A fetch reads what the cursor holds (a buffered cursor's rows outlive the
        // server, and a reconnect would drop them).
        if work == Work::Fetch {
            return prepared;
        }
        let mut lost = None;
        if db.probe() {
            lost = self.take_lost();
            self.told_gone = true;
            if self.reconnect == Reconnect::Never {
                // As the mysql client in batch mode: the statement fails, nothing reconnects.
                prepared.events.push(SessionEvent::ConnectionLost {
                    lost_transaction: lost,
                });
                prepared.go = false;
                return prepared;
            }
            prepared.events.push(SessionEvent::GoneWhileIdle);
        }
        if !db.is_gone() || self.reconnect == Reconnect::Never {
            return prepared;
        }
        match db.reconnect() {
            Ok(()) => {
                self.told_gone = false;
                let found_loss = lost.is_some();
                prepared.events.push(SessionEvent::Reconnected {
                    info: db.info(),
                    lost_transaction: lost,
                });
                if found_loss {
                    prepared.events.push(SessionEvent::NotRun);
                    prepared.go = false;
                }
            }
            Err(error) => {
                if let Some(lost) = lost {
                    prepared.events.push(SessionEvent::ConnectionLost {
                        lost_transaction: Some(lost),
                    });
                }
                prepared
                    .events
                    .push(SessionEvent::ReconnectFailed { error });
                prepared.go = false;
            }
        }
        prepared
    }

    /// After work ran: `statement` is the SQL that ran and changed data (no result set),
    /// if any. Reads the transaction state the server reported and says once when the
    /// connection was lost, with the transaction that went with it.
    pub fn settle(&mut self, db: &mut dyn Database, statement: Option<&str>) -> Vec<SessionEvent> {
        if db.is_gone() {
            if self.told_gone {
                return Vec::new();
            }
            self.told_gone = true;
            return vec![SessionEvent::ConnectionLost {
                lost_transaction: self.take_lost(),
            }];
        }
        self.told_gone = false;
        let unread = db.cursor_status().is_some_and(|s| s.unread);
        if unread {
            return Vec::new();
        }
        if let Ok(open) = db.in_transaction() {
            self.in_transaction = open;
            if !open {
                self.count = 0;
                self.statements.clear();
            } else if let Some(sql) = statement.filter(|s| !opens_transaction(s)) {
                self.count += 1;
                if self.statements.len() < LISTED_STATEMENTS {
                    self.statements.push(sql.trim().to_owned());
                }
            }
        }
        Vec::new()
    }

    /// A fresh session the user asked for (the mysql client's `connect`, `\\r`), with the
    /// database, autocommit mode and character set of the old one. Call [`Supervisor::settle`]
    /// first so that the transaction state is the server's.
    ///
    /// # Failure
    /// [`RenewRefused::TransactionOpen`] while a transaction is open (never lose it without
    /// being asked); [`RenewRefused::Failed`] when connecting fails.
    pub fn renew(&mut self, db: &mut dyn Database) -> Result<(), RenewRefused> {
        if self.in_transaction {
            return Err(RenewRefused::TransactionOpen);
        }
        db.reconnect().map_err(RenewRefused::Failed)?;
        self.told_gone = false;
        Ok(())
    }

    /// The error a `cnx.commit()` gets when it finds its transaction lost: it is not run
    /// (a COMMIT on the new session would commit nothing and look like a success).
    pub fn commit_refused() -> DbError {
        DbError::lost_connection()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_transaction_names_its_statements() {
        let lost = LostTransaction {
            count: 2,
            statements: vec!["INSERT INTO t VALUES (1)".into(), "DELETE FROM u".into()],
        };
        assert_eq!(
            lost.summary(),
            "2 uncommitted statement(s) were rolled back: INSERT INTO t VALUES (1); DELETE FROM u"
        );
    }

    #[test]
    fn only_transaction_openers_are_not_counted_as_changes() {
        assert!(opens_transaction("  START TRANSACTION"));
        assert!(opens_transaction("begin work"));
        assert!(!opens_transaction("INSERT INTO t VALUES (1)"));
        assert!(!opens_transaction("startx"));
    }
}
