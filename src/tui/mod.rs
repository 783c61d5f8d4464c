//! The full-screen interface (ratatui + crossterm): query editor, streaming result grid
//! with the cursor's position, the Python panel, and a status bar.
//!
//! One-way flow: every input, database reply and tick arrives as an [`event::AppEvent`] on
//! one channel; `App::update` changes the state and returns effects; the loop carries them
//! out (requests to the database worker, cancel, clipboard, files) and draws the next frame
//! with `view::render`, a pure function of the state. Database work runs on the worker
//! thread, so the UI never waits on the network.

pub mod action;
pub mod app;
pub mod cell_text;
mod clipboard;
mod draft;
pub mod editor;
pub mod event;
pub mod form;
pub mod form_worker;
pub mod grid;
pub mod help;
mod history;
pub mod keymap;
pub mod layout;
pub mod outbox;
pub mod params;
pub mod popup;
pub mod python_panel;
pub mod replay;
mod terminal;
#[cfg(debug_assertions)]
mod test_panic;
pub mod text_fit;
pub mod theme;
pub mod transaction;
pub mod view;
pub mod worker;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crate::db::{ConnectOptions, Database};
use crate::interrupt::SignalState;

use action::Effect;
use app::{App, Settings};
use event::AppEvent;
use keymap::Keymap;
use terminal::TerminalGuard;
use theme::Theme;

/// How the TUI starts.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Fetch a screenful right after `execute` (the default); off: nothing until asked.
    pub fetch_on_run: bool,
    /// `--theme` or the config's `theme`: a built-in name or a file.
    pub theme: Option<String>,
    /// `[keys]` bindings: (action, key).
    pub key_bindings: Vec<(String, String)>,
    /// The query history file.
    pub history_path: Option<PathBuf>,
    /// Where session exports go.
    pub export_dir: PathBuf,
    /// The connection, for the Python export's `connect()` line.
    pub connect_options: Option<ConnectOptions>,
    /// Is autocommit on at start?
    pub autocommit: bool,
    /// Warnings to show at start (bad config, ...).
    pub warnings: Vec<String>,
    /// Said once at startup when nothing is wrong (e.g. that the demo database is open).
    pub notice: Option<String>,
    /// The SQLite file, when the database is the demo: its Python export uses `sqlite3`.
    pub demo_path: Option<PathBuf>,
    /// Writes timings (key to frame, F5 to first row) to this file.
    pub bench_log: Option<PathBuf>,
}

/// Timings for benchmarks, one `name microseconds` line each.
struct BenchLog {
    file: std::fs::File,
}

impl BenchLog {
    fn open(path: &Path) -> Option<BenchLog> {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(|file| BenchLog { file })
    }

    fn record(&mut self, name: &str, duration: Duration) {
        let _ = writeln!(self.file, "{name} {}", duration.as_micros());
    }
}

/// Runs the TUI until the user quits.
///
/// # Failure
/// The terminal failing; database errors are shown, not returned.
// The front end hands its options over for good; the loop only borrows them.
#[allow(clippy::needless_pass_by_value)]
pub fn run(db: Box<dyn Database>, options: TuiOptions) -> crate::Result<()> {
    let (settings, warnings) = settings(&options);
    let signals = Arc::new(SignalState::default());
    crate::interrupt::watch_termination(Arc::clone(&signals), true, terminal::restore_for_exit)
        .map_err(crate::Error::Terminal)?;
    let (tx, rx) = mpsc::channel();
    let (guard, mut terminal) =
        TerminalGuard::enter(Arc::clone(&signals)).map_err(crate::Error::Terminal)?;
    event::spawn_input(tx.clone()).map_err(crate::Error::Terminal)?;
    let stops = worker::Stops::default();
    let requests = worker::spawn_with_stops(db, tx.clone(), options.autocommit, stops.clone())
        .map_err(crate::Error::Terminal)?;
    let size = terminal.size().map_err(crate::Error::Terminal)?;
    let mut app = App::new(settings, (size.width, size.height), Instant::now());
    app.form_available = options.connect_options.is_some() || options.demo_path.is_some();
    if !warnings.is_empty() {
        app.message = Some((warnings.join("; "), app::Level::Error));
    } else if let Some(notice) = &options.notice {
        app.message = Some((notice.clone(), app::Level::Info));
    }
    // The editor's unrun text, kept beside the history (see draft.rs).
    let draft_path = options
        .history_path
        .as_ref()
        .map(|p| p.with_file_name("tui-draft.sql"));
    let last_draft = draft_path.as_deref().and_then(draft::load);
    if let Some(text) = &last_draft {
        app.editor.set_text(text);
        if app.message.is_none() {
            app.message = Some((
                "Restored the text you had not run in the last session.".to_owned(),
                app::Level::Info,
            ));
        }
    }
    let mut outside = Outside {
        requests,
        stops,
        tx,
        form_requests: None,
        options: &options,
        drafts: draft_path.and_then(|p| draft::DraftSaver::spawn(p).ok()),
        last_draft,
        bench: options.bench_log.as_deref().and_then(BenchLog::open),
        pending_key: None,
    };
    loop {
        let draw_started = Instant::now();
        terminal
            .draw(|frame| view::render(&app, frame))
            .map_err(crate::Error::Terminal)?;
        app.last_render = draw_started.elapsed();
        outside.record_frame(&mut app);
        signals
            .in_transaction
            .store(app.uncommitted > 0, Ordering::SeqCst);
        signals.uncommitted.store(app.uncommitted, Ordering::SeqCst);
        if app.should_quit {
            break;
        }
        let Some(events) = next_events(&rx, app.is_busy()) else {
            break;
        };
        outside.handle(&mut app, events);
    }
    if let Some(path) = &options.history_path {
        let _ = history::save(path, app.editor.history());
    }
    if let Some(drafts) = outside.drafts.take() {
        drafts.finish();
    }
    drop(outside);
    drop(guard);
    // Said on the restored terminal: on the full screen it would vanish with the exit.
    match app.exit_failure {
        Some(failure) => Err(crate::Error::Message(failure)),
        None => Ok(()),
    }
}

/// The settings the app starts with, and warnings about the configuration.
fn settings(options: &TuiOptions) -> (Settings, Vec<String>) {
    let (theme, theme_warning) = Theme::load(options.theme.as_deref());
    let (keymap, mut warnings) = Keymap::with_overrides(&options.key_bindings);
    warnings.extend(theme_warning);
    warnings.extend(options.warnings.iter().cloned());
    let history = options
        .history_path
        .as_deref()
        .map(history::load)
        .unwrap_or_default();
    let settings = Settings {
        fetch_on_run: options.fetch_on_run,
        theme,
        keymap,
        history,
    };
    (settings, warnings)
}

/// The next events: waits for one (ticking while work is pending), then takes everything
/// already waiting, so a burst of row batches or typed keys costs one frame, not one each.
/// `None` when every sender is gone.
fn next_events(rx: &mpsc::Receiver<AppEvent>, busy: bool) -> Option<Vec<AppEvent>> {
    let first = if busy {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) => AppEvent::Tick,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    } else {
        rx.recv().ok()?
    };
    let mut events = vec![first];
    while let Ok(ev) = rx.try_recv() {
        events.push(ev);
    }
    Some(events)
}

/// What the event loop holds besides the app: the workers, the draft saver, the bench log.
struct Outside<'a> {
    requests: Sender<worker::DbRequest>,
    stops: worker::Stops,
    tx: Sender<AppEvent>,
    form_requests: Option<Sender<form_worker::FormRequest>>,
    options: &'a TuiOptions,
    drafts: Option<draft::DraftSaver>,
    last_draft: Option<String>,
    bench: Option<BenchLog>,
    pending_key: Option<Instant>,
}

impl Outside<'_> {
    /// Updates the app with each event and carries out the effects.
    fn handle(&mut self, app: &mut App, events: Vec<AppEvent>) {
        let was_busy = app.busy.clone();
        let typed = events
            .iter()
            .any(|e| matches!(e, AppEvent::Key(..) | AppEvent::Paste(_)));
        for event in events {
            if let AppEvent::Key(_, at) = &event {
                self.pending_key.get_or_insert(*at);
            }
            for effect in app.update(event) {
                if let Effect::Form(request) = effect {
                    send_form(
                        request,
                        &mut self.form_requests,
                        app,
                        &self.tx,
                        self.options,
                    );
                } else {
                    dispatch(
                        effect,
                        app,
                        &self.requests,
                        &self.stops,
                        &self.tx,
                        self.options,
                    );
                }
            }
        }
        if let (true, Some(drafts)) = (typed, &self.drafts) {
            let text = app.editor.text();
            if self.last_draft.as_deref().unwrap_or("") != text {
                drafts.save(text.clone());
                self.last_draft = Some(text);
            }
        }
        if let (Some(bench), Some(done), None) = (self.bench.as_mut(), &was_busy, &app.busy) {
            bench.record(&format!("{}_us", done.label), done.started.elapsed());
        }
    }

    /// Bench timings after a frame: key to frame, run to first row.
    fn record_frame(&mut self, app: &mut App) {
        let Some(bench) = self.bench.as_mut() else {
            return;
        };
        if let Some(at) = self.pending_key.take() {
            bench.record("key_to_frame_us", at.elapsed());
        }
        if let Some(started) = app
            .run_started
            .filter(|_| !app.grid.rows.is_empty() && !app.is_busy())
        {
            bench.record("run_to_first_row_us", started.elapsed());
            app.run_started = None;
        }
    }
}

/// Sends a request to the form's DAO worker, starting it on first use.
fn send_form(
    request: form_worker::FormRequest,
    workers: &mut Option<Sender<form_worker::FormRequest>>,
    app: &mut App,
    tx: &Sender<AppEvent>,
    options: &TuiOptions,
) {
    if workers.is_none() {
        let target = match (&options.demo_path, &options.connect_options) {
            (Some(path), _) => Some(form_worker::FormTarget::Sqlite(path.clone())),
            (None, Some(connect)) => Some(form_worker::FormTarget::MySql(connect.clone())),
            (None, None) => None,
        };
        if let Some(target) = target {
            *workers = form_worker::spawn(target, tx.clone()).ok();
        }
    }
    let sent = workers.as_ref().is_some_and(|w| w.send(request).is_ok());
    if !sent {
        app.form.pending = false;
        app.message = Some((
            "The form's worker is not available.".to_owned(),
            app::Level::Error,
        ));
    }
}

/// Carries out one effect.
fn dispatch(
    effect: Effect,
    app: &mut App,
    requests: &Sender<worker::DbRequest>,
    stops: &worker::Stops,
    tx: &Sender<AppEvent>,
    options: &TuiOptions,
) {
    match effect {
        Effect::Db(request) => {
            #[cfg(debug_assertions)]
            if let worker::DbRequest::Run { sql, .. } = &request {
                test_panic::maybe("ui", sql, &options.connect_options);
            }
            if requests.send(request).is_err() {
                app.message = Some(("The database worker stopped.".to_owned(), app::Level::Error));
            }
        }
        Effect::Stop(id) => stops.stop(id),
        Effect::Cancel => {
            if let Some(canceller) = app.canceller() {
                let tx = tx.clone();
                let _ = thread::Builder::new().name("cancel".into()).spawn(move || {
                    let _ = tx.send(AppEvent::Cancelled(canceller.cancel()));
                });
            }
        }
        Effect::Copy(text) => match clipboard::copy_with_program(&text) {
            Ok(Some(how)) => app.message = Some((how, app::Level::Info)),
            Ok(None) => {
                app.message = Some(match clipboard::osc52(&text) {
                    Ok(sequence) => {
                        let mut out = std::io::stdout();
                        match out.write_all(sequence.as_bytes()).and_then(|()| out.flush()) {
                            Ok(()) => ("Copied through the terminal (OSC 52), if it allows programs to set the clipboard.".to_owned(), app::Level::Info),
                            Err(e) => (format!("Copy failed: {e}"), app::Level::Error),
                        }
                    }
                    Err(why) => (format!("Not copied: {why}."), app::Level::Error),
                });
            }
            Err(why) => app.message = Some((format!("Copy failed: {why}"), app::Level::Error)),
        },
        Effect::SaveTranscript => {
            app.message = Some(match save_transcript(app, options) {
                Ok(path) => (
                    format!(
                        "Saved {} — run it with python3 to replay this session.",
                        path.display()
                    ),
                    app::Level::Info,
                ),
                Err(e) => (
                    format!("Could not save the transcript: {e}"),
                    app::Level::Error,
                ),
            });
        }
        Effect::SaveHistory => {
            if let Some(path) = &options.history_path {
                let _ = history::save(path, app.editor.history());
            }
        }
        Effect::Quit => app.should_quit = true,
        Effect::Form(_) => {}
    }
}

/// Writes the session as a Python file (0600) in the export directory.
fn save_transcript(app: &App, options: &TuiOptions) -> std::io::Result<PathBuf> {
    let text = match (&options.demo_path, &options.connect_options) {
        (Some(demo), _) => app.replay.sqlite(app.entries(), demo),
        (None, Some(connect)) => app.replay.mysql(app.entries(), connect),
        (None, None) => return Err(std::io::Error::other("this database has no Python export")),
    };
    let mut path = options.export_dir.join("rowwise_session.py");
    let mut n = 2;
    while path.exists() {
        path = options.export_dir.join(format!("rowwise_session_{n}.py"));
        n += 1;
    }
    let mut file = crate::config::paths::create_private(&path)?;
    file.write_all(text.as_bytes())?;
    Ok(path)
}
