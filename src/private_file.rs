//! Files that hold a user's state (history, the saved editor, the demo database, exports)
//! are created readable and writable by their owner only (0600). A leaf module: the engine
//! and the front ends both use it.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates (or truncates) a file readable and writable by its owner only.
///
/// # Failure
/// The I/O error of creating the directory or the file.
pub fn create_private(path: &Path) -> io::Result<File> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    restrict_to_owner(path)?;
    Ok(file)
}

/// Makes an existing file private (0600), e.g. one another program created.
///
/// # Failure
/// The I/O error of changing its permissions.
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}
