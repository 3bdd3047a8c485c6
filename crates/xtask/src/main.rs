//! `cargo xtask …`: the project's build orchestration, in Rust so it runs wherever cargo does.
//!
//! - `spa`     build the Leptos SPA into frontend/dist (wasm32, size profile, wasm-bindgen)
//! - `run`     build SPA and server in release and serve https://localhost:8443 on SQLite
//! - `test`    fmt, clippy, tests on SQLite and PostgreSQL, OpenAPI drift, Playwright
//! - `bench`   print the benchmark table
//! - `soak`    three instances behind nginx on one PostgreSQL, faults injected, nothing lost
//! - `openapi` regenerate api-spec/openapi.json

mod bench;
mod schemathesis;
mod soak;
mod spa;
mod test;
mod util;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first().map(String::as_str) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let rest = &args[1..];
    let result = match cmd {
        "spa" => spa::build(spa::Profile::Release).map(|_| ()),
        "run" => run(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "soak" => soak::run(rest),
        "schemathesis" => util::cargo(&["build", "-p", "cjs-server", "--bin", "cjs"])
            .and_then(|()| schemathesis::run(&mut Vec::new())),
        "openapi" => openapi(),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <spa|run|test|bench|soak|schemathesis|openapi>
  spa       build the SPA into frontend/dist
  run       build everything in release and serve https://localhost:8443 (embedded database)
  test      fmt, clippy, tests on SQLite and PostgreSQL, OpenAPI drift, schemathesis, Playwright
            (--no-e2e skips Playwright; CJS_TEST_DATABASE_URL names the PostgreSQL server)
  schemathesis  check the API against api-spec/openapi.json (anonymous and as a master user)
  bench     print the benchmark tables: the same load client on the bare handler and on cjs
            (--seconds N per row, default 10; --backend sqlite|postgres|both, default both;
            needs wrk and psql, installs them with apt when root)
  soak      three cjs serve instances behind nginx on one private PostgreSQL, real users for
            --minutes N (default 4); PostgreSQL stopped 10 s, one instance kill -9'd; every
            acknowledged write checked (root: installs nginx-light, runs initdb as postgres)
  openapi   regenerate api-spec/openapi.json from the code";

fn openapi() -> Result<(), String> {
    let root = util::root();
    util::cargo(&["build", "-q", "-p", "cjs-server", "--bin", "cjs"])?;
    let bin = util::target_dir().join("debug/cjs");
    util::run(
        std::process::Command::new(bin)
            .args(["openapi", "-o"])
            .arg(root.join("api-spec/openapi.json")),
    )?;
    println!("wrote api-spec/openapi.json");
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let root = util::root();
    spa::build(spa::Profile::Release)?;
    util::step("building the server (release)");
    util::cargo(&["build", "--release", "-p", "cjs-server", "--bin", "cjs"])?;
    let bin = util::target_dir().join("release/cjs");
    let data =
        std::env::var("CJS__DATA_DIR").unwrap_or_else(|_| root.join("data").display().to_string());
    let bind = std::env::var("CJS__SERVER__BIND").unwrap_or_else(|_| "127.0.0.1:8443".into());
    let port = bind.rsplit(':').next().unwrap_or("8443").to_owned();
    let mut cmd = std::process::Command::new(&bin);
    cmd.arg("serve")
        .args(args)
        .current_dir(&root)
        .env("CJS__DATA_DIR", &data)
        .env("CJS__SERVER__BIND", &bind)
        .env("CJS__SERVER__SPA_DIR", root.join("frontend/dist"));
    // Development: the manual's service hours would close the service in the evening.
    if std::env::var_os("CJS__POLICY__SERVICE_HOURS").is_none() {
        cmd.env("CJS__POLICY__SERVICE_HOURS", "false");
    }
    let bin = bin.display();
    println!(
        "\n  cjs  →  https://localhost:{port}/\n\
         \n  Data directory: {data} (embedded SQLite database, development CA, mail outbox)\n\
         \n  First:\n\
         \x20   1. Trust the development CA once: {data}/pki/ca.crt (see README: \"Trusting the development CA\")\n\
         \x20      or accept the browser's warning for localhost.\n\
         \x20   2. Open https://localhost:{port}/ (the top page, DC581101); https://localhost:{port}/status\n\
         \x20      shows the server and the embedded database as ready.\n\
         \x20   3. Demo contracts to walk the manual: `{bin} demo` with CJS__DATA_DIR={data}\n\
         \x20      (README: \"Walking the manual\").\n\
         \x20   4. API explorer: https://localhost:{port}/api/docs/\n\
         \n  Stop with Ctrl+C.\n"
    );
    let status = cmd.status().map_err(|e| format!("{bin}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cjs exited with {status}"))
    }
}
