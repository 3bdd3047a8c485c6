//! The command line: `cjs serve`, `cjs migrate`, `cjs openapi`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use cjs_domain::SystemClock;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::{Application, openapi, telemetry};

#[derive(Parser)]
#[command(
    name = "cjs",
    version,
    about = "ろうきん賃金控除事務支援サービス (cjs)"
)]
struct Cli {
    /// TOML configuration file (default: ./cjs.toml when present). `CJS__SECTION__KEY`
    /// environment variables override it.
    #[arg(long, short, global = true, env = "CJS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the SPA over HTTPS (migrates the database first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create (or check) the data directory's CA, server certificate and token key, print their
    /// paths and exit: what several instances must share.
    PkiInit,
    /// The bank's operator commands (contracts, payment groups, users, certificates, audit).
    #[command(subcommand)]
    Operator(crate::operator::OperatorCommand),
    /// Create a demo member contract (4 payment groups) and a demo employer contract.
    Demo,
    /// Print the OpenAPI document.
    Openapi {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi { output } => {
            let json = openapi::document_json()?;
            match output {
                Some(path) => std::fs::write(&path, json)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{json}"),
            }
            Ok(())
        }
        Command::PkiInit => {
            let settings = Settings::load(cli.config.as_deref())?;
            let dir = settings.pki_dir();
            let pki = cjs_pki::Pki::load_or_create(
                &dir,
                &settings.server.tls.hostnames,
                chrono::Utc::now(),
            )?;
            println!("CA certificate:     {}", pki.ca_cert_path().display());
            for f in ["ca.key", "server.crt", "server.key", "token.key"] {
                println!("{:<19} {}", format!("{f}:"), dir.join(f).display());
            }
            Ok(())
        }
        Command::Operator(cmd) => {
            let settings = Settings::load(cli.config.as_deref())?;
            crate::operator::run(settings, cmd)
        }
        Command::Demo => {
            let settings = Settings::load(cli.config.as_deref())?;
            crate::operator::demo(settings)
        }
        Command::Migrate => {
            let settings = Settings::load(cli.config.as_deref())?;
            telemetry::init(&settings.log);
            let url = settings.database_url()?;
            let mut conn = url.connect()?;
            let applied = cjs_store::run_migrations(&mut conn)?;
            println!("{} migration(s) applied to {url:?}", applied.len());
            Ok(())
        }
        Command::Serve => {
            crate::memory::restart_with_malloc_tuning();
            let settings = Settings::load(cli.config.as_deref())?;
            telemetry::init(&settings.log);
            actix_web::rt::System::new().block_on(async move {
                let app = Application::build(settings, Arc::new(SystemClock))?;
                let ca = app.state().pki.ca_cert_path();
                tracing::info!(
                    url = %app.local_url(),
                    database = app.state().backend.as_str(),
                    ca = %ca.display(),
                    "cjs is serving"
                );
                app.run_until_stopped()
                    .await
                    .context("server stopped with an error")
            })
        }
    }
}
