//! Line mode under the session supervisor: asking it before each statement, telling it
//! after, and saying its events the way the mysql client says them (2006, "No connection.
//! Trying to reconnect...") plus what rowwise adds (a lost transaction, a statement not run).
//! The policy is the supervisor's; this file only words it.

use std::sync::atomic::Ordering;

use crate::db::Database;
use crate::interrupt::SignalState;
use crate::session::{SessionEvent, Supervisor, Work};

use super::{Console, Repl};

impl Repl {
    /// Asks the session supervisor before `work`: a connection the server closed while
    /// idle is reported as the mysql client does (2006, then the reconnect). Returns false
    /// when the work must not run: reconnecting failed, or it found the open transaction
    /// lost (run it again on the new session).
    pub(super) fn ensure_connected(&mut self, work: Work) -> bool {
        let prepared = self.supervisor.prepare(self.db.as_mut(), work);
        for event in &prepared.events {
            tell(&mut self.console, self.db.as_mut(), event);
        }
        sync_signals(&self.signals, &self.supervisor);
        prepared.go
    }

    /// Reads the transaction state the server reported after a statement (`changed`: the
    /// SQL, when it changed data); when the connection was lost, says at once that an
    /// open transaction went with it (and only once: the reconnect stays quiet).
    pub(super) fn note_transaction(&mut self, changed: Option<&str>) {
        let events = self.supervisor.settle(self.db.as_mut(), changed);
        for event in &events {
            tell(&mut self.console, self.db.as_mut(), event);
        }
        sync_signals(&self.signals, &self.supervisor);
    }
}

/// Says a session event the way the mysql client would, plus what rowwise adds.
pub(super) fn tell(console: &mut Console, db: &mut dyn Database, event: &SessionEvent) {
    match event {
        SessionEvent::GoneWhileIdle => {
            console.error("ERROR 2006 (HY000): MySQL server has gone away");
        }
        SessionEvent::Reconnected {
            info,
            lost_transaction,
        } => {
            console.line("No connection. Trying to reconnect...");
            console.line(&format!(
                "Connection id:    {}",
                info.connection_id.unwrap_or(0)
            ));
            console.line(&format!(
                "Current database: {}",
                info.database.as_deref().unwrap_or("*** NONE ***")
            ));
            if let Some(lost) = lost_transaction {
                console.error(&format!(
                    "rowwise: the open transaction was lost with the connection: {}",
                    lost.summary()
                ));
            }
        }
        SessionEvent::ReconnectFailed { error } => {
            console.line("No connection. Trying to reconnect...");
            console.error(&error.mysql_client_line());
        }
        SessionEvent::ConnectionLost {
            lost_transaction: Some(lost),
        } => console.error(&format!(
            "rowwise: the open transaction was lost with the connection: {}",
            lost.summary()
        )),
        SessionEvent::ConnectionLost { .. } => {}
        SessionEvent::NotRun => {
            let autocommit = if db.autocommit().unwrap_or(false) {
                "on"
            } else {
                "off"
            };
            console.error(&format!(
                "rowwise: this statement was not run; autocommit is {autocommit} as before: run it again to run it on the new session"
            ));
        }
    }
}

/// What a signal handler says about the open transaction (Ctrl-C, a terminating signal).
pub(super) fn sync_signals(signals: &SignalState, supervisor: &Supervisor) {
    signals
        .in_transaction
        .store(supervisor.in_transaction(), Ordering::SeqCst);
    signals
        .uncommitted
        .store(supervisor.uncommitted(), Ordering::SeqCst);
}
