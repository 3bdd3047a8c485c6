//! Key and certificate files: private keys are written with mode 0600 from the start.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::{PkiError, PkiResult};

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> PkiError + '_ {
    move |source| PkiError::Io {
        path: path.display().to_string(),
        source,
    }
}

pub fn read(path: &Path) -> PkiResult<Vec<u8>> {
    fs::read(path).map_err(io_err(path))
}

/// Writes atomically (temp file + rename) so a crash never leaves half a key.
pub fn write(path: &Path, bytes: &[u8], secret: bool) -> PkiResult<()> {
    let tmp = path.with_extension("tmp");
    let mode = if secret { 0o600 } else { 0o644 };
    {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&tmp)
            .map_err(io_err(&tmp))?;
        f.write_all(bytes).map_err(io_err(&tmp))?;
        f.sync_all().map_err(io_err(&tmp))?;
    }
    fs::set_permissions(&tmp, fs::Permissions::from_mode(mode)).map_err(io_err(&tmp))?;
    fs::rename(&tmp, path).map_err(io_err(path))
}

/// Creates the folder owner-only; an existing folder is left as it is (it may be a read-only
/// mount of a Kubernetes Secret).
pub fn ensure_dir(path: &Path) -> PkiResult<()> {
    if path.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(path).map_err(io_err(path))?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o700)).map_err(io_err(path))
}
