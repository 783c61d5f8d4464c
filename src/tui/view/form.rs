//! Form mode: the `user` table as a list, a search box, a form, and beside them what each
//! DAO call did — the call, the parametric SQL and its params, rowcount / lastrowid, the
//! Python DAO code, what a string-built query would have been — and the pool.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::App;
use super::super::form::{FORM_HINT, Field};
use super::super::form_worker::{POOL_NAME, POOL_SIZE};
use super::style::{border_style, fit};
use crate::dao::StatementReport;

fn boxed<'a>(app: &App, title: &str, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, focused))
        .title(title.to_owned())
        .title_style(app.theme.base.title)
}

/// The left column (search, fields, list) and, on a wide screen, the report column.
fn columns(area: Rect) -> (Rect, Option<Rect>) {
    if area.width < 70 {
        return (area, None);
    }
    let right_width = area.width * 9 / 20;
    (
        Rect::new(area.x, area.y, area.width - right_width, area.height),
        Some(Rect::new(
            area.x + area.width - right_width,
            area.y,
            right_width,
            area.height,
        )),
    )
}

/// Draws form mode in `area` (everything but the status bar).
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let (left, right) = columns(area);
    let search_area = Rect::new(left.x, left.y, left.width, 3.min(left.height));
    let fields_area = Rect::new(
        left.x,
        left.y + search_area.height,
        left.width,
        8.min(left.height.saturating_sub(search_area.height)),
    );
    let list_area = Rect::new(
        left.x,
        fields_area.y + fields_area.height,
        left.width,
        left.height
            .saturating_sub(search_area.height + fields_area.height),
    );
    render_search(app, frame, search_area);
    render_fields(app, frame, fields_area);
    render_list(app, frame, list_area);
    if let Some(right) = right {
        render_report(app, frame, right);
    }
}

fn render_search(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let caret = if form.field == Field::Search {
        "▏"
    } else {
        ""
    };
    let search = Paragraph::new(format!("{}{caret}", form.search)).block(boxed(
        app,
        " Search by name (LIKE pattern: % any text, _ one character) ",
        form.field == Field::Search,
    ));
    frame.render_widget(search, area);
}

/// The id and name fields, then the one message that matters now: what is wrong with
/// what was typed, else the last call's failure, else the last note.
fn field_lines(app: &App) -> Vec<Line<'static>> {
    let form = &app.form;
    let key = app.theme.popup.key;
    let caret = |field: Field| if form.field == field { "▏" } else { "" };
    let limit = form
        .name_max
        .map(|n| format!(" (≤ {n} characters)"))
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("id   ", key),
            Span::raw(format!("{}{}", form.id, caret(Field::Id))),
        ]),
        Line::from(vec![
            Span::styled("name ", key),
            Span::raw(format!("{}{}", form.name, caret(Field::Name))),
            Span::styled(limit, app.theme.grid.not_fetched),
        ]),
    ];
    let error = app.theme.transcript.error;
    match (&form.invalid, &form.error) {
        (Some(why), _) => lines.push(Line::from(Span::styled(format!("✗ {why}"), error))),
        (None, Some(failed)) => {
            lines.push(Line::from(Span::styled(failed.meaning.clone(), error)));
            if form.confirm_create {
                lines.push(Line::from(Span::styled(
                    "Create it with user_dao.create_table()? y / n",
                    key,
                )));
            }
        }
        (None, None) => {
            if let Some(note) = &form.note {
                lines.push(Line::from(Span::styled(
                    note.clone(),
                    app.theme.transcript.note,
                )));
            }
        }
    }
    lines
}

fn render_fields(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let title = if form.pending {
        " User (waiting for the DAO…) "
    } else {
        " User — F5 saves, F8 deletes "
    };
    frame.render_widget(
        Paragraph::new(field_lines(app))
            .wrap(Wrap { trim: false })
            .block(boxed(
                app,
                title,
                matches!(form.field, Field::Id | Field::Name),
            )),
        area,
    );
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let width = usize::from(area.width.saturating_sub(2));
    let rows: Vec<Line<'static>> = form
        .users
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let text = fit(
                &format!("{id:>6}  {}", crate::output::sanitize(name)),
                width,
            );
            if i == form.selected && form.field == Field::List {
                Line::from(Span::styled(text, app.theme.grid.selected))
            } else {
                Line::from(text)
            }
        })
        .collect();
    let skip = form
        .selected
        .saturating_sub(usize::from(area.height.saturating_sub(3)));
    let list = Paragraph::new(rows.into_iter().skip(skip).collect::<Vec<_>>()).block(boxed(
        app,
        &format!(
            " user table: {} row(s) — Enter loads one into the form ",
            form.users.len()
        ),
        form.field == Field::List,
    ));
    frame.render_widget(list, area);
}

/// The status bar's text in form mode, from the form's keys in the keymap (a key the
/// user rebound shows as rebound; an action left without a key is left out).
pub fn hint(app: &App) -> String {
    FORM_HINT
        .iter()
        .filter_map(|(action, what)| {
            let keys = app.keymap.form_keys(*action);
            keys.first().map(|k| format!("{} {what}", key_name(k)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `Ctrl-N` as keyboards print it, where the help's key label says `Ctrl-n`.
fn key_name(label: &str) -> String {
    match label.strip_prefix("Ctrl-") {
        Some(rest) if rest.chars().count() == 1 => format!("Ctrl-{}", rest.to_uppercase()),
        _ => label.to_owned(),
    }
}

/// One labelled line of the report (`call      user_dao.get_users(user_map)`).
fn labelled(app: &App, label: &'static str, text: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(label, app.theme.popup.key),
        Span::raw(text),
    ])
}

/// The statement a call ran: its SQL, params, the execute call, what was sent, the
/// counts, and what a string-built query would have sent instead.
fn statement_lines(app: &App, st: &StatementReport, lines: &mut Vec<Line<'static>>) {
    lines.push(labelled(app, "sql       ", st.template.to_string()));
    lines.push(labelled(app, "params    ", st.params_repr()));
    lines.push(labelled(app, "execute   ", st.execute_call()));
    lines.push(labelled(app, "statement ", st.executed.to_string()));
    lines.push(labelled(
        app,
        "rowcount  ",
        format!("{}   lastrowid {}", st.rowcount, st.lastrowid_repr()),
    ));
    if let Some(built) = st.string_built() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "A string-built query (f-string concatenation) would have sent:",
            app.theme.transcript.note,
        )));
        lines.push(Line::from(Span::styled(
            built.as_str().to_owned(),
            app.theme.transcript.error,
        )));
    }
}

fn report_lines(app: &App) -> Vec<Line<'static>> {
    let form = &app.form;
    let Some(report) = &form.report else {
        return vec![Line::from(
            "Each DAO call shows here: the call, its parametric SQL, and the Python behind it.",
        )];
    };
    let code = app.theme.transcript.code;
    let mut lines = vec![Line::from(vec![
        Span::styled("call      ", app.theme.popup.key),
        Span::styled(report.call.clone(), code),
    ])];
    if report.identity_map_hit {
        lines.push(Line::from(
            "          answered by the identity map: no query was sent",
        ));
    }
    if let Some(st) = &report.statement {
        statement_lines(app, st, &mut lines);
    }
    if let Some(error) = &form.error {
        lines.push(Line::from(Span::styled(
            error.line.clone(),
            app.theme.transcript.error,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "# the DAO method, in Python",
        app.theme.transcript.note,
    )));
    lines.extend(
        report
            .python
            .lines()
            .map(|l| Line::from(Span::styled(l.to_owned(), code))),
    );
    lines
}

fn render_report(app: &App, frame: &mut Frame, area: Rect) {
    let pool_height = 4.min(area.height);
    let report_area = Rect::new(area.x, area.y, area.width, area.height - pool_height);
    let pool_area = Rect::new(area.x, area.y + report_area.height, area.width, pool_height);
    frame.render_widget(
        Paragraph::new(report_lines(app))
            .wrap(Wrap { trim: false })
            .block(boxed(app, " DAO call ", false)),
        report_area,
    );
    render_pool(app, frame, pool_area);
}

fn render_pool(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let sqlite = app
        .info
        .as_ref()
        .is_some_and(|i| i.dialect == crate::db::Dialect::Sqlite);
    if sqlite {
        let pool = Paragraph::new(vec![Line::from(
            "sqlite3 has no connection pool: the DAO keeps one connection to the file.",
        )])
        .wrap(Wrap { trim: false })
        .block(boxed(app, " Connection ", false));
        frame.render_widget(pool, area);
        return;
    }
    let pool_line = match &form.pool {
        Some(stats) => format!(
            "{}: size {} · in use {} · free {} · borrowed here {}",
            stats.name, stats.size, stats.in_use, stats.free, form.held
        ),
        None => format!("{POOL_NAME}: size {POOL_SIZE} (opened with the first call)"),
    };
    let pool = Paragraph::new(vec![
        Line::from(pool_line),
        Line::from(Span::styled(
            "F7 borrows one more (to see PoolError) · F9 gives them back",
            app.theme.popup.key,
        )),
    ])
    .block(boxed(app, " Connection pool ", false));
    frame.render_widget(pool, area);
}
