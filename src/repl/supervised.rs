//! Line mode under the session supervisor: asking it before each statement, telling it
//! after, and saying its events the way the mysql client says them (2006, "No connection.
//! Trying to reconnect...") plus what rowwise adds (a lost transaction, a statement not run).

use std::sync::atomic::Ordering;

use crate::session::{SessionEvent, Work};

use super::Repl;

impl Repl {
    /// Asks the session supervisor before a statement: a connection the server closed
    /// while idle is reported as the mysql client does (2006, then the reconnect). Returns
    /// false when the statement must not run: reconnecting failed, or it found the open
    /// transaction lost (run it again on the new session).
    pub(super) fn ensure_connected(&mut self) -> bool {
        let prepared = self.supervisor.prepare(self.db.as_mut(), Work::Server);
        for event in &prepared.events {
            self.tell(event);
        }
        self.sync_signals();
        prepared.go
    }

    /// Says a session event the way the mysql client would, plus what rowwise adds.
    fn tell(&mut self, event: &SessionEvent) {
        match event {
            SessionEvent::GoneWhileIdle => self
                .console
                .error("ERROR 2006 (HY000): MySQL server has gone away"),
            SessionEvent::Reconnected {
                info,
                lost_transaction,
            } => {
                self.console.line("No connection. Trying to reconnect...");
                self.console.line(&format!(
                    "Connection id:    {}",
                    info.connection_id.unwrap_or(0)
                ));
                self.console.line(&format!(
                    "Current database: {}",
                    info.database.as_deref().unwrap_or("*** NONE ***")
                ));
                if let Some(lost) = lost_transaction {
                    self.console.error(&format!(
                        "rowwise: the open transaction was lost with the connection: {}",
                        lost.summary()
                    ));
                }
            }
            SessionEvent::ReconnectFailed { error } => {
                self.console.line("No connection. Trying to reconnect...");
                self.console.error(&error.mysql_client_line());
            }
            SessionEvent::ConnectionLost {
                lost_transaction: Some(lost),
            } => self.console.error(&format!(
                "rowwise: the open transaction was lost with the connection: {}",
                lost.summary()
            )),
            SessionEvent::ConnectionLost { .. } => {}
            SessionEvent::NotRun => {
                let autocommit = if self.db.autocommit().unwrap_or(false) {
                    "on"
                } else {
                    "off"
                };
                self.console.error(&format!(
                    "rowwise: this statement was not run; autocommit is {autocommit} as before: run it again to run it on the new session"
                ));
            }
        }
    }

    /// Reads the transaction state the server reported after a statement (`changed`: the
    /// SQL, when it changed data); when the connection was lost, says at once that an
    /// open transaction went with it (and only once: the reconnect stays quiet).
    pub(super) fn note_transaction(&mut self, changed: Option<&str>) {
        let events = self.supervisor.settle(self.db.as_mut(), changed);
        for event in &events {
            self.tell(event);
        }
        self.sync_signals();
    }

    /// What a signal handler says about the open transaction.
    fn sync_signals(&self) {
        self.signals
            .in_transaction
            .store(self.supervisor.in_transaction(), Ordering::SeqCst);
        self.signals
            .uncommitted
            .store(self.supervisor.uncommitted(), Ordering::SeqCst);
    }
}
