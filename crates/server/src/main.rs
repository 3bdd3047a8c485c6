//! `cjs`: serve, migrate, print the OpenAPI document.

use std::process::ExitCode;

fn main() -> ExitCode {
    match cjs_server::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cjs: {e:#}");
            ExitCode::FAILURE
        }
    }
}
