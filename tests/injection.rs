//! SQL injection: a corpus of known payloads (`tests/fixtures/injection_payloads.txt`, plus
//! the few a text file cannot hold) goes through the DAO and through form mode — the
//! form's state and its worker, as the keys would drive them — against the private
//! server, and each payload is stored and found verbatim while the table keeps exactly
//! the rows put in it. A scan of the sources enforces that no statement is built from
//! data by pasting text together.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::MariaDb;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rowwise::dao::{UserDao, UserDto, UserMap};
use rowwise::db::{Connection, Pool, PoolOptions};
use rowwise::tui::action::Effect;
use rowwise::tui::event::AppEvent;
use rowwise::tui::form::{FormKey, FormState};
use rowwise::tui::form_worker::{FormReply, FormRequest, FormTarget, spawn};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The corpus file, one payload a line, and the payloads a line of text cannot carry:
/// NUL, Ctrl-Z (which escaping must treat specially), line breaks, and the bytes of the
/// GBK trick (a lead byte meant to swallow the backslash added before a quote) as the
/// characters they are in utf8mb4.
fn payloads() -> Result<Vec<String>, std::io::Error> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/injection_payloads.txt");
    let mut all: Vec<String> = std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    all.extend(
        [
            "\0' OR 1=1 --",
            "a\0b",
            "'\u{1a}; DROP TABLE user; --",
            "line one\nline two' OR '1'='1",
            "\r\n'; DELETE FROM user; --\r\n",
            "\u{bf}' OR 1=1 --",
            "\u{bf}\\' OR 1=1 --",
            "縗' OR 1=1 --",
            "\u{5c}\u{27} OR 1=1 --",
            "%s",
            "%s', %s); DROP TABLE user; --",
            "%(name)s",
        ]
        .map(str::to_owned),
    );
    Ok(all)
}

/// `name LIKE pattern` matching `text` only: `\`, `%` and `_` escaped.
fn like_exactly(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A database of its own on the shared server.
fn fresh_database(database: &str) -> rowwise::db::ConnectOptions {
    let server = MariaDb::shared();
    server.root_sql(&format!(
        "DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}"
    ));
    server.tcp_options(Some(database))
}

/// The `user` table's rows, read over a connection of the test's own.
fn rows(
    options: &rowwise::db::ConnectOptions,
) -> Result<Vec<(i64, String)>, Box<dyn std::error::Error>> {
    let mut cnx = Connection::connect(options, true)?;
    let rows = cnx.query_text("SELECT id, name FROM user ORDER BY id")?;
    rows.into_iter()
        .map(|r| match r.as_slice() {
            [Some(id), Some(name)] => Ok((id.parse()?, name.clone())),
            other => Err(format!("odd row {other:?}").into()),
        })
        .collect()
}

#[test]
fn the_corpus_holds_over_a_hundred_payloads_of_every_kind() -> TestResult {
    let all = payloads()?;
    assert!(all.len() >= 100, "only {} payloads", all.len());
    for kind in [
        "' OR '1'='1",
        "'; DROP TABLE user; --",
        "UNION SELECT",
        "SLEEP(",
        "/*",
        "\\'",
        "0x",
        "\0",
        "縗",
    ] {
        assert!(
            all.iter().any(|p| p.contains(kind)),
            "no payload with {kind:?}"
        );
    }
    Ok(())
}

#[test]
fn the_dao_adds_updates_and_finds_every_payload_verbatim() -> TestResult {
    let all = payloads()?;
    let options = fresh_database("inj_dao");
    let dao = UserDao::new(Pool::new(&options, PoolOptions::new().name("inj").size(2))?);
    dao.create_table()?;
    dao.add_user(&UserDto::new(1, "John Doe"), &mut UserMap::new())?;
    let mut want = vec![(1, "John Doe".to_owned())];
    for (i, payload) in all.iter().enumerate() {
        // add_user stores the payload as the name ...
        let id = 1000 + i as i64;
        let added = dao.add_user(&UserDto::new(id, payload.as_str()), &mut UserMap::new())?;
        let stmt = added.report.statement.ok_or("no statement")?;
        assert_eq!(stmt.rowcount, 1, "{payload:?}");
        // The string-built twin the form shows (never runs) does paste the payload in.
        let careless = stmt.string_built().ok_or("no string-built twin")?;
        assert!(careless.as_str().contains(payload.as_str()));
        let read = dao.get_user(id, &mut UserMap::new())?.value;
        assert_eq!(
            read.map(|u| u.name.clone()).as_deref(),
            Some(payload.as_str())
        );

        // ... update_user writes it over another user's name ...
        let other = 5000 + i as i64;
        dao.add_user(&UserDto::new(other, "placeholder"), &mut UserMap::new())?;
        let updated =
            dao.update_user(&UserDto::new(other, payload.as_str()), &mut UserMap::new())?;
        assert_eq!(updated.value, 1, "{payload:?}");

        // ... and find_users_by_name, with LIKE's own characters escaped, finds both.
        let found = dao
            .find_users_by_name(&like_exactly(payload), &mut UserMap::new())?
            .value;
        let ids: Vec<i64> = found.iter().map(|u: &Arc<UserDto>| u.id).collect();
        assert!(
            ids.contains(&id) && ids.contains(&other),
            "{payload:?}: found {ids:?}"
        );
        want.push((id, payload.clone()));
        want.push((other, payload.clone()));
    }
    want.sort();
    // Nothing added, changed or dropped but what the DAO was asked to do.
    assert_eq!(rows(&options)?, want);
    Ok(())
}

/// Waits for the form worker's reply to one request.
fn reply(events: &Receiver<AppEvent>) -> Result<FormReply, Box<dyn std::error::Error>> {
    loop {
        if let AppEvent::Form(reply) = events.recv_timeout(Duration::from_secs(30))? {
            return Ok(*reply);
        }
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses `code` in the form and runs the request it makes, if any, on the worker.
fn press(
    form: &mut FormState,
    code: KeyCode,
    worker: &std::sync::mpsc::Sender<FormRequest>,
    events: &Receiver<AppEvent>,
) -> Result<Option<FormRequest>, Box<dyn std::error::Error>> {
    let FormKey::Stay(effects) = form.on_key(key(code)) else {
        return Err("the form closed".into());
    };
    let mut sent = None;
    for effect in effects {
        if let Effect::Form(request) = effect {
            worker.send(request.clone())?;
            form.apply(reply(events)?);
            sent = Some(request);
        }
    }
    Ok(sent)
}

/// Form mode, driven as the keyboard drives it: each payload typed (or pasted) into the
/// name field and saved, as an add and then as an update, and found through the search
/// box; the form's list and the table hold each payload verbatim.
#[test]
fn form_mode_saves_and_finds_every_payload_verbatim() -> TestResult {
    let all = payloads()?;
    let options = fresh_database("inj_form");
    let (tx, events) = channel();
    let worker = spawn(FormTarget::MySql(options.clone()), tx)?;
    let mut form = FormState::default();
    for effect in form.open() {
        if let Effect::Form(request) = effect {
            worker.send(request)?;
            form.apply(reply(&events)?);
        }
    }
    // The table does not exist yet: the form offers to create it.
    assert!(form.confirm_create, "{:?}", form.error);
    press(&mut form, KeyCode::Char('y'), &worker, &events)?;
    assert!(form.error.is_none(), "{:?}", form.error);

    let mut want = Vec::new();
    for (i, payload) in all.iter().enumerate() {
        let id = 100 + i as i64;
        let _ = form.on_key(key(KeyCode::Char('n')).with_ctrl());
        for c in id.to_string().chars() {
            let _ = form.on_key(key(KeyCode::Char(c)));
        }
        let _ = form.on_key(key(KeyCode::Tab));
        // Half the payloads are typed key by key, half pasted (a paste drops the line
        // break a copied line ends with, so those are typed).
        if i % 2 == 0 || payload.ends_with(['\n', '\r']) {
            for c in payload.chars() {
                let _ = form.on_key(key(KeyCode::Char(c)));
            }
        } else {
            form.paste(payload);
        }
        assert_eq!(&form.name, payload, "the field holds what was typed");
        let sent = press(&mut form, KeyCode::F(5), &worker, &events)?;
        assert_eq!(sent, Some(FormRequest::Add(id, payload.clone())));
        assert!(form.error.is_none(), "{payload:?}: {:?}", form.error);
        assert!(form.users.contains(&(id, payload.clone())), "{payload:?}");

        // Saving again with the same id is an update_user of the same payload reversed.
        let reversed: String = payload.chars().rev().collect();
        form.name = reversed.clone();
        let sent = press(&mut form, KeyCode::F(5), &worker, &events)?;
        assert_eq!(sent, Some(FormRequest::Update(id, reversed.clone())));
        assert!(form.users.contains(&(id, reversed.clone())), "{payload:?}");
        want.push((id, reversed.clone()));

        // The search box takes the reversed payload as an exact LIKE pattern.
        form.field = rowwise::tui::form::Field::Search;
        form.search = like_exactly(&reversed);
        let sent = press(&mut form, KeyCode::Enter, &worker, &events)?;
        assert_eq!(sent, Some(FormRequest::List(Some(like_exactly(&reversed)))));
        assert!(
            form.users.contains(&(id, reversed)),
            "search for {payload:?}"
        );
        form.search.clear();
        form.field = rowwise::tui::form::Field::Id;
    }
    assert_eq!(rows(&options)?, want);
    Ok(())
}

/// The real binary in tmux: payloads typed and pasted into form mode's name field are
/// stored verbatim (a paste once went to the hidden SQL editor and was lost).
#[test]
fn payloads_typed_and_pasted_into_the_form_in_a_terminal_are_stored_verbatim() -> TestResult {
    let options = fresh_database("inj_tmux");
    let server = MariaDb::shared();
    server.root_sql(
        "CREATE TABLE inj_tmux.user (id INT PRIMARY KEY, name VARCHAR(255) NOT NULL) \
         DEFAULT CHARSET=utf8mb4; INSERT INTO inj_tmux.user VALUES (1, 'John Doe')",
    );
    let home = tempfile::tempdir()?;
    let wait = Duration::from_secs(20);
    let tmux = common::tmux::Tmux::start(
        env!("CARGO_BIN_EXE_rowwise"),
        &server.cli_flags("inj_tmux"),
        home.path(),
        (110, 32),
    );
    tmux.wait_for("F5 run", wait);
    tmux.keys(&["F2"]);
    tmux.wait_for("John Doe", wait);
    let entries = [
        (2, "' OR '1'='1' --", false),
        (3, "'; DROP TABLE user; --", true),
        (4, "\\'; SELECT SLEEP(5); -- 🙂 \"x\"", true),
        (5, "' UNION SELECT id, name FROM user #", false),
    ];
    for (id, payload, pasted) in entries {
        tmux.keys(&["C-n"]);
        tmux.type_text(&id.to_string());
        tmux.keys(&["Tab"]);
        if pasted {
            tmux.paste(payload);
        } else {
            tmux.type_text(payload);
        }
        tmux.keys(&["F5"]);
        tmux.wait_for(&format!("{id} row(s)"), wait);
    }
    let mut want = vec![(1, "John Doe".to_owned())];
    want.extend(entries.iter().map(|(id, p, _)| (*id, (*p).to_owned())));
    assert_eq!(rows(&options)?, want);
    Ok(())
}

trait WithCtrl {
    fn with_ctrl(self) -> Self;
}

impl WithCtrl for KeyEvent {
    fn with_ctrl(mut self) -> Self {
        self.modifiers = KeyModifiers::CONTROL;
        self
    }
}

// ---------------------------------------------------------------------------------------
// No statement built by pasting text together

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// One place where SQL-looking text is pasted together with something else.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pasted {
    /// The file, relative to the crate.
    file: String,
    /// The enclosing function.
    function: String,
    /// How: `format!`, `push_str`, `+`, `concat`.
    how: &'static str,
    /// The SQL-looking literal.
    sql: String,
}

/// Statement keywords: text that starts with one of them is a statement.
const STATEMENT_START: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "REPLACE",
    "CREATE",
    "DROP",
    "ALTER",
    "TRUNCATE",
    "RENAME",
    "SET",
    "CALL",
    "DO",
    "GRANT",
    "REVOKE",
    "KILL",
    "USE",
    "SHOW",
    "DESCRIBE",
    "DESC",
    "EXPLAIN",
    "HANDLER",
    "LOAD",
    "PREPARE",
    "EXECUTE",
    "WITH",
    "LOCK",
    "UNLOCK",
    "ANALYZE",
    "OPTIMIZE",
    "FLUSH",
    "BEGIN",
    "START",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "PRAGMA",
    "ATTACH",
];
/// Clause keywords: two of them in capitals make SQL wherever they stand.
const CLAUSE: &[&str] = &[
    "FROM", "WHERE", "VALUES", "INTO", "TABLE", "DATABASE", "SCHEMA", "LIKE", "ORDER", "GROUP",
    "LIMIT", "JOIN", "HAVING", "UNION", "IF", "EXISTS", "NOT", "NULL", "AND", "OR", "BY", "AS",
    "ON", "SET", "IN",
];

/// Does `text` look like (a piece of) an SQL statement?
fn looks_like_sql(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let upper = |w: &&str| w.chars().all(|c| !c.is_ascii_lowercase());
    let is = |set: &[&str], w: &str| set.iter().any(|k| k.eq_ignore_ascii_case(w));
    let Some(first) = words.first() else {
        return false;
    };
    // `"; SET ..."` appended to a statement is a statement too.
    let starts = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == ';' || c == '(')
        .starts_with(|c: char| c.is_ascii_alphabetic());
    (starts && upper(first) && is(STATEMENT_START, first))
        || words
            .iter()
            .filter(|w| upper(w) && is(CLAUSE, w) && w.len() > 2)
            .count()
            >= 2
        || (starts
            && is(STATEMENT_START, first)
            && words[1..]
                .iter()
                .any(|w| is(CLAUSE, w) && w.len() > 2 && !is(&["NOT", "AND", "SET"], w)))
}

/// A format string with a `{...}` placeholder (not a `{{` escape).
fn has_placeholder(template: &str) -> bool {
    template.replace("{{", "").replace("}}", "").contains('{')
}

fn string_literal(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Reference(r) => string_literal(&r.expr),
        syn::Expr::Paren(p) => string_literal(&p.expr),
        syn::Expr::Group(g) => string_literal(&g.expr),
        _ => None,
    }
}

/// The first SQL-looking string literal inside `expr` (`String::from("SELECT ..")`, say).
fn sql_literal_in(expr: &syn::Expr) -> Option<String> {
    struct Find(Option<String>);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
            if self.0.is_none() && looks_like_sql(&s.value()) {
                self.0 = Some(s.value());
            }
        }
    }
    let mut find = Find(None);
    syn::visit::visit_expr(&mut find, expr);
    find.0
}

fn array_of(expr: &syn::Expr) -> Option<&syn::ExprArray> {
    match expr {
        syn::Expr::Array(a) => Some(a),
        syn::Expr::Reference(r) => array_of(&r.expr),
        syn::Expr::Paren(p) => array_of(&p.expr),
        _ => None,
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg")
                && a.meta
                    .require_list()
                    .is_ok_and(|l| l.tokens.to_string().trim() == "test"))
    })
}

#[derive(Default)]
struct Scan {
    file: String,
    function: Vec<String>,
    /// `push_str` receivers of the current function: (receiver, pushed SQL, pushed data).
    pushes: Vec<(String, Option<String>, bool)>,
    found: Vec<Pasted>,
}

impl Scan {
    fn record(&mut self, how: &'static str, sql: String) {
        self.found.push(Pasted {
            file: self.file.clone(),
            function: self.function.join("::"),
            how,
            sql,
        });
    }

    fn in_function(&mut self, name: String, body: impl FnOnce(&mut Self)) {
        let outer = std::mem::take(&mut self.pushes);
        self.function.push(name);
        body(self);
        for (_, sql, data) in std::mem::take(&mut self.pushes) {
            if let (Some(sql), true) = (sql, data) {
                self.record("push_str", sql);
            }
        }
        self.function.pop();
        self.pushes = outer;
    }
}

impl<'ast> syn::visit::Visit<'ast> for Scan {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test_only(&f.attrs) {
            self.in_function(f.sig.ident.to_string(), |s| syn::visit::visit_item_fn(s, f));
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test_only(&f.attrs) {
            self.in_function(f.sig.ident.to_string(), |s| {
                syn::visit::visit_impl_item_fn(s, f);
            });
        }
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        self.in_function(f.sig.ident.to_string(), |s| {
            syn::visit::visit_trait_item_fn(s, f);
        });
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let skip = match name.as_str() {
            "format" | "format_args" => 0,
            "write" | "writeln" => 1,
            _ => return,
        };
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = mac.parse_body_with(parser) else {
            return;
        };
        let args: Vec<&syn::Expr> = args.iter().collect();
        if let Some(template) = args.get(skip).and_then(|e| string_literal(e))
            && looks_like_sql(&template)
            && (has_placeholder(&template) || args.len() > skip + 1)
        {
            self.record("format!", template);
        }
        for arg in args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if matches!(b.op, syn::BinOp::Add(_) | syn::BinOp::AddAssign(_)) {
            let left = sql_literal_in(&b.left);
            let right = sql_literal_in(&b.right);
            let data = |e: &syn::Expr| string_literal(e).is_none();
            match (left, right) {
                (Some(sql), _) if data(&b.right) => self.record("+", sql),
                (_, Some(sql)) if data(&b.left) => self.record("+", sql),
                _ => {}
            }
        }
        syn::visit::visit_expr_binary(self, b);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let method = call.method.to_string();
        if method == "push_str"
            && let Some(arg) = call.args.first()
        {
            let receiver = {
                let mut r = String::new();
                let mut e = &*call.receiver;
                while let syn::Expr::Field(f) = e {
                    if let syn::Member::Named(n) = &f.member {
                        r.insert_str(0, &format!(".{n}"));
                    }
                    e = &f.base;
                }
                if let syn::Expr::Path(p) = e {
                    r.insert_str(
                        0,
                        &p.path
                            .segments
                            .iter()
                            .map(|s| s.ident.to_string())
                            .collect::<Vec<_>>()
                            .join("::"),
                    );
                }
                r
            };
            let sql = string_literal(arg).filter(|s| looks_like_sql(s));
            let data = string_literal(arg).is_none();
            match self.pushes.iter_mut().find(|(r, ..)| *r == receiver) {
                Some(entry) => {
                    entry.1 = entry.1.take().or(sql);
                    entry.2 |= data;
                }
                None => self.pushes.push((receiver, sql, data)),
            }
        }
        if matches!(method.as_str(), "concat" | "join")
            && let Some(array) = array_of(&call.receiver)
        {
            let sql = array
                .elems
                .iter()
                .find_map(|e| string_literal(e).filter(|s| looks_like_sql(s)));
            let data = array.elems.iter().any(|e| string_literal(e).is_none());
            if let (Some(sql), true) = (sql, data) {
                self.record("concat", sql);
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// Every place in `files` (path, source) where SQL is pasted together with data.
fn scan(files: &[(String, String)]) -> Result<Vec<Pasted>, syn::Error> {
    let mut scan = Scan::default();
    for (path, source) in files {
        scan.file.clone_from(path);
        let tree = syn::parse_file(source)?;
        syn::visit::Visit::visit_file(&mut scan, &tree);
    }
    Ok(scan.found)
}

/// The places allowed to paste SQL together, each with why no user data reaches it:
/// (file, function, the SQL literal's start, why).
const ALLOWED: &[(&str, &str, &str, &str)] = &[
    (
        "src/db/mysql/local_infile.rs",
        "check_inside",
        "LOAD DATA LOCAL INFILE file request rejected due to restrictions on access: {why}",
        "an error message for the user (the mysql client's words); it is never sent to the server",
    ),
    (
        "src/db/mysql/course.rs",
        "setup_course",
        "SHOW DATABASES LIKE '{}'",
        "SHOW takes no parameters; the name goes through like_literal, which doubles quotes \
         and escapes backslash, % and _",
    ),
    (
        "src/db/mysql/course.rs",
        "setup_course",
        "CREATE DATABASE {quoted}",
        "identifiers cannot be parameters; {quoted} is quote_identifier's backquoted name \
         (backquotes doubled)",
    ),
    (
        "src/db/mysql/course.rs",
        "setup_course",
        "USE {quoted}",
        "as CREATE DATABASE: the backquoted identifier",
    ),
    (
        "src/db/mysql/course.rs",
        "setup_course",
        "DROP TABLE {}",
        "the names are COURSE_TABLES constants found in SHOW TABLES, each backquoted",
    ),
    (
        "src/db/mysql/session_state.rs",
        "charset_statement",
        "SET {}",
        "the assignments are built from fixed variable names and character set names the \
         server itself reported (session tracking), which are checked to hold only letters, \
         digits and '_'",
    ),
    (
        "src/db/mysql/connection.rs",
        "set_up_session",
        "SET NAMES 'utf8mb4'",
        "{switch} is 0 or 1, from a bool",
    ),
    (
        "src/db/mysql/connection.rs",
        "set_up_session",
        "; SET @@session.sql_mode = '",
        "{mode} is the server's own answer to SELECT @@session.sql_mode: the server accepts          only known mode names, so it holds no quote",
    ),
    (
        "src/db/mysql/connection.rs",
        "set_autocommit",
        "SET @@session.autocommit = ",
        "{switch} is 0 or 1, from a bool",
    ),
    (
        "src/db/mysql/kill.rs",
        "cancel",
        "KILL QUERY ",
        "{connection_id} is the integer the server gave for CONNECTION_ID()",
    ),
    (
        "src/db/sqlite/cursor.rs",
        "execute",
        "BEGIN ",
        "{level} is sqlite3's isolation_level, which rowwise only ever sets to ''",
    ),
    (
        "src/db/sqlite/cursor.rs",
        "executemany",
        "BEGIN ",
        "the same implicit BEGIN as execute's, before the first parameter set",
    ),
    (
        "src/db/sqlite/demo.rs",
        "seed",
        "BEGIN;",
        "{SEED_SQL} is the demo's own constant script",
    ),
    (
        "src/db/sqlite/demo.rs",
        "reset_demo",
        "DROP ",
        "{kind} is sqlite_master's type, {quoted} the name quoted as an identifier \
         (double quotes doubled)",
    ),
    (
        "src/db/sqlite/demo.rs",
        "reset_demo",
        "\nCOMMIT;",
        "the same script's end: only the quoted DROPs above go into it",
    ),
    (
        "src/repl/commands.rs",
        "use_database",
        "USE `",
        "identifier quoting: the database name inside backticks, backticks doubled",
    ),
    (
        "src/repl/commands.rs",
        "connect",
        "USE `",
        "identifier quoting: the database name inside backticks, backticks doubled",
    ),
];

fn allowed(p: &Pasted) -> bool {
    ALLOWED.iter().any(|(file, function, sql, _)| {
        p.file == *file && p.function == *function && p.sql.starts_with(sql)
    })
}

/// The scan itself catches each way of pasting data into SQL, and leaves tests alone.
#[test]
fn the_source_scan_catches_sql_pasted_from_data() -> TestResult {
    let source = r#"
        fn by_format(cnx: &mut Connection, name: &str) {
            cnx.query(&format!("SELECT id FROM user WHERE name = '{name}'"));
        }
        fn by_format_args(cnx: &mut Connection, id: i64) {
            cnx.query_text(&format!("delete from user where id = {}", id));
        }
        fn by_push(name: &str) -> String {
            let mut sql = String::from("x");
            sql.push_str("UPDATE user SET name = '");
            sql.push_str(name);
            sql
        }
        fn by_plus(name: &str) -> String {
            "SELECT * FROM user WHERE name = '".to_owned() + name + "'"
        }
        fn by_concat(name: &str) -> String {
            ["INSERT INTO user VALUES ('", name, "')"].concat()
        }
        impl Dao { fn method(&self, t: &str) { self.run(format!("DROP TABLE {t}")) } }
        fn fine() -> String {
            let n = 3;
            println!("SELECT {n}");
            format!("Not enough parameters for the statement {n}")
        }
        #[cfg(test)]
        mod tests { fn t(n: &str) -> String { format!("SELECT {n} FROM t") } }
    "#;
    let found = scan(&[("x.rs".into(), source.into())])?;
    let got: Vec<(String, &str)> = found.iter().map(|p| (p.function.clone(), p.how)).collect();
    assert_eq!(
        got,
        vec![
            ("by_format".to_owned(), "format!"),
            ("by_format_args".to_owned(), "format!"),
            ("by_push".to_owned(), "push_str"),
            ("by_plus".to_owned(), "+"),
            ("by_concat".to_owned(), "concat"),
            ("method".to_owned(), "format!"),
        ]
    );
    Ok(())
}

/// No statement in the crate is built from data by concatenation: every place that
/// pastes SQL-looking text together with something else is on the commented allow-list,
/// and every allow-list entry is still needed.
#[test]
fn no_statement_is_built_from_data_by_concatenation() -> TestResult {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    rust_files(&root.join("src"), &mut paths)?;
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        // `#[cfg(test)] mod tests;` files hold tests only.
        if path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let relative = path.strip_prefix(root)?.to_string_lossy().into_owned();
        files.push((relative, std::fs::read_to_string(&path)?));
    }
    assert!(files.len() > 50, "only {} files scanned", files.len());
    let found = scan(&files)?;
    let pasted: Vec<String> = found
        .iter()
        .filter(|p| !allowed(p))
        .map(|p| format!("{} fn {}: {} {:?}", p.file, p.function, p.how, p.sql))
        .collect();
    assert!(
        pasted.is_empty(),
        "SQL pasted together with data (use %s parameters, or allow-list it with a reason):\n{}",
        pasted.join("\n")
    );
    for (file, function, sql, _) in ALLOWED {
        assert!(
            found
                .iter()
                .any(|p| p.file == *file && p.function == *function && p.sql.starts_with(sql)),
            "stale allow-list entry {file} fn {function} {sql:?}"
        );
    }
    Ok(())
}
