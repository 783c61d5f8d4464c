//! `\s`, `status`: the session as the mysql client's status command shows it, plus the
//! open transaction and rowwise's own mode.

use crate::db::Dialect;

use super::Repl;

impl Repl {
    pub(super) fn status(&mut self) {
        let info = self.db.info();
        let autocommit = self.autocommit_for_status();
        let lines = [
            "--------------".to_owned(),
            format!("rowwise {}", env!("CARGO_PKG_VERSION")),
            String::new(),
            format!("Connection:             {}", info.label),
            format!(
                "Connection id:          {}",
                info.connection_id.map_or("-".to_owned(), |i| i.to_string())
            ),
            format!(
                "Current database:       {}",
                info.database.as_deref().unwrap_or("")
            ),
            format!("Current user:           {}", info.user),
            format!("Server version:         {}", info.server_version),
            format!(
                "SSL:                    {}",
                info.security
                    .as_ref()
                    .map_or("-".to_owned(), std::string::ToString::to_string)
            ),
            format!("Autocommit:             {autocommit}"),
            format!(
                "Open transaction:       {}",
                if self.supervisor.in_transaction() {
                    "yes"
                } else {
                    "no"
                }
            ),
            format!(
                "Mode:                   {}",
                if self.stepping {
                    "cursor stepping (\\auto to leave)"
                } else {
                    "auto"
                }
            ),
            format!(
                "Output format:          {}",
                format!("{:?}", self.options.format).to_lowercase()
            ),
            "--------------".to_owned(),
        ];
        for line in lines {
            self.console.line(&line);
        }
    }

    /// `Autocommit:` in `\s`: the server's `@@autocommit`; SQLite has no such variable,
    /// so the demo shows the mode rowwise opened it in.
    fn autocommit_for_status(&mut self) -> &'static str {
        if self.db.info().dialect == Dialect::Sqlite {
            return if self.options.autocommit { "ON" } else { "OFF" };
        }
        // The server's session-state tracking says it with every reply; ask only where
        // the server does not track it.
        if let Some(on) = self.db.autocommit() {
            return if on { "ON" } else { "OFF" };
        }
        let value = self
            .db
            .query("SELECT @@autocommit")
            .ok()
            .and_then(|start| match start {
                crate::db::QueryStart::Rows(_) => self.db.next_row().ok().flatten(),
                crate::db::QueryStart::Done(_) => None,
            });
        while self.db.next_row().ok().flatten().is_some() {}
        match value
            .and_then(|row| row.first().map(crate::db::display::cell_text))
            .as_deref()
        {
            Some("1") => "ON",
            Some("0") => "OFF",
            _ => "unknown (the server did not answer SELECT @@autocommit)",
        }
    }
}
