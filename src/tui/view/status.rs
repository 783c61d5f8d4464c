//! The status bar: the session (user@host:port/db, server version), the cursor (kind,
//! position, rowcount), the transaction (autocommit, uncommitted statements), and the time
//! of the running statement or the last one (server / fetch / render).

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::super::app::{App, Level};
use super::super::grid::Position;
use super::style::fit;

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

fn ms(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 1.0 {
        format!("{:.1} ms", secs * 1000.0)
    } else {
        format!("{secs:.2} s")
    }
}

/// The right-hand side: what runs now, or how long the last request took.
fn timing(app: &App) -> String {
    if let Some(busy) = &app.busy {
        let elapsed = app.now.saturating_duration_since(busy.started);
        return format!(
            " {} {} {:.1} s · Ctrl-C cancels ",
            SPINNER[app.spinner % SPINNER.len()],
            busy.label,
            elapsed.as_secs_f64()
        );
    }
    match &app.last_timing {
        Some(t) => format!(
            " server {} · fetch {} · render {} ",
            ms(t.server),
            ms(t.fetch),
            ms(app.last_render)
        ),
        None => String::new(),
    }
}

/// Where the cursor stands, as the bar says it.
fn position_text(app: &App) -> String {
    match app.grid.position {
        Position::BeforeFirst => "before row 1".to_owned(),
        Position::OnRow(k) => format!("row {}", k + 1),
        Position::AfterLast => "after last row".to_owned(),
    }
}

/// The left-hand side: session, cursor, transaction — as many facts as fit in `width`,
/// most important first, shown in a fixed order.
fn facts(app: &App, width: usize) -> String {
    let mut parts: Vec<(u8, String)> = Vec::new();
    let cursor_fact = (app.cursor.as_ref()).map(|c| format!("{} {}", c.class, position_text(app)));
    let uncommitted = (app.uncommitted > 0).then(|| format!("{} uncommitted", app.uncommitted));
    if let Some(info) = &app.info {
        // The session always shows, cut short on a narrow bar so that the cursor's
        // state and the uncommitted count, which matter more, still fit beside it.
        let room = if let Some(cursor) = &cursor_fact {
            let others = cursor.width() + 3 + uncommitted.as_ref().map_or(0, |u| u.width() + 3);
            (width / 3)
                .min(width.saturating_sub(2 + 3 + others))
                .max(12)
        } else {
            width
        };
        parts.push((0, fit(&info.label, room)));
        let version = info
            .server_version
            .split('-')
            .take(2)
            .collect::<Vec<_>>()
            .join("-");
        parts.push((7, version));
        if let Some(security) = &info.security {
            parts.push((5, security.short()));
        }
    }
    if let (Some(cursor), Some(fact)) = (&app.cursor, cursor_fact) {
        // The cursor's state goes first when room is short (a narrow screen).
        parts.push((1, fact));
        parts.push((3, format!("rowcount {}", cursor.rowcount)));
    }
    parts.push((
        4,
        format!("autocommit {}", if app.autocommit { "on" } else { "off" }),
    ));
    if let Some(uncommitted) = uncommitted {
        parts.push((2, uncommitted));
    }
    if let Some(since) = app.transaction.since() {
        parts.push((2, format!("in transaction since {}", fit(since, 28))));
    }
    parts.push((6, format!("arraysize {}", app.arraysize)));
    let mut by_priority: Vec<usize> = (0..parts.len()).collect();
    by_priority.sort_by_key(|i| parts[*i].0);
    let mut keep = vec![false; parts.len()];
    let mut used = 2;
    for i in by_priority {
        // The transaction's statement is cut to the room left, rather than dropped.
        if let (Some(since), Some((2, text))) = (app.transaction.since(), parts.get(i))
            && text.starts_with("in transaction")
            && used + text.width() + 3 > width
        {
            let room = width.saturating_sub(used + 3 + 21);
            parts[i].1 = if room >= 8 {
                format!("in transaction since {}", fit(since, room))
            } else {
                "in transaction".to_owned()
            };
        }
        let need = parts[i].1.width() + 3;
        if used + need <= width || used == 2 {
            keep[i] = true;
            used += need;
        }
    }
    let shown: Vec<&str> = parts
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| p.1.as_str())
        .collect();
    format!(" {} ", shown.join(" · "))
}

/// Where the cursor stands, short: kept on the bar beside any message.
fn cursor_state(app: &App) -> Option<String> {
    let cursor = app.cursor.as_ref()?;
    Some(format!(
        "{} · rowcount {}",
        position_text(app),
        cursor.rowcount
    ))
}

/// Draws the bar.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let state = match cursor_state(app) {
        Some(s) if app.screen == super::super::app::Screen::Sql => format!(" {s} │"),
        _ => String::new(),
    };
    // While a request runs, its progress and how to cancel it keep their third of the bar;
    // otherwise the session's facts come first (autocommit, the open transaction, the
    // cursor) and the timings get what room is left, a third of the bar at most.
    let running = app.busy.as_ref().map(|_| fit(&timing(app), width / 3));
    let facts_width = width.saturating_sub(running.as_ref().map_or(0, |r| r.width()));
    let (left, style) = match &app.message {
        Some((text, Level::Error)) => (format!("{state} {text} "), app.theme.status.error),
        Some((text, Level::Info)) => (format!("{state} {text} "), app.theme.status.bar),
        None if app.screen == super::super::app::Screen::Form => (
            format!(" {} ", super::form::hint(app)),
            app.theme.status.bar,
        ),
        None => (facts(app, facts_width), app.theme.status.bar),
    };
    let right = running.unwrap_or_else(|| {
        let left = fit(&left, width);
        fit(
            &timing(app),
            (width / 3).min(width.saturating_sub(left.width())),
        )
    });
    let left_width = width.saturating_sub(right.width());
    let right_style = if app.busy.is_some() {
        app.theme.status.busy
    } else {
        app.theme.status.bar
    };
    let left = fit(&left, left_width);
    let fill = " ".repeat(left_width.saturating_sub(left.width()));
    let line = Line::from(vec![
        Span::styled(left, style),
        Span::styled(fill, app.theme.status.bar),
        Span::styled(right, right_style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
