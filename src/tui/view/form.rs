//! Form mode: the `user` table as a list, a search box, a form, and beside them what each
//! DAO call did — the call, the parametric SQL and its params, rowcount / lastrowid, the
//! Python DAO code, what a string-built query would have been — and the pool.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::App;
use super::super::form::{FORM_KEYS, Field};
use super::super::form_worker::{POOL_NAME, POOL_SIZE};
use super::style::{border_style, fit};

fn boxed<'a>(app: &App, title: &str, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(border_style(app, focused))
        .title(title.to_owned())
        .title_style(app.theme.base.title)
}

/// Draws form mode in `area` (everything but the status bar).
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let (left, right) = if area.width >= 70 {
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
    } else {
        (area, None)
    };
    let key = app.theme.popup.key;
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

    let search = Paragraph::new(format!(
        "{}{}",
        form.search,
        if form.field == Field::Search {
            "▏"
        } else {
            ""
        }
    ))
    .block(boxed(
        app,
        " Search by name (LIKE pattern: % any text, _ one character) ",
        form.field == Field::Search,
    ));
    frame.render_widget(search, search_area);

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
    match (&form.invalid, &form.error) {
        (Some(why), _) => lines.push(Line::from(Span::styled(
            format!("✗ {why}"),
            app.theme.transcript.error,
        ))),
        (None, Some(error)) => {
            lines.push(Line::from(Span::styled(
                error.meaning.clone(),
                app.theme.transcript.error,
            )));
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
    let title = if form.pending {
        " User (waiting for the DAO…) "
    } else {
        " User — F5 saves, F8 deletes "
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(
                app,
                title,
                matches!(form.field, Field::Id | Field::Name),
            )),
        fields_area,
    );

    let width = usize::from(list_area.width.saturating_sub(2));
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
        .saturating_sub(usize::from(list_area.height.saturating_sub(3)));
    let list = Paragraph::new(rows.into_iter().skip(skip).collect::<Vec<_>>()).block(boxed(
        app,
        &format!(
            " user table: {} row(s) — Enter loads one into the form ",
            form.users.len()
        ),
        form.field == Field::List,
    ));
    frame.render_widget(list, list_area);

    if let Some(right) = right {
        render_report(app, frame, right);
    }
}

/// The status bar's text in form mode.
pub fn hint() -> &'static str {
    FORM_KEYS
}

fn render_report(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let key = app.theme.popup.key;
    let pool_height = 4.min(area.height);
    let report_area = Rect::new(area.x, area.y, area.width, area.height - pool_height);
    let pool_area = Rect::new(area.x, area.y + report_area.height, area.width, pool_height);
    let mut lines: Vec<Line<'static>> = Vec::new();
    match &form.report {
        None => lines.push(Line::from(
            "Each DAO call shows here: the call, its parametric SQL, and the Python behind it.",
        )),
        Some(report) => {
            lines.push(Line::from(vec![
                Span::styled("call      ", key),
                Span::styled(report.call.clone(), app.theme.transcript.code),
            ]));
            if report.identity_map_hit {
                lines.push(Line::from(
                    "          answered by the identity map: no query was sent",
                ));
            }
            if let Some(st) = &report.statement {
                lines.push(Line::from(vec![
                    Span::styled("sql       ", key),
                    Span::raw(st.template.to_string()),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("params    ", key),
                    Span::raw(st.params_repr()),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("execute   ", key),
                    Span::raw(st.execute_call()),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("statement ", key),
                    Span::raw(st.executed.to_string()),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("rowcount  ", key),
                    Span::raw(format!(
                        "{}   lastrowid {}",
                        st.rowcount,
                        st.lastrowid_repr()
                    )),
                ]));
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
            for code in report.python.lines() {
                lines.push(Line::from(Span::styled(
                    code.to_owned(),
                    app.theme.transcript.code,
                )));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(app, " DAO call ", false)),
        report_area,
    );
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
        frame.render_widget(pool, pool_area);
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
            key,
        )),
    ])
    .block(boxed(app, " Connection pool ", false));
    frame.render_widget(pool, pool_area);
}
