//! Embedded migrations, one folder per backend with the same schema; run at start-up and by
//! `cjs migrate`.

use diesel::RunQueryDsl;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// An arbitrary constant: instances starting together on one PostgreSQL take turns migrating.
const MIGRATION_LOCK: i64 = 0x0063_6a73_5f6d_6967;

/// Applies pending migrations and returns the names of those applied.
pub fn run_migrations(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    let names = match conn {
        DbConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(ToString::to_string).collect())
            .map_err(|e| StoreError::Migration(e.to_string()))?,
        DbConnection::Postgresql(c) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(c)?;
            let result = c
                .run_pending_migrations(POSTGRES)
                .map(|v| v.iter().map(ToString::to_string).collect())
                .map_err(|e| StoreError::Migration(e.to_string()));
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(c)?;
            result?
        }
    };
    for name in &names {
        tracing::info!(migration = %name, "applied migration");
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn names(dir: &str) -> BTreeSet<String> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/");
        std::fs::read_dir(format!("{root}{dir}"))
            .expect("migrations folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        assert_eq!(names("sqlite"), names("postgres"));
        assert!(!names("sqlite").is_empty());
    }
}
