//! Memory that comes back after load.
//!
//! Under glibc's malloc with its defaults, `cjs serve` grew and never gave memory back: every
//! login's argon2 hash takes a 19 MiB buffer; once the first such buffer is freed glibc raises
//! its mmap threshold to that size, so the next ones come from per-thread arenas (up to 8 per
//! core, one per blocking thread that hashed) that keep their pages. Measured with the bench's
//! load client (~150,000 requests with 50 concurrent logins, debug build): 82 MB idle → 593 MB
//! peak, still 593 MB at rest. With two arenas and a fixed 128 KiB mmap threshold (big buffers
//! always mapped, so unmapped when freed): 82 → 114 MB peak, 94 MB at rest. mimalloc, tried as
//! the global allocator instead: 107 → 181 MB, 146 MB at rest.
//!
//! Three arenas, not two: on the 2-core bench machine the server's threads (two workers, the
//! database threads) queued on two arenas' locks, ~25% of `/me`'s CPU in glibc. Measured with the
//! bench's load client, alternating runs (release build): two arenas `/me` 0.20–0.26 of the bare
//! handler, 51 MB at rest; three 0.27, 55 MB; four 0.26, 62 MB (over the 60 MB goal).
//!
//! glibc reads these settings from the environment when the process starts, and setting them
//! from inside needs `unsafe` (`mallopt`), which this workspace forbids; so `cjs serve` started
//! without them runs itself again with them (same process ID, same arguments) before anything
//! else. A value the operator set is kept. `cargo xtask bench` prints the server's memory.

/// The glibc settings `cjs serve` runs with, unless the environment already names them.
pub const MALLOC_TUNING: [(&str, &str); 2] = [
    ("MALLOC_ARENA_MAX", "3"),
    ("MALLOC_MMAP_THRESHOLD_", "131072"),
];

/// Set on the second start, so the process runs itself again at most once.
const TUNED: &str = "CJS_MALLOC_TUNED";

/// The environment the server should restart with, or `None` when there is nothing to change
/// (already restarted, or every setting given by the operator).
pub fn missing_tuning(
    get: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<Vec<(&'static str, &'static str)>> {
    if get(TUNED).is_some() {
        return None;
    }
    let missing: Vec<_> = MALLOC_TUNING
        .iter()
        .copied()
        .filter(|(k, _)| get(k).is_none())
        .collect();
    (!missing.is_empty()).then_some(missing)
}

/// Called first by `cjs serve`: on Linux with glibc, runs this program again with
/// [`MALLOC_TUNING`] when it was started without it. Returns only when no restart was needed
/// or the restart failed (then the server runs with glibc's defaults, and says so).
pub fn restart_with_malloc_tuning() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt as _;
        let Some(missing) = missing_tuning(|k| std::env::var_os(k)) else {
            return;
        };
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut cmd = std::process::Command::new(exe);
        cmd.args(std::env::args_os().skip(1)).env(TUNED, "1");
        for (k, v) in missing {
            cmd.env(k, v);
        }
        // `exec` replaces this process; it returns only on failure.
        let err = cmd.exec();
        eprintln!("cjs: could not restart with the allocator settings ({err}); continuing without");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn a_plain_start_restarts_with_both_settings_and_only_once() {
        let none = |_: &str| None;
        assert_eq!(missing_tuning(none), Some(MALLOC_TUNING.to_vec()));
        let restarted = |k: &str| (k == TUNED).then(|| OsString::from("1"));
        assert_eq!(missing_tuning(restarted), None);
    }

    #[test]
    fn the_operators_own_values_are_kept() {
        let arena = |k: &str| (k == "MALLOC_ARENA_MAX").then(|| OsString::from("4"));
        assert_eq!(
            missing_tuning(arena),
            Some(vec![("MALLOC_MMAP_THRESHOLD_", "131072")])
        );
        let both = |k: &str| k.starts_with("MALLOC_").then(|| OsString::from("1"));
        assert_eq!(missing_tuning(both), None);
    }
}
