//! Form mode's model: validation, saving, deleting, pasting, the keys.

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
    let error = FormError {
        line:
            "mysql.connector.errors.ProgrammingError: 1146 (42S02): Table 'test.user' doesn't exist"
                .into(),
        missing_table: true,
        meaning: "missing".into(),
    };
    form.apply(FormReply {
        report: None,
        error: Some(error),
        users: None,
        pool: None,
        held: 0,
        name_max: None,
        message: None,
        steps: Vec::new(),
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
        steps: Vec::new(),
    });
    assert_eq!((form.id.as_str(), form.name.as_str()), ("", ""));
}

#[test]
fn escape_leaves_form_mode() {
    let mut form = FormState::default();
    assert_eq!(form.on_key(key(KeyCode::Esc)), FormKey::Leave);
}
