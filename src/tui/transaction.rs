//! What the status bar says of the transaction: open or not, and since which statement.
//! The only place the TUI reads the worker's in-transaction flag (`StepDone::in_transaction`,
//! today from the server after each request): when the engine reads it from the server's
//! status flags instead, this is what changes.

use super::worker::StepDone;

/// The transaction as the status bar shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransactionView {
    /// The last statement executed (it opens the transaction when one starts).
    last_statement: Option<String>,
    /// Open since this statement (`Some`), or not open (`None`).
    since: Option<String>,
}

impl TransactionView {
    /// Follows a finished request.
    pub fn after(&mut self, done: &StepDone) {
        let executed = done
            .steps
            .iter()
            .rev()
            .find_map(|s| s.executed().then(|| s.sql().map(one_line)).flatten());
        let was_open = self.since.is_some();
        match done.in_transaction {
            Some(true) if !was_open => {
                self.since = (done.opened_by.as_deref().map(one_line))
                    .or_else(|| executed.clone())
                    .or_else(|| self.last_statement.clone());
                if self.since.is_none() {
                    self.since = Some("(a statement before this one)".to_owned());
                }
            }
            Some(false) => self.since = None,
            _ => {}
        }
        if executed.is_some() {
            self.last_statement = executed;
        }
    }

    /// The statement that opened the transaction, while one is open.
    pub fn since(&self) -> Option<&str> {
        self.since.as_deref()
    }
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::api::{Command, Step};

    fn done(sql: Option<&str>, open: Option<bool>) -> StepDone {
        StepDone {
            steps: sql
                .map(|q| {
                    vec![Step::new(
                        Command::Execute(q.into()),
                        Vec::new(),
                        None,
                        None,
                        None,
                    )]
                })
                .unwrap_or_default(),
            in_transaction: open,
            ..StepDone::default()
        }
    }

    #[test]
    fn the_statement_that_opened_the_transaction_is_kept_until_it_ends() {
        let mut view = TransactionView::default();
        view.after(&done(Some("SELECT name\n  FROM user"), Some(true)));
        assert_eq!(view.since(), Some("SELECT name FROM user"));
        view.after(&done(Some("INSERT INTO user VALUES (3, 'x')"), Some(true)));
        assert_eq!(view.since(), Some("SELECT name FROM user"));
        view.after(&done(None, None));
        assert_eq!(
            view.since(),
            Some("SELECT name FROM user"),
            "unknown keeps it"
        );
        view.after(&done(None, Some(false)));
        assert_eq!(view.since(), None);
    }
}
