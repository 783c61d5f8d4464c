//! Debug builds only (compiled out of release): a panic on demand at a known point, for the
//! tests that check that a crash restores the terminal and prints no secret. With
//! `ROWWISE_TEST_PANIC=ui` the UI thread panics when it sends a statement containing
//! [`MARKER`] to the database; with `ROWWISE_TEST_PANIC=worker` the database worker panics
//! when it runs one.

use std::fmt::Debug;

/// The text a statement must contain to trigger the panic.
pub const MARKER: &str = "rowwise_test_panic";

/// Panics when `ROWWISE_TEST_PANIC` names `place` and `sql` holds the marker. The message
/// carries `detail` (the connection options) so that a test can check they print masked.
#[allow(clippy::panic)] // the one deliberate panic: what it tests is the way out of one
pub fn maybe(place: &str, sql: &str, detail: &dyn Debug) {
    assert!(
        !(sql.contains(MARKER) && std::env::var("ROWWISE_TEST_PANIC").is_ok_and(|v| v == place)),
        "forced test panic in the {place} (ROWWISE_TEST_PANIC), connected with {detail:?}"
    );
}
