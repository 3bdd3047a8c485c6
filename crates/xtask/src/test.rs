//! `cargo xtask test`: everything CI runs, in order, installing what is missing.

use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use crate::spa;
use crate::util::{
    self, cargo, cargo_bin, ensure_apt, root, run as run_cmd, run_tee, step, target_dir,
};

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Adds cargo's `test result:` lines and Playwright's `N passed` / `N failed` lines.
    fn add(&mut self, lines: &[String]) {
        for line in lines {
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("test result: ") {
                self.passed += number_before(rest, " passed");
                self.failed += number_before(rest, " failed");
            } else if l.ends_with(')') && (l.contains(" passed (") || l.contains(" failed")) {
                self.passed += number_before(l, " passed");
            } else if l.ends_with(" failed") && l.split_whitespace().count() == 2 {
                self.failed += number_before(l, " failed");
            }
        }
    }
}

fn number_before(text: &str, marker: &str) -> u64 {
    text.find(marker)
        .and_then(|i| text[..i].split(|c: char| !c.is_ascii_digit()).next_back())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn cargo_tests(tally: &mut Tally, backend: &str, extra: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new(cargo_bin());
    cmd.args([
        "test",
        "--workspace",
        "--exclude",
        "cjs-web",
        "--all-features",
    ])
    .args(extra)
    .current_dir(root())
    .env("CJS_TEST_BACKEND", backend);
    let (ok, lines) = run_tee(&mut cmd)?;
    tally.add(&lines);
    if ok {
        Ok(())
    } else {
        Err(format!("tests failed on {backend}"))
    }
}

fn postgres_reachable(url: &str) -> bool {
    let hostport = url
        .split('@')
        .next_back()
        .and_then(|s| s.split('/').next())
        .unwrap_or("127.0.0.1:5432");
    let hostport = if hostport.contains(':') {
        hostport.to_owned()
    } else {
        format!("{hostport}:5432")
    };
    std::net::ToSocketAddrs::to_socket_addrs(&hostport)
        .ok()
        .and_then(|mut a| a.next())
        .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(3)).is_ok())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let e2e = !args.iter().any(|a| a == "--no-e2e");
    let mut tally = Tally::default();

    step("toolchain components");
    let components =
        util::output(Command::new("rustup").args(["component", "list", "--installed"]))
            .unwrap_or_default();
    for c in ["rustfmt", "clippy"] {
        if !components.lines().any(|l| l.starts_with(c)) {
            run_cmd(Command::new("rustup").args(["component", "add", c]))?;
        }
    }
    spa::ensure_wasm_tools()?;

    step("1/6 cargo fmt --check");
    cargo(&["fmt", "--all", "--check"])?;

    step("2/6 cargo clippy -D warnings (server side and the SPA for wasm32)");
    cargo(&[
        "clippy",
        "--workspace",
        "--exclude",
        "cjs-web",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&[
        "clippy",
        "-p",
        "cjs-web",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ])?;

    step("3/6 unit and integration tests on SQLite (and the SPA's unit tests on the host)");
    cargo_tests(&mut tally, "sqlite", &[])?;
    let mut cmd = Command::new(cargo_bin());
    cmd.args(["test", "-p", "cjs-web"]).current_dir(root());
    let (ok, lines) = run_tee(&mut cmd)?;
    tally.add(&lines);
    if !ok {
        return Err("the SPA's unit tests failed".into());
    }

    step("4/6 integration tests on PostgreSQL");
    let pg = std::env::var("CJS_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG.into());
    if !postgres_reachable(&pg) {
        return Err(format!(
            "PostgreSQL is not reachable at {pg}; start it or set CJS_TEST_DATABASE_URL"
        ));
    }
    cargo_tests(&mut tally, "postgres", &[])?;

    step("5/6 OpenAPI drift (api-spec/openapi.json against the code)");
    let mut cmd = Command::new(cargo_bin());
    cmd.args(["test", "-p", "cjs-server", "--test", "openapi"])
        .current_dir(root());
    let (ok, lines) = run_tee(&mut cmd)?;
    tally.add(&lines);
    if !ok {
        return Err("api-spec/openapi.json is out of date: run `cargo xtask openapi`".into());
    }

    step("5b/6 schemathesis against `cjs serve` (the document must describe every answer)");
    cargo(&["build", "-p", "cjs-server", "--bin", "cjs"])?;
    let mut lines = Vec::new();
    let result = crate::schemathesis::run(&mut lines);
    if result.is_err() {
        tally.failed += 1;
    }
    result?;

    if e2e {
        step("6/6 Playwright in Chromium against the real server and SPA");
        ensure_apt(
            &["chromium", "fonts-ipaexfont-gothic", "fonts-noto-cjk"],
            "/usr/bin/chromium",
        )?;
        ensure_apt(
            &["fonts-ipaexfont-gothic"],
            "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        )?;
        spa::build(spa::Profile::Release)?;
        cargo(&["build", "-p", "cjs-server", "--bin", "cjs"])?;
        let e2e_dir = root().join("e2e");
        let stamp = e2e_dir.join("node_modules/.package-lock.json");
        let lock = e2e_dir.join("package-lock.json");
        let stale = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
            (Ok(s), Ok(l)) => s.modified().ok() < l.modified().ok(),
            _ => true,
        };
        if stale {
            run_cmd(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&e2e_dir)
                    .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            )?;
        }
        let mut cmd = Command::new("npx");
        cmd.args(["playwright", "test", "--reporter=list"])
            .current_dir(&e2e_dir)
            .env("CJS_BIN", target_dir().join("debug/cjs"))
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        let (ok, lines) = run_tee(&mut cmd)?;
        tally.add(&lines);
        if !ok {
            println!(
                "\nxtask: {} passed, {} failed",
                tally.passed,
                tally.failed.max(1)
            );
            return Err("Playwright failed (traces and screenshots in e2e/test-results)".into());
        }
    } else {
        step("6/6 Playwright skipped (--no-e2e)");
    }

    println!("\nxtask: {} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_and_playwright_summaries_are_counted() {
        let mut t = Tally::default();
        t.add(&[
            "test result: ok. 17 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 5.70s".into(),
            "test result: FAILED. 3 passed; 2 failed; 0 ignored".into(),
            "  4 passed (12.3s)".into(),
            "  1 failed".into(),
        ]);
        assert_eq!(t.passed, 24);
        assert_eq!(t.failed, 3);
    }

    #[test]
    fn a_postgres_url_names_its_host_and_port() {
        // Nothing listens on port 9 (discard) here; the parse is what matters.
        assert!(!postgres_reachable(
            "postgres://postgres@127.0.0.1:9/postgres"
        ));
    }
}
