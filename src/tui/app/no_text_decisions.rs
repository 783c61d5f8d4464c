//! The TUI decides from typed steps ([`crate::db::api::Step`]), never by reading the Python
//! text back: this test reads every source file of `src/tui` and fails on a decision made
//! from an entry's code, an error's message, or a printed line.

use std::path::Path;

/// Ways of reading a decision out of display text.
const NEEDLES: &[&str] = &[
    ".code.starts_with",
    ".code.strip_prefix",
    ".code.contains",
    ".code.ends_with",
    ".code == \"",
    ".code.trim_start_matches",
    ".msg ==",
    ".msg.contains",
    ".msg.starts_with",
    "python_line().contains",
    "python_line() ==",
    "lines().contains",
    "\"Unread result found\"",
    "(\"cursor.execute",
    "(\"cnx.autocommit",
    "(\"cnx.",
    "(\"cursor = ",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
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

#[test]
fn no_decision_in_src_tui_reads_the_python_text() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&root, &mut files)?;
    assert!(files.len() > 10, "src/tui was not found: {files:?}");
    let mut found = Vec::new();
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Tests build entries and look at what is displayed; this file names the needles.
        if name.contains("tests") || name == "no_text_decisions.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file)?;
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for needle in NEEDLES {
                // `format!("cnx.commit() failed ...")` composes a message; it decides nothing.
                let decides = line
                    .match_indices(needle)
                    .any(|(at, _)| !line[..at].ends_with('!'));
                if decides {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "decisions on Python text:\n{}",
        found.join("\n")
    );
    Ok(())
}
