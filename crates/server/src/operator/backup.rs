//! `cjs operator backup` / `cjs operator restore` / `cjs operator jobs`.
//!
//! SQLite: the backup is `VACUUM INTO`, a consistent snapshot taken while the server keeps
//! writing; the restore copies it into a fresh data directory's database path (refusing an
//! existing database), checks it, migrates it, verifies the operation log's hash chain and prints
//! every table's row count. PostgreSQL: `pg_dump --format=custom` (one consistent snapshot) and
//! `pg_restore --single-transaction` into the configured, empty database, then the same checks.
//! The data directory's `pki/` is files: back it up with them (deploy/backup/).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use cjs_store::oplog::{self, Verification};
use cjs_store::{DatabaseUrl, DbConnection, backup};
use clap::Args;
use serde_json::json;

use super::{Operator, Out, print};
use crate::config::Settings;

#[derive(Args)]
pub struct BackupArgs {
    /// The backup file to write (never overwritten). SQLite: a database file; PostgreSQL: a
    /// `pg_dump --format=custom` archive.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub output: Out,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file (`cjs operator backup --out`).
    #[arg(long)]
    pub from: PathBuf,
    #[command(flatten)]
    pub output: Out,
}

#[derive(Args)]
pub struct JobsArgs {
    #[command(flatten)]
    pub output: Out,
}

/// What a backup or a restore leaves: every table's row count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub tables: Vec<(String, i64)>,
    /// The operation log's rows when its chain verified.
    pub oplog_rows: i64,
}

fn run_tool(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("running {what} (install postgresql-client)"))?;
    if !out.status.success() {
        bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

fn verified(conn: &mut DbConnection) -> anyhow::Result<i64> {
    match oplog::verify(conn)? {
        Verification::Intact { rows } => Ok(rows as i64),
        Verification::Broken { seq, reason } => {
            bail!("operation log broken at {seq}: {reason}")
        }
    }
}

/// Writes a backup of the configured database to `out`; the row counts of what it holds.
pub fn backup(settings: &Settings, out: &Path) -> anyhow::Result<Counted> {
    if out.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file",
            out.display()
        );
    }
    match settings.database_url()? {
        DatabaseUrl::Sqlite(path) => {
            if !path.is_file() {
                bail!("no database at {}", path.display());
            }
            let mut conn = DatabaseUrl::Sqlite(path).connect()?;
            backup::sqlite_snapshot(&mut conn, out)?;
            // Count what the file holds, not the live database, which has moved on.
            let mut copy = backup::sqlite_open_file(out)?;
            let tables = backup::table_counts(&mut copy)?;
            let oplog_rows = verified(&mut copy)?;
            Ok(Counted { tables, oplog_rows })
        }
        DatabaseUrl::Postgresql(url) => {
            run_tool(
                Command::new("pg_dump")
                    .arg("--format=custom")
                    .arg("--no-owner")
                    .arg("--file")
                    .arg(out)
                    .arg("--dbname")
                    .arg(&url),
                "pg_dump",
            )?;
            Ok(Counted {
                tables: archive_counts(out)?,
                oplog_rows: -1,
            })
        }
    }
}

/// Row counts of a `pg_dump --format=custom` archive: the lines of each table's `COPY` block in
/// `pg_restore`'s SQL output.
pub fn archive_counts(archive: &Path) -> anyhow::Result<Vec<(String, i64)>> {
    let out = Command::new("pg_restore")
        .arg("--data-only")
        .arg("--file=-")
        .arg(archive)
        .output()
        .context("running pg_restore (install postgresql-client)")?;
    if !out.status.success() {
        bail!(
            "pg_restore failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut tables = Vec::new();
    let mut current: Option<(String, i64)> = None;
    for line in text.lines() {
        match &mut current {
            Some((_, n)) if line != "\\." => *n += 1,
            Some(_) => tables.extend(current.take()),
            None => {
                if let Some(rest) = line.strip_prefix("COPY ") {
                    let name = rest.split([' ', '(']).next().unwrap_or_default();
                    let name = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
                    current = Some((name.to_owned(), 0));
                }
            }
        }
    }
    tables.sort();
    Ok(tables)
}

/// Restores `from` into the configured database, which must be new (SQLite: no file yet;
/// PostgreSQL: an empty database), then migrates, verifies and counts it.
pub fn restore(settings: &Settings, from: &Path) -> anyhow::Result<Counted> {
    if !from.is_file() {
        bail!("{} is not a file", from.display());
    }
    let url = settings.database_url()?;
    match &url {
        DatabaseUrl::Sqlite(path) => backup::sqlite_restore(from, path)?,
        DatabaseUrl::Postgresql(pg) => {
            let mut conn = url.connect()?;
            let existing = backup::table_counts(&mut conn)?;
            if !existing.is_empty() {
                bail!(
                    "the database already has {} tables: restore into a new, empty database",
                    existing.len()
                );
            }
            drop(conn);
            run_tool(
                Command::new("pg_restore")
                    .arg("--no-owner")
                    .arg("--exit-on-error")
                    .arg("--single-transaction")
                    .arg("--dbname")
                    .arg(pg)
                    .arg(from),
                "pg_restore",
            )?;
        }
    }
    let mut conn = url.connect()?;
    cjs_store::run_migrations(&mut conn)?;
    let oplog_rows = verified(&mut conn)?;
    let tables = backup::table_counts(&mut conn)?;
    Ok(Counted { tables, oplog_rows })
}

fn counted_json(c: &Counted, file: &Path) -> serde_json::Value {
    let tables: serde_json::Map<String, serde_json::Value> = c
        .tables
        .iter()
        .map(|(t, n)| (t.clone(), json!(n)))
        .collect();
    json!({"file": file, "tables": tables, "operation_log_rows": c.oplog_rows})
}

fn counted_text(title: String, c: &Counted) -> String {
    let mut lines = vec![title];
    lines.extend(c.tables.iter().map(|(t, n)| format!("  {t:<32} {n:>10}")));
    if c.oplog_rows >= 0 {
        lines.push(format!("操作ログ: {} 件、改ざんなし", c.oplog_rows));
    }
    lines.join("\n")
}

pub fn run_backup(settings: &Settings, args: BackupArgs) -> anyhow::Result<()> {
    let c = backup(settings, &args.out)?;
    print(
        args.output,
        counted_json(&c, &args.out),
        counted_text(format!("バックアップ: {}", args.out.display()), &c),
    );
    Ok(())
}

pub fn run_restore(settings: &Settings, args: RestoreArgs) -> anyhow::Result<()> {
    let c = restore(settings, &args.from)?;
    print(
        args.output,
        counted_json(&c, &args.from),
        counted_text(format!("リストア: {} から", args.from.display()), &c),
    );
    Ok(())
}

pub fn run_jobs(op: &mut Operator, args: JobsArgs) -> anyhow::Result<()> {
    let leases = cjs_store::jobs::list(&mut op.conn)?;
    let rows: Vec<_> = leases
        .iter()
        .map(|l| {
            json!({"job": l.job, "holder": l.holder, "expires_at": l.expires_at,
                   "last_run_at": l.last_run_at, "last_holder": l.last_holder, "runs": l.runs})
        })
        .collect();
    let text = leases
        .iter()
        .map(|l| {
            format!(
                "{:<16} runs {:>6}  last {} by {}  lease {} until {}",
                l.job,
                l.runs,
                l.last_run_at.map_or("-".into(), |t| t.to_string()),
                l.last_holder.as_deref().unwrap_or("-"),
                l.holder,
                l.expires_at
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    print(args.output, json!(rows), text);
    Ok(())
}
