//! The parameters prompt: a statement with `%s` placeholders runs as
//! `cursor.execute(query, params)`, with `params` typed as a Python tuple literal and read
//! by the engine's literal parser (as `\params` in scripts). The prompt owns its state,
//! keys and drawing; `App` opens it and remembers the text typed per statement.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::pyrepr::{PyValue, parse_dict, parse_tuple, parse_tuple_list};

use super::action::Action;
use super::theme::Theme;

/// What a statement's placeholders ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholders {
    /// None: the statement runs as it is.
    None,
    /// `%s` placeholders (the `format` paramstyle), this many: a tuple.
    Format(usize),
    /// `%(name)s` placeholders (`pyformat`): a dict.
    Named(Vec<String>),
}

/// The placeholders of `sql` as the reference's text cursor finds them: every `%s` is
/// replaced, quoted or not, so every `%s` counts.
pub fn placeholders(sql: &str) -> Placeholders {
    let mut named = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find("%(") {
        let tail = &rest[at + 2..];
        match tail.find(")s") {
            Some(end) if !tail[..end].contains([')', '(']) => {
                named.push(tail[..end].to_owned());
                rest = &tail[end + 2..];
            }
            _ => rest = tail,
        }
    }
    let format = sql.matches("%s").count();
    if !named.is_empty() {
        Placeholders::Named(named)
    } else if format > 0 {
        Placeholders::Format(format)
    } else {
        Placeholders::None
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamsPrompt {
    /// The statement waiting for its parameters.
    pub sql: String,
    /// How many `%s` it has.
    pub count: usize,
    /// The literal typed so far.
    pub input: String,
    /// Why the last Enter was refused.
    pub error: Option<String>,
    /// Fetch a screenful after `execute` (F5), or only execute (F4).
    pub fetch: bool,
    /// The `%(name)s` placeholders' names, when the statement wants a dict.
    pub named: Vec<String>,
}

/// What a key did to the prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptKey {
    /// Still open.
    Stay,
    /// Closed without running anything.
    Cancel,
    /// Run the statement with these parameters.
    Submit(Vec<PyValue>),
    /// Run the statement once per tuple: `cursor.executemany(query, seq_of_params)`.
    SubmitMany(Vec<Vec<PyValue>>),
    /// Run the statement with a dict: `cursor.execute(query, {...})`.
    SubmitDict(Vec<(String, PyValue)>),
}

/// The parameters a statement runs with.
#[derive(Debug, Clone, PartialEq)]
pub enum Params {
    /// `cursor.execute(query, params)`.
    One(Vec<PyValue>),
    /// `cursor.executemany(query, seq_of_params)`.
    Many(Vec<Vec<PyValue>>),
    /// `cursor.execute(query, {...})` for `%(name)s` placeholders.
    Dict(Vec<(String, PyValue)>),
}

impl ParamsPrompt {
    /// A prompt for `sql`, starting from `remembered` (what was typed for it last time).
    pub fn new(sql: String, count: usize, remembered: Option<&str>) -> Self {
        let input = remembered.map_or_else(String::new, str::to_owned);
        ParamsPrompt {
            sql,
            count,
            input,
            error: None,
            fetch: true,
            named: Vec::new(),
        }
    }

    /// A prompt for `sql` with `%(name)s` placeholders: its parameters are a dict.
    pub fn named(sql: String, names: Vec<String>, remembered: Option<&str>) -> Self {
        let mut prompt = ParamsPrompt::new(sql, names.len(), remembered);
        prompt.named = names;
        prompt
    }

    /// Handles a key with the default keys (the app passes the user's: [`Self::on_input`]).
    #[cfg(test)]
    pub fn on_key(&mut self, key: KeyEvent) -> PromptKey {
        let action =
            super::keymap::Keymap::default().window_action(super::keymap::Window::Params, &key);
        self.on_input(action, key)
    }

    /// Handles a key: its action in the prompt's keymap, else the key typed into the
    /// literal (characters and Backspace, as in any text field).
    pub fn on_input(&mut self, action: Option<Action>, key: KeyEvent) -> PromptKey {
        let accept = action == Some(Action::Accept);
        match action {
            Some(Action::Close) => return PromptKey::Cancel,
            Some(Action::ClearInput) => self.input.clear(),
            Some(Action::Accept) => match self.parse() {
                Ok(submit) => return submit,
                Err(e) => self.error = Some(e),
            },
            _ => match key.code {
                KeyCode::Backspace => {
                    self.input.pop();
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.input.push(c);
                }
                _ => {}
            },
        }
        if !accept {
            self.error = None;
        }
        PromptKey::Stay
    }

    /// What Enter submits: a list literal is the `seq_of_params` of `executemany`;
    /// `%(name)s` placeholders take a dict; anything else must be the tuple of `execute`
    /// (and is refused as the literal parser says).
    fn parse(&self) -> Result<PromptKey, String> {
        if !self.named.is_empty() {
            return parse_dict(&self.input)
                .map(PromptKey::SubmitDict)
                .map_err(|e| e.to_string());
        }
        if self.input.trim_start().starts_with('[') {
            return parse_tuple_list(&self.input)
                .map(PromptKey::SubmitMany)
                .map_err(|e| e.to_string());
        }
        parse_tuple(&self.input)
            .map(PromptKey::Submit)
            .map_err(|e| e.to_string())
    }

    /// Pasted text goes into the literal (line breaks become spaces).
    pub fn paste(&mut self, text: &str) {
        self.input
            .extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
        self.error = None;
    }

    /// Draws the prompt over `screen`.
    pub fn render(&self, theme: &Theme, frame: &mut Frame, screen: Rect) {
        let width = screen.width.min(90);
        let height = screen.height.min(9);
        let area = Rect::new(
            screen.x + (screen.width - width) / 2,
            screen.y + (screen.height - height) / 2,
            width,
            height,
        );
        let plural = if self.count == 1 { "" } else { "s" };
        let wanted = if self.named.is_empty() {
            format!(
                "{} placeholder{plural} %s: a Python tuple, e.g. (3, 'John Doe'), or a list of tuples for executemany",
                self.count
            )
        } else {
            format!(
                "{} placeholder{plural} %(name)s: a Python dict, e.g. {{'{}': 3}}",
                self.count, self.named[0]
            )
        };
        let mut lines = vec![
            Line::from(wanted),
            Line::from(vec![
                Span::styled("params = ", theme.transcript.code),
                Span::raw(self.input.clone()),
                Span::styled("▏", theme.popup.key),
            ]),
        ];
        match &self.error {
            Some(e) => lines.push(Line::from(Span::styled(e.clone(), theme.transcript.error))),
            None => lines.push(Line::from(Span::styled(
                "Enter runs cursor.execute(query, params), or executemany for a list · Esc cancels · Ctrl-U clears",
                theme.popup.key,
            ))),
        }
        lines.push(Line::from(Span::styled(
            format!("query = {}", crate::pyrepr::str_repr(&self.sql)),
            theme.transcript.note,
        )));
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.popup.border)
            .title(" Parameters ")
            .title_style(theme.popup.border);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_percent_s_counts_and_named_placeholders_are_told_apart() {
        assert_eq!(placeholders("SELECT 1"), Placeholders::None);
        assert_eq!(
            placeholders("INSERT INTO user (id, name) VALUES (%s, %s)"),
            Placeholders::Format(2)
        );
        assert_eq!(
            placeholders("SELECT * FROM user WHERE id = %(id)s"),
            Placeholders::Named(vec!["id".into()])
        );
    }

    #[test]
    fn enter_refuses_what_is_not_a_tuple_and_keeps_the_prompt_open() {
        let mut prompt = ParamsPrompt::new("SELECT %s".into(), 1, Some("3"));
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(prompt.on_key(enter), PromptKey::Stay);
        assert!(prompt.error.as_deref().is_some_and(|e| e.contains("tuple")));
        prompt.input = "(3,)".into();
        assert_eq!(
            prompt.on_key(enter),
            PromptKey::Submit(vec![PyValue::Int(3)])
        );
    }

    #[test]
    fn a_list_of_tuples_submits_for_executemany_and_a_bad_list_is_refused() {
        let mut prompt = ParamsPrompt::new("INSERT INTO t VALUES (%s, %s)".into(), 2, None);
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        prompt.input = "[(3, 'Ann'), 4]".into();
        assert_eq!(prompt.on_key(enter), PromptKey::Stay);
        assert!(
            prompt
                .error
                .as_deref()
                .is_some_and(|e| e.contains("list of tuples"))
        );
        prompt.input = " [(3, 'Ann'), (4, 'Bob')]".into();
        assert_eq!(
            prompt.on_key(enter),
            PromptKey::SubmitMany(vec![
                vec![PyValue::Int(3), PyValue::Str("Ann".into())],
                vec![PyValue::Int(4), PyValue::Str("Bob".into())],
            ])
        );
    }
}
