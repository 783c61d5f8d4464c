//! The transcript corpora (tests/scripts, `tests/sqlite_scripts)`: listing their scripts and
//! saying where a transcript first parts from its reference.

use std::path::{Path, PathBuf};

/// The `.cur` scripts in `dir` whose path `keep` accepts, in name order.
pub fn scripts(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cur") && keep(&p.display().to_string()))
        .collect();
    files.sort();
    files
}

/// The first line where `got` differs from `want`, or how their lengths differ.
pub fn first_difference(got: &str, want: &str) -> String {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            return format!("line {}:\n  got:  {g}\n  want: {w}", i + 1);
        }
    }
    format!(
        "lengths differ: got {} lines, want {}",
        got.lines().count(),
        want.lines().count()
    )
}
