//! The shape ARCHITECTURE.md describes is the shape of the code: every path it names
//! exists, and the engine never imports a front end (which the `cli` feature gate relies on).

use std::path::{Path, PathBuf};

const FRONT_ENDS: [&str; 8] = [
    "app",
    "batch",
    "complete",
    "interrupt",
    "output",
    "repl",
    "rowstore",
    "tui",
];
const ENGINE: [&str; 8] = [
    "config", "dao", "db", "pyrepr", "script", "session", "sql", "error.rs",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `src/...` path written in backquotes in ARCHITECTURE.md.
fn named_paths(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("src/"))
        .map(str::to_owned)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_path_architecture_md_names_exists() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md"))
        .unwrap_or_else(|e| panic!("ARCHITECTURE.md: {e}"));
    let paths = named_paths(&text);
    assert!(
        paths.len() > 20,
        "ARCHITECTURE.md names too few paths: {paths:?}"
    );
    let missing: Vec<&String> = paths.iter().filter(|p| !root().join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn architecture_md_names_every_top_level_room() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md"))
        .unwrap_or_else(|e| panic!("ARCHITECTURE.md: {e}"));
    let named = named_paths(&text);
    let entries = std::fs::read_dir(root().join("src")).unwrap_or_else(|e| panic!("src: {e}"));
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "lib.rs" {
            continue;
        }
        let path = if entry.path().is_dir() {
            format!("src/{name}/")
        } else {
            format!("src/{name}")
        };
        assert!(
            named.iter().any(|p| p == &path || p.starts_with(&path)),
            "ARCHITECTURE.md does not say what {path} owns"
        );
    }
}

#[test]
fn the_engine_never_imports_a_front_end() {
    let mut files = Vec::new();
    for room in ENGINE {
        rust_files(&root().join("src").join(room), &mut files);
    }
    assert!(
        files.len() > 30,
        "found too few engine files: {}",
        files.len()
    );
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for front in FRONT_ENDS {
            for pattern in [format!("crate::{front}::"), format!("crate::{front};")] {
                if text.contains(&pattern) {
                    offenders.push(format!("{} uses {pattern}", file.display()));
                }
            }
        }
        for krate in ["ratatui", "crossterm", "rustyline", "comfy_table"] {
            if text.contains(&format!("{krate}::")) {
                offenders.push(format!("{} uses {krate}", file.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The rooms of the engine each engine room's files name through `crate::ROOM`.
fn room_dependencies() -> Vec<(String, String)> {
    let rooms: Vec<&str> = ENGINE
        .iter()
        .map(|r| r.trim_end_matches(".rs"))
        .chain(["private_file"])
        .collect();
    let mut edges = Vec::new();
    for room in &rooms {
        let mut files = Vec::new();
        rust_files(&root().join("src").join(room), &mut files);
        rust_files(&root().join("src").join(format!("{room}.rs")), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
            for other in &rooms {
                let named = text.contains(&format!("crate::{other}::"))
                    || text.contains(&format!("crate::{other};"))
                    || text.contains(&format!("crate::{other}::{{"));
                let edge = ((*room).to_owned(), (*other).to_owned());
                if other != room && named && !edges.contains(&edge) {
                    edges.push(edge);
                }
            }
        }
    }
    edges
}

#[test]
fn the_engines_rooms_have_no_cycle() {
    let edges = room_dependencies();
    assert!(edges.len() >= 5, "too few dependencies found: {edges:?}");
    let reaches = |from: &str, to: &str| {
        let mut seen = vec![from.to_owned()];
        let mut todo = vec![from.to_owned()];
        while let Some(room) = todo.pop() {
            for (a, b) in &edges {
                if *a == room && !seen.contains(b) {
                    seen.push(b.clone());
                    todo.push(b.clone());
                }
            }
        }
        seen.iter().skip(1).any(|r| r == to)
    };
    let mut cycles: Vec<(String, String)> = Vec::new();
    for (a, _) in &edges {
        for (b, _) in &edges {
            let pair = (a.clone(), b.clone());
            if a < b && reaches(a, b) && reaches(b, a) && !cycles.contains(&pair) {
                cycles.push(pair);
            }
        }
    }
    cycles.sort();
    assert_eq!(
        cycles,
        Vec::<(String, String)>::new(),
        "rooms of the engine that depend on each other, directly or not"
    );
}

#[path = "architecture/file_graph.rs"]
mod file_graph;

/// The engine's files that depend on each other, directly or not: none may.
#[test]
fn no_two_engine_files_depend_on_each_other() {
    let krate = file_graph::Crate::read(&root().join("src"));
    let engine = |p: &Path| {
        ENGINE.iter().any(|room| {
            let room = root().join("src").join(room);
            p.starts_with(&room)
        }) || p.ends_with("src/private_file.rs")
    };
    let edges: std::collections::BTreeSet<(PathBuf, PathBuf)> = krate
        .file_edges()
        .into_iter()
        .filter(|(a, b)| engine(a) && engine(b))
        .collect();
    assert!(
        edges.len() > 50,
        "too few file dependencies found: {edges:#?}"
    );
    let cycles: Vec<Vec<String>> = file_graph::cycles(&edges)
        .into_iter()
        .map(|group| {
            group
                .iter()
                .map(|p| p.strip_prefix(root()).unwrap_or(p).display().to_string())
                .collect()
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "engine files that depend on each other, directly or not: {cycles:#?}"
    );
}

/// `db/mysql/` and `db/sqlite/` are twins over `db/api/` and the shared files: neither
/// names the other, and nothing shared names either.
#[test]
fn the_backends_are_twins_over_the_shared_words() {
    let krate = file_graph::Crate::read(&root().join("src"));
    let db = root().join("src/db");
    let (mysql, sqlite) = (db.join("mysql"), db.join("sqlite"));
    let backend = |p: &Path| {
        if p.starts_with(&mysql) {
            Some("mysql")
        } else if p.starts_with(&sqlite) {
            Some("sqlite")
        } else {
            None
        }
    };
    let offenders: Vec<String> = krate
        .file_edges()
        .into_iter()
        .filter(|(a, b)| a.starts_with(&db) && b.starts_with(&db))
        .filter(|(a, b)| backend(b).is_some() && backend(a) != backend(b))
        .map(|(a, b)| format!("{} -> {}", a.display(), b.display()))
        .collect();
    assert!(offenders.is_empty(), "{offenders:#?}");
}
