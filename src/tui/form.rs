//! Form mode's model: the `user` table as a list, a search box and a form, validated at
//! the field; what typed stays typed when a call fails.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::dao::ActionReport;
use crate::db::PoolStats;

use super::action::{Action, Effect};
use super::form_worker::{FormError, FormReply, FormRequest};
use super::keymap::Keymap;

/// Which part of the form has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The search box (`find_users_by_name`, a LIKE pattern).
    Search,
    Id,
    Name,
    List,
}

#[derive(Debug, Clone)]
pub struct FormState {
    pub users: Vec<(i64, String)>,
    /// Selected user in the list.
    pub selected: usize,
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

/// The form's actions its help line names, and what it says of each.
pub const FORM_HINT: [(Action, &str); 9] = [
    (Action::FormNextField, "field"),
    (Action::FormSave, "save (add or update)"),
    (Action::FormDelete, "delete"),
    (Action::FormEnter, "search/load"),
    (Action::FormNew, "new"),
    (Action::FormReload, "reload"),
    (Action::FormBorrow, "borrow a pooled connection"),
    (Action::FormGiveBack, "give them back"),
    (Action::FormLeave, "back to SQL"),
];

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

    /// Handles a key with the default keys (see [`FormState::on_key_with`]).
    pub fn on_key(&mut self, key: KeyEvent) -> FormKey {
        static DEFAULT: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(Keymap::default);
        self.on_key_with(&DEFAULT, key)
    }

    /// Handles a key: an answer to a question first (y or any other key), then the form's
    /// bindings in `keymap`; what no binding takes types into the focused field.
    pub fn on_key_with(&mut self, keymap: &Keymap, key: KeyEvent) -> FormKey {
        if let Some(effects) = self.answer(&key) {
            return FormKey::Stay(effects);
        }
        // A validation message is about what was typed: any key may change that, and the
        // keys that save or delete check again.
        self.invalid = None;
        match keymap.form_action(&key) {
            Some(Action::FormLeave) => FormKey::Leave,
            Some(action) => FormKey::Stay(self.on_action(action)),
            None => {
                self.type_key(key);
                FormKey::Stay(Vec::new())
            }
        }
    }

    /// The answer to "create the table?" or "delete this user?", if one was asked. The
    /// answer is a letter, like text typed, so it stays out of the keymap.
    fn answer(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        let yes = matches!(key.code, KeyCode::Char('y' | 'Y'));
        if self.confirm_create {
            self.confirm_create = false;
            if yes {
                return Some(self.request(FormRequest::CreateTable));
            }
            self.note = Some("The table was not created.".into());
            return Some(Vec::new());
        }
        let id = self.confirm_delete.take()?;
        if yes {
            self.deleting = Some(id);
            return Some(self.request(FormRequest::Delete(id)));
        }
        self.note = Some(format!("User {id} was not deleted."));
        Some(Vec::new())
    }

    /// What a bound key does.
    fn on_action(&mut self, action: Action) -> Vec<Effect> {
        const ORDER: [Field; 4] = [Field::Search, Field::Id, Field::Name, Field::List];
        let at = ORDER.iter().position(|f| *f == self.field).unwrap_or(0);
        match action {
            Action::FormNextField => self.field = ORDER[(at + 1) % ORDER.len()],
            Action::FormPreviousField => self.field = ORDER[(at + ORDER.len() - 1) % ORDER.len()],
            Action::FormSave => return self.save(),
            Action::FormDelete => return self.delete(),
            Action::FormReload => return self.request(FormRequest::List(None)),
            Action::FormBorrow => return self.request(FormRequest::Borrow),
            Action::FormGiveBack => return self.request(FormRequest::GiveBack),
            Action::FormNew => {
                self.id.clear();
                self.name.clear();
                self.field = Field::Id;
            }
            Action::FormEnter => match self.field {
                Field::Search => {
                    let pattern = (!self.search.is_empty()).then(|| self.search.clone());
                    return self.request(FormRequest::List(pattern));
                }
                Field::List => self.load_selected(),
                Field::Id | Field::Name => return self.save(),
            },
            Action::FormListUp if self.field == Field::List => {
                self.selected = self.selected.saturating_sub(1);
            }
            Action::FormListDown if self.field == Field::List => {
                self.selected = (self.selected + 1).min(self.users.len().saturating_sub(1));
            }
            _ => {}
        }
        Vec::new()
    }

    /// Text typed into the focused field: characters and Backspace stay raw keys, as in
    /// any text box (binding a letter would take it from the names typed).
    fn type_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Backspace => {
                if let Some(text) = self.text_field() {
                    text.pop();
                }
            }
            KeyCode::Char(c) if !ctrl => {
                if let Some(text) = self.text_field() {
                    text.push(c);
                }
            }
            _ => {}
        }
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
mod tests;
