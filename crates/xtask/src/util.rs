//! Small helpers: paths, running commands, installing what is missing.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The workspace root (xtask lives in crates/xtask). Read at run time — `cargo run` sets
/// CARGO_MANIFEST_DIR — because a target directory shared by several checkouts may hold an
/// xtask compiled in another one.
pub fn root() -> PathBuf {
    let here = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    here.parent()
        .and_then(|p| p.parent())
        .map(PathBuf::from)
        .unwrap_or(here)
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub fn step(what: &str) {
    println!("\n==> {what}");
}

pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Runs a command, echoing its output, and returns the output lines too.
pub fn run_tee(cmd: &mut Command) -> Result<(bool, Vec<String>), String> {
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{shown}: {e}"))?;
    let mut lines = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            lines.push(line);
        }
    }
    let status = child.wait().map_err(|e| format!("{shown}: {e}"))?;
    Ok((status.success(), lines))
}

pub fn cargo(args: &[&str]) -> Result<(), String> {
    run(Command::new(cargo_bin()).args(args).current_dir(root()))
}

pub fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub fn output(cmd: &mut Command) -> Option<String> {
    cmd.output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

/// Installs Debian packages when a file they provide is missing (only as root; otherwise says
/// what to install).
pub fn ensure_apt(packages: &[&str], marker: &str) -> Result<(), String> {
    if std::path::Path::new(marker).exists() {
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "{marker} is missing: install the Debian packages {}",
            packages.join(" ")
        ));
    }
    step(&format!("installing {} (apt)", packages.join(" ")));
    let stamp = std::path::Path::new("/var/lib/apt/lists");
    let fresh = std::fs::read_dir(stamp)
        .map(|d| d.count() > 3)
        .unwrap_or(false);
    if !fresh {
        run(Command::new("apt-get").args(["update", "-q"]))?;
    }
    let mut cmd = Command::new("apt-get");
    cmd.args(["install", "-y", "-q"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive");
    if run(&mut cmd).is_err() {
        // A stale package list: refresh once and retry.
        run(Command::new("apt-get").args(["update", "-q"]))?;
        run(&mut cmd)?;
    }
    Ok(())
}

/// The exact version of a package in Cargo.lock.
pub fn locked_version(package: &str) -> Option<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"") {
            let next = lines.next()?;
            return next
                .trim()
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_owned);
        }
    }
    None
}

/// A short content hash for cache-busting file names (FNV-1a, 64 bits).
pub fn content_hash(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:016x}", h)[..10].to_owned()
}
