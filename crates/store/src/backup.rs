//! Backups. SQLite: `VACUUM INTO`, a consistent snapshot taken inside one read transaction while
//! the server goes on writing (WAL: writers are not blocked), into a new file that is a complete
//! database by itself. PostgreSQL: `pg_dump -Fc` / `pg_restore` (`deploy/backup/`). Both: the row
//! count of every table, to compare a backup with what was restored from it.

use std::path::Path;

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Writes a consistent snapshot of a SQLite database to `out` (which must not exist yet).
pub fn sqlite_snapshot(conn: &mut DbConnection, out: &Path) -> StoreResult<()> {
    let DbConnection::Sqlite(c) = conn else {
        return Err(StoreError::Unavailable(
            "VACUUM INTO is SQLite's; back PostgreSQL up with pg_dump (deploy/backup/)".into(),
        ));
    };
    if out.exists() {
        return Err(StoreError::Unavailable(format!(
            "{} exists already: a backup never overwrites a file",
            out.display()
        )));
    }
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(out.to_string_lossy().into_owned())
        .execute(c)?;
    Ok(())
}

/// A SQLite file opened as it is: no pragmas, no marker (a backup stays as it was written).
pub fn sqlite_open_file(path: &Path) -> StoreResult<DbConnection> {
    use diesel::Connection;
    let c = diesel::SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
    Ok(DbConnection::Sqlite(c))
}

/// `PRAGMA integrity_check` on a SQLite database: `ok`, or what is wrong.
pub fn sqlite_integrity(conn: &mut DbConnection) -> StoreResult<String> {
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let DbConnection::Sqlite(c) = conn else {
        return Ok("ok".into());
    };
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(c)?;
    Ok(rows
        .into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("; "))
}

/// Every table of the database (the migrations' bookkeeping included) with its row count, by
/// name (byte order).
pub fn table_counts(conn: &mut DbConnection) -> StoreResult<Vec<(String, i64)>> {
    let names: Vec<Name> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() \
             ORDER BY tablename",
        )
        .load(c)?,
    };
    let mut out = Vec::with_capacity(names.len());
    for Name { name } in names {
        // Names come from the catalogue; quoted as identifiers all the same.
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{}\"",
            name.replace('"', "\"\"")
        );
        let rows: Vec<Count> = crate::on_backend!(conn, |c| diesel::sql_query(&sql).load(c))?;
        out.push((name, rows.first().map_or(0, |r| r.n)));
    }
    // By byte order whatever the database's collation, to compare one listing with another.
    out.sort();
    Ok(out)
}

/// Puts the SQLite backup `from` in place as the database `to`, which must not exist: copied
/// beside it, checked (`PRAGMA integrity_check`), then renamed into place, so `to` never holds a
/// half-copied file.
pub fn sqlite_restore(from: &Path, to: &Path) -> StoreResult<()> {
    let fail = |what: String| StoreError::Unavailable(what);
    if to.exists() {
        return Err(fail(format!(
            "{} exists: restore into a fresh data directory (or move the old database away first)",
            to.display()
        )));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail(format!("{}: {e}", dir.display())))?;
    }
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(".restoring");
    let staging = to.with_file_name(name);
    let _ = std::fs::remove_file(&staging);
    std::fs::copy(from, &staging).map_err(|e| fail(format!("{}: {e}", from.display())))?;
    let checked = (|| {
        let mut conn = sqlite_open_file(&staging)?;
        let verdict = sqlite_integrity(&mut conn)?;
        if verdict != "ok" {
            return Err(fail(format!("{} is damaged: {verdict}", from.display())));
        }
        Ok(())
    })();
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&staging);
        return Err(e);
    }
    std::fs::rename(&staging, to).map_err(|e| fail(format!("{}: {e}", to.display())))?;
    Ok(())
}
