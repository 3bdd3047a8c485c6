//! One connection type over both backends, and an r2d2 pool that opens the right one.

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

use crate::error::{StoreError, StoreResult};

/// A connection to whichever backend the database URL names. SQLite is the last variant.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Postgresql(_) => Backend::Postgresql,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgresql,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgresql => "postgresql",
        }
    }
}

/// Where the data lives: `postgres://…` / `postgresql://…`, or `sqlite://PATH` / a plain file path.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgresql(String),
    Sqlite(PathBuf),
}

impl std::fmt::Debug for DatabaseUrl {
    // The PostgreSQL URL may hold a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseUrl::Postgresql(url) => {
                let host = url.rsplit('@').next().unwrap_or("");
                write!(f, "postgresql://…@{host}")
            }
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
        }
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> StoreResult<Self> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::InvalidUrl("empty".into()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgresql(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.contains("://") {
            return Err(StoreError::InvalidUrl(
                "only postgres:// and sqlite:// are supported".into(),
            ));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    /// The embedded default: a SQLite file in the data directory.
    pub fn default_in(data_dir: &Path) -> Self {
        DatabaseUrl::Sqlite(data_dir.join("cjs.sqlite3"))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Postgresql(_) => Backend::Postgresql,
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Opens one connection of the right kind; SQLite gets its pragmas here, every time.
    pub fn connect(&self) -> StoreResult<DbConnection> {
        match self {
            DatabaseUrl::Postgresql(url) => PgConnection::establish(url)
                .map(DbConnection::Postgresql)
                .map_err(|e| StoreError::Unavailable(e.to_string())),
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Unavailable(format!("{}: {e}", dir.display())))?;
                }
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(|e| StoreError::Unavailable(e.to_string()))?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// A busy timeout instead of SQLITE_BUSY errors (first: switching to WAL takes a lock that the
/// pool's other new connections wait for), WAL for concurrent readers, and enforced foreign keys
/// (off by default in SQLite).
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000;
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;";

/// Opens connections for r2d2.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        self.url.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        ping(conn)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// Builds the pool; fails when the first connection cannot be opened.
pub fn build_pool(url: &DatabaseUrl, max_size: u32) -> StoreResult<Pool> {
    r2d2::Pool::builder()
        .max_size(max_size.max(1))
        .connection_timeout(Duration::from_secs(10))
        .test_on_check_out(false)
        .build(Manager { url: url.clone() })
        .map_err(StoreError::from)
}

/// Runs `f` in a transaction: everything it wrote stays only if it returns Ok.
pub fn transaction<T, F>(conn: &mut DbConnection, f: F) -> StoreResult<T>
where
    F: FnOnce(&mut DbConnection) -> StoreResult<T>,
{
    conn.transaction(f)
}

/// Runs `f` in a transaction that also rolls back when `f` refuses (`Ok(Err(_))`): the refusal
/// comes back as it was, and nothing `f` wrote stays.
pub fn try_transaction<T, R, F>(conn: &mut DbConnection, f: F) -> StoreResult<Result<T, R>>
where
    F: FnOnce(&mut DbConnection) -> StoreResult<Result<T, R>>,
{
    enum Abort<R> {
        Store(StoreError),
        Refused(R),
    }
    impl<R> From<diesel::result::Error> for Abort<R> {
        fn from(e: diesel::result::Error) -> Self {
            Abort::Store(e.into())
        }
    }
    match conn.transaction(|c| match f(c) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(r)) => Err(Abort::Refused(r)),
        Err(e) => Err(Abort::Store(e)),
    }) {
        Ok(t) => Ok(Ok(t)),
        Err(Abort::Refused(r)) => Ok(Err(r)),
        Err(Abort::Store(e)) => Err(e),
    }
}

/// Does the database answer?
pub fn ping(conn: &mut DbConnection) -> StoreResult<()> {
    diesel::sql_query("SELECT 1").execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_select_postgresql() {
        let url = DatabaseUrl::parse("postgres://postgres@127.0.0.1:5432/test").expect("url");
        assert_eq!(url.backend(), Backend::Postgresql);
    }

    #[test]
    fn sqlite_urls_and_plain_paths_select_sqlite() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/cjs/cjs.sqlite3").expect("url"),
            DatabaseUrl::Sqlite(PathBuf::from("/var/lib/cjs/cjs.sqlite3"))
        );
        assert_eq!(
            DatabaseUrl::parse("data/cjs.sqlite3").expect("url"),
            DatabaseUrl::Sqlite(PathBuf::from("data/cjs.sqlite3"))
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        assert!(DatabaseUrl::parse("mysql://root@localhost/cjs").is_err());
        assert!(DatabaseUrl::parse("  ").is_err());
    }

    #[test]
    fn a_postgres_password_never_reaches_debug_output() {
        let url = DatabaseUrl::parse("postgres://cjs:s3cret@db:5432/cjs").expect("url");
        assert!(!format!("{url:?}").contains("s3cret"));
    }
}
