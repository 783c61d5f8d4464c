//! Form mode's model: the `user` table as a list, a search box and a form, validated at
//! the field; what typed stays typed when a call fails.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::dao::ActionReport;
use crate::db::PoolStats;

use super::action::Effect;
use super::form_worker::{FormError, FormReply, FormRequest};

/// Which part of the form has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The search box (`find_users_by_name`, a LIKE pattern).
    Search,
    /// The id field.
    Id,
    /// The name field.
    Name,
    /// The list of users.
    List,
}

/// The form's state.
#[derive(Debug, Clone)]
pub struct FormState {
    /// Users shown.
    pub users: Vec<(i64, String)>,
    /// Selected user in the list.
    pub selected: usize,
    /// Search pattern.
    pub search: String,
    /// The id field's text.
    pub id: String,
    /// The name field's text.
    pub name: String,
    /// Where keys go.
    pub field: Field,
    /// A field's validation problem.
    pub invalid: Option<String>,
    /// The last DAO call.
    pub report: Option<ActionReport>,
    /// The last failure.
    pub error: Option<FormError>,
    /// The last note (borrowed connections, nothing updated, ...).
    pub note: Option<String>,
    /// Pool figures.
    pub pool: Option<PoolStats>,
    /// Connections held through Borrow.
    pub held: usize,
    /// `user.name`'s declared length.
    pub name_max: Option<usize>,
    /// A request is on its way.
    pub pending: bool,
    /// Asking whether to create the missing table.
    pub confirm_create: bool,
    /// Asking whether to delete this user (F8 asks first).
    pub confirm_delete: Option<i64>,
    /// A delete of this user is on its way: when it succeeds the form is emptied.
    deleting: Option<i64>,
}

impl Default for FormState {
    fn default() -> Self {
        FormState {
            users: Vec::new(),
            selected: 0,
            search: String::new(),
            id: String::new(),
            name: String::new(),
            field: Field::Search,
            invalid: None,
            report: None,
            error: None,
            note: None,
            pool: None,
            held: 0,
            name_max: None,
            pending: false,
            confirm_create: false,
            confirm_delete: None,
            deleting: None,
        }
    }
}

/// What a key did in form mode.
#[derive(Debug, Clone, PartialEq)]
pub enum FormKey {
    /// Stay in form mode; carry out these effects.
    Stay(Vec<Effect>),
    /// Go back to the SQL screen.
    Leave,
}

/// The keys of form mode, for its help line.
pub const FORM_KEYS: &str = "Tab field · F5 save (add or update) · F8 delete · Enter search/load · Ctrl-N new · F6 reload · F7 borrow a pooled connection · F9 give them back · Esc back to SQL";

/// `user.id` is an INT.
const ID_RANGE: std::ops::RangeInclusive<i64> = -2_147_483_648..=2_147_483_647;

impl FormState {
    /// The request that fills the list when form mode opens.
    pub fn open(&mut self) -> Vec<Effect> {
        self.field = Field::Search;
        self.request(FormRequest::List(None))
    }

    fn request(&mut self, request: FormRequest) -> Vec<Effect> {
        if self.pending {
            self.note = Some("Still waiting for the previous call.".into());
            return Vec::new();
        }
        self.pending = true;
        vec![Effect::Form(request)]
    }

    /// Checks the id field: an integer in INT's range.
    pub fn valid_id(&self) -> Result<i64, String> {
        let text = self.id.trim();
        if text.is_empty() {
            return Err("id is required".into());
        }
        let id: i64 = text
            .parse()
            .map_err(|_| format!("id must be an integer, not '{text}'"))?;
        if !ID_RANGE.contains(&id) {
            return Err(format!(
                "id {id} does not fit the INT column (-2147483648 to 2147483647)"
            ));
        }
        Ok(id)
    }

    /// Checks the name field: required, and no longer than the column allows.
    pub fn valid_name(&self) -> Result<String, String> {
        if self.name.is_empty() {
            return Err("name is required (the column is NOT NULL)".into());
        }
        let chars = self.name.chars().count();
        match self.name_max {
            Some(max) if chars > max => Err(format!(
                "name has {chars} characters; the column is VARCHAR({max})"
            )),
            _ => Ok(self.name.clone()),
        }
    }

    fn save(&mut self) -> Vec<Effect> {
        let checked = self
            .valid_id()
            .and_then(|id| self.valid_name().map(|name| (id, name)));
        match checked {
            Err(why) => {
                self.invalid = Some(why);
                Vec::new()
            }
            Ok((id, name)) => {
                self.invalid = None;
                let exists = self.users.iter().any(|(uid, _)| *uid == id);
                self.request(if exists {
                    FormRequest::Update(id, name)
                } else {
                    FormRequest::Add(id, name)
                })
            }
        }
    }

    fn delete(&mut self) -> Vec<Effect> {
        match self.valid_id() {
            Err(why) => {
                self.invalid = Some(why);
                Vec::new()
            }
            Ok(id) => {
                self.invalid = None;
                self.confirm_delete = Some(id);
                self.error = None;
                self.note = Some(format!(
                    "Delete user {id}? y deletes it (dao.delete_user), any other key keeps it."
                ));
                Vec::new()
            }
        }
    }

    fn load_selected(&mut self) {
        if let Some((id, name)) = self.users.get(self.selected) {
            self.id = id.to_string();
            self.name = name.clone();
            self.field = Field::Name;
            self.invalid = None;
        }
    }

    fn text_field(&mut self) -> Option<&mut String> {
        match self.field {
            Field::Search => Some(&mut self.search),
            Field::Id => Some(&mut self.id),
            Field::Name => Some(&mut self.name),
            Field::List => None,
        }
    }

    /// Handles a key.
    pub fn on_key(&mut self, key: KeyEvent) -> FormKey {
        if self.confirm_create {
            self.confirm_create = false;
            return FormKey::Stay(match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => self.request(FormRequest::CreateTable),
                _ => {
                    self.note = Some("The table was not created.".into());
                    Vec::new()
                }
            });
        }
        if let Some(id) = self.confirm_delete.take() {
            return FormKey::Stay(match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.deleting = Some(id);
                    self.request(FormRequest::Delete(id))
                }
                _ => {
                    self.note = Some(format!("User {id} was not deleted."));
                    Vec::new()
                }
            });
        }
        // A validation message is about what was typed: any key may change that, and the
        // keys that save or delete check again.
        self.invalid = None;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        FormKey::Stay(match key.code {
            KeyCode::Esc | KeyCode::F(2) => return FormKey::Leave,
            KeyCode::Tab => {
                self.field = match self.field {
                    Field::Search => Field::Id,
                    Field::Id => Field::Name,
                    Field::Name => Field::List,
                    Field::List => Field::Search,
                };
                Vec::new()
            }
            KeyCode::BackTab => {
                self.field = match self.field {
                    Field::Search => Field::List,
                    Field::Id => Field::Search,
                    Field::Name => Field::Id,
                    Field::List => Field::Name,
                };
                Vec::new()
            }
            KeyCode::F(5) => self.save(),
            KeyCode::F(8) => self.delete(),
            KeyCode::F(6) => self.request(FormRequest::List(None)),
            KeyCode::F(7) => self.request(FormRequest::Borrow),
            KeyCode::F(9) => self.request(FormRequest::GiveBack),
            KeyCode::Char('n') if ctrl => {
                self.id.clear();
                self.name.clear();
                self.field = Field::Id;
                self.invalid = None;
                Vec::new()
            }
            KeyCode::Enter if self.field == Field::Search => {
                let pattern = (!self.search.is_empty()).then(|| self.search.clone());
                self.request(FormRequest::List(pattern))
            }
            KeyCode::Enter if self.field == Field::List => {
                self.load_selected();
                Vec::new()
            }
            KeyCode::Enter => self.save(),
            KeyCode::Up if self.field == Field::List => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            KeyCode::Down if self.field == Field::List => {
                self.selected = (self.selected + 1).min(self.users.len().saturating_sub(1));
                Vec::new()
            }
            KeyCode::Backspace => {
                if let Some(text) = self.text_field() {
                    text.pop();
                }
                Vec::new()
            }
            KeyCode::Char(c) if !ctrl => {
                if let Some(text) = self.text_field() {
                    text.push(c);
                }
                Vec::new()
            }
            _ => Vec::new(),
        })
    }

    /// Inserts pasted text into the focused field, verbatim but for the line break a copied
    /// line usually ends with (the fields are one line; Enter is what saves).
    pub fn paste(&mut self, text: &str) {
        let text = text
            .strip_suffix("\r\n")
            .or_else(|| text.strip_suffix('\n'))
            .or_else(|| text.strip_suffix('\r'))
            .unwrap_or(text);
        if let Some(field) = self.text_field() {
            field.push_str(text);
        }
    }

    /// Takes a reply from the form worker. Fields are never cleared here: on failure the
    /// form stays filled.
    pub fn apply(&mut self, reply: FormReply) {
        self.pending = false;
        if let Some(users) = reply.users {
            self.users = users;
            self.selected = self.selected.min(self.users.len().saturating_sub(1));
        }
        if reply.report.is_some() {
            self.report = reply.report;
        }
        if let Some(id) = self.deleting.take()
            && reply.error.is_none()
            && self.id.trim() == id.to_string()
        {
            // The row is gone: so is the form's copy of it.
            self.id.clear();
            self.name.clear();
        }
        self.confirm_create = reply.error.as_ref().is_some_and(|e| e.missing_table);
        self.error = reply.error;
        self.note = reply.message;
        self.pool = reply.pool.or(self.pool.take());
        self.held = reply.held;
        if reply.name_max.is_some() {
            self.name_max = reply.name_max;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(form: &mut FormState, text: &str) {
        for c in text.chars() {
            let _ = form.on_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn fields_are_validated_before_any_call() {
        let mut form = FormState {
            name_max: Some(5),
            field: Field::Id,
            ..FormState::default()
        };
        typed(&mut form, "x1");
        assert_eq!(form.on_key(key(KeyCode::F(5))), FormKey::Stay(Vec::new()));
        assert_eq!(
            form.invalid.as_deref(),
            Some("id must be an integer, not 'x1'")
        );
        form.id = "7".into();
        form.name = "toolong".into();
        assert_eq!(form.on_key(key(KeyCode::F(5))), FormKey::Stay(Vec::new()));
        assert_eq!(
            form.invalid.as_deref(),
            Some("name has 7 characters; the column is VARCHAR(5)")
        );
        form.name.clear();
        let _ = form.on_key(key(KeyCode::F(5)));
        assert!(
            form.invalid
                .as_deref()
                .is_some_and(|m| m.contains("required"))
        );
        form.id = "3000000000".into();
        assert!(form.valid_id().is_err(), "outside INT");
    }

    #[test]
    fn save_adds_a_new_id_and_updates_a_known_one() {
        let mut form = FormState {
            users: vec![(1, "John Doe".into())],
            ..FormState::default()
        };
        form.id = "1".into();
        form.name = "Johnny".into();
        assert_eq!(
            form.on_key(key(KeyCode::F(5))),
            FormKey::Stay(vec![Effect::Form(FormRequest::Update(1, "Johnny".into()))])
        );
        form.pending = false;
        form.id = "3".into();
        let injection = "'; DROP TABLE user; --".to_owned();
        form.name = injection.clone();
        assert_eq!(
            form.on_key(key(KeyCode::F(5))),
            FormKey::Stay(vec![Effect::Form(FormRequest::Add(3, injection))])
        );
    }

    #[test]
    fn a_failed_call_keeps_what_was_typed_and_offers_to_create_a_missing_table() {
        let mut form = FormState {
            id: "5".into(),
            name: "Ann".into(),
            pending: true,
            ..FormState::default()
        };
        let error = FormError { line: "mysql.connector.errors.ProgrammingError: 1146 (42S02): Table 'test.user' doesn't exist".into(), missing_table: true, meaning: "missing".into() };
        form.apply(FormReply {
            report: None,
            error: Some(error),
            users: None,
            pool: None,
            held: 0,
            name_max: None,
            message: None,
        });
        assert_eq!((form.id.as_str(), form.name.as_str()), ("5", "Ann"));
        assert!(form.confirm_create);
        assert_eq!(
            form.on_key(key(KeyCode::Char('y'))),
            FormKey::Stay(vec![Effect::Form(FormRequest::CreateTable)])
        );
    }

    #[test]
    fn a_paste_lands_in_the_focused_field_verbatim() {
        let mut form = FormState {
            field: Field::Id,
            ..FormState::default()
        };
        form.paste("42");
        let _ = form.on_key(key(KeyCode::Tab));
        let payload = "'; DROP TABLE user; -- \\' \"x\" /*!50000 OR*/ 1=1";
        form.paste(&format!("{payload}\n"));
        assert_eq!((form.id.as_str(), form.name.as_str()), ("42", payload));
        form.field = Field::List;
        form.paste("ignored");
        assert_eq!(form.name, payload, "the list takes no text");
    }

    /// Issue 13 case 12: focus starts in search; a stale validation message goes at the
    /// next key; F8 asks first, and a delete that succeeded empties the form.
    #[test]
    fn search_first_stale_messages_go_and_delete_asks_then_empties_the_form() {
        let mut form = FormState::default();
        let _ = form.open();
        assert_eq!(form.field, Field::Search);
        form.pending = false;
        form.field = Field::Id;
        typed(&mut form, "x");
        let _ = form.on_key(key(KeyCode::F(5)));
        assert!(form.invalid.is_some());
        let _ = form.on_key(key(KeyCode::Backspace));
        assert_eq!(
            form.invalid, None,
            "the message went with the text it was about"
        );
        typed(&mut form, "2");
        form.name = "Jane".into();
        assert_eq!(form.on_key(key(KeyCode::F(8))), FormKey::Stay(Vec::new()));
        assert_eq!(
            form.on_key(key(KeyCode::Char('n'))),
            FormKey::Stay(Vec::new())
        );
        assert_eq!(form.id, "2", "kept");
        let _ = form.on_key(key(KeyCode::F(8)));
        assert_eq!(
            form.on_key(key(KeyCode::Char('y'))),
            FormKey::Stay(vec![Effect::Form(FormRequest::Delete(2))])
        );
        form.apply(FormReply {
            report: None,
            error: None,
            users: Some(Vec::new()),
            pool: None,
            held: 0,
            name_max: None,
            message: None,
        });
        assert_eq!((form.id.as_str(), form.name.as_str()), ("", ""));
    }

    #[test]
    fn escape_leaves_form_mode() {
        let mut form = FormState::default();
        assert_eq!(form.on_key(key(KeyCode::Esc)), FormKey::Leave);
    }
}
