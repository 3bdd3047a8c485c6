//! One connection type over both backends, and an r2d2 pool that opens the right one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

use crate::error::{StoreError, StoreResult};

/// A connection to whichever backend the database URL names. SQLite is the last variant.
/// Runs one diesel expression on the backend's own connection instead of through the
/// `MultiConnection` wrapper, which renders the whole SQL text again on every execution (to bind
/// and to look up the statement cache). For the reads every request makes (the session context)
/// and the largest pages: the expression is type-checked once per backend.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConnection::Sqlite($c) => $body,
            $crate::DbConnection::Postgresql($c) => $body,
        }
    };
}

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
    ///
    /// A SQLite file is created only once: its first creation leaves a marker beside it
    /// (`<file>.created`), and a missing file with the marker present is refused instead of
    /// silently starting over with an empty database.
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
                let marker = is_sqlite_file(path).then(|| sqlite_marker(path));
                if let Some(marker) = &marker
                    && !path.exists()
                    && marker.exists()
                {
                    return Err(StoreError::Unavailable(format!(
                        "the database file {} is missing, but {} says it was created before: \
                         restore the file from a backup (or, to start over with an empty \
                         database, remove the marker)",
                        path.display(),
                        marker.display()
                    )));
                }
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(|e| StoreError::Unavailable(e.to_string()))?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                if let Some(marker) = &marker
                    && !marker.exists()
                {
                    std::fs::write(marker, MARKER_TEXT).map_err(|e| {
                        StoreError::Unavailable(format!("{}: {e}", marker.display()))
                    })?;
                }
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// An on-disk SQLite database (not `:memory:` or a `file:` URI).
fn is_sqlite_file(path: &Path) -> bool {
    let s = path.to_string_lossy();
    !(s.is_empty() || s == ":memory:" || s.starts_with("file:"))
}

/// The marker written beside a SQLite file when it is first created.
pub fn sqlite_marker(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".created");
    path.with_file_name(name)
}

const MARKER_TEXT: &str = "cjs created its SQLite database beside this file. While this marker \
exists, cjs refuses to start without that database instead of creating an empty one.\n";

/// Which file a SQLite path names now (device and inode), or why it names none.
fn file_identity(path: &Path) -> StoreResult<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .map(|m| (m.dev(), m.ino()))
        .map_err(|e| {
            StoreError::Unavailable(format!("the database file {} is gone: {e}", path.display()))
        })
}

/// A busy timeout instead of SQLITE_BUSY errors (first: switching to WAL takes a lock that the
/// pool's other new connections wait for), WAL for concurrent readers, and enforced foreign keys
/// (off by default in SQLite).
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000;
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;";

/// Opens connections for r2d2, tests each one as it is checked out (a connection to a database
/// that went away and came back is dropped and replaced), and for SQLite watches that the file
/// the pool opened is still the one at the path: deleted or replaced, it refuses to go on.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
    /// The SQLite file the first connection opened (device, inode).
    sqlite_file: Arc<Mutex<Option<(u64, u64)>>>,
}

impl Manager {
    pub fn new(url: &DatabaseUrl) -> Self {
        Manager {
            url: url.clone(),
            sqlite_file: Arc::new(Mutex::new(None)),
        }
    }

    /// For SQLite: is the file at the path still the one the pool opened first?
    fn check_file(&self) -> StoreResult<()> {
        let DatabaseUrl::Sqlite(path) = &self.url else {
            return Ok(());
        };
        if !is_sqlite_file(path) {
            return Ok(());
        }
        let now = file_identity(path)?;
        let mut first = self
            .sqlite_file
            .lock()
            .map_err(|_| StoreError::Unavailable("poisoned".into()))?;
        match *first {
            None => {
                *first = Some(now);
                Ok(())
            }
            Some(seen) if seen == now => Ok(()),
            Some(_) => Err(StoreError::Unavailable(format!(
                "the database file {} was replaced while the service was running: restart it",
                path.display()
            ))),
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        let conn = self.url.connect()?;
        self.check_file()?;
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        self.check_file()?;
        ping(conn)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// How long a request waits for a connection before it is answered 503.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// Builds the pool; fails when the first connection cannot be opened.
pub fn build_pool(url: &DatabaseUrl, max_size: u32) -> StoreResult<Pool> {
    r2d2::Pool::builder()
        .max_size(max_size.max(1))
        .connection_timeout(CHECKOUT_TIMEOUT)
        .test_on_check_out(true)
        .build(Manager::new(url))
        .map_err(StoreError::from)
}

/// Runs `f` in a transaction: everything it wrote stays only if it returns Ok.
///
/// On SQLite the outermost transaction is `BEGIN IMMEDIATE`: it takes the write lock up front
/// (waiting out the busy timeout), so a transaction that reads and then writes never fails with
/// "database is locked" when another process wrote in between. Nested calls are savepoints.
pub fn transaction<T, F>(conn: &mut DbConnection, f: F) -> StoreResult<T>
where
    F: FnOnce(&mut DbConnection) -> StoreResult<T>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let began = match conn {
        DbConnection::Sqlite(inner) => {
            let depth = AnsiTransactionManager::transaction_manager_status_mut(inner)
                .transaction_depth()?;
            if depth.is_none() {
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
                true
            } else {
                false
            }
        }
        DbConnection::Postgresql(_) => false,
    };
    if !began {
        return conn.transaction(f);
    }
    let result = f(conn);
    let DbConnection::Sqlite(inner) = conn else {
        return Err(StoreError::Unavailable("connection changed backend".into()));
    };
    match result {
        Ok(value) => match AnsiTransactionManager::commit_transaction(inner) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = AnsiTransactionManager::rollback_transaction(inner);
                Err(e.into())
            }
        },
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(inner)?;
            Err(e)
        }
    }
}

/// Is a transaction (or savepoint) of ours open on the connection?
pub fn in_transaction(conn: &mut DbConnection) -> StoreResult<bool> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let depth = match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?
        }
        DbConnection::Postgresql(c) => {
            AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?
        }
    };
    Ok(depth.is_some())
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

    fn temp_sqlite(name: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("cjs-conn-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        dir.join("cjs.sqlite3")
    }

    fn remove_sqlite(path: &Path) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }

    /// Two instances on one file, each creating rows in transactions that read, then write: with
    /// a deferred BEGIN the second writer fails at once with "database is locked"
    /// (SQLITE_BUSY_SNAPSHOT, the busy timeout does not help); BEGIN IMMEDIATE waits its turn.
    #[test]
    fn sqlite_read_then_write_transactions_of_two_instances_never_see_a_locked_database() {
        let path = temp_sqlite("immediate");
        let url = DatabaseUrl::Sqlite(path.clone());
        url.connect()
            .expect("connect")
            .batch_execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            .expect("table");
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                std::thread::spawn(move || {
                    let mut conn = url.connect().expect("connect");
                    let mut failures = Vec::new();
                    for _ in 0..60 {
                        let r = transaction(&mut conn, |c| {
                            let rows = diesel::sql_query("SELECT id FROM t").execute(c)?;
                            std::thread::yield_now();
                            diesel::sql_query(format!("INSERT INTO t (n) VALUES ({rows})"))
                                .execute(c)?;
                            Ok(())
                        });
                        if let Err(e) = r {
                            failures.push(e.to_string());
                        }
                    }
                    failures
                })
            })
            .collect();
        let failures: Vec<String> = workers
            .into_iter()
            .flat_map(|w| w.join().expect("thread"))
            .collect();
        assert!(
            failures.is_empty(),
            "{} failed: {:?}",
            failures.len(),
            failures.first()
        );
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn sqlite_nested_transactions_are_savepoints_inside_the_immediate_one() {
        let path = temp_sqlite("nested");
        let mut conn = DatabaseUrl::Sqlite(path.clone())
            .connect()
            .expect("connect");
        conn.batch_execute("CREATE TABLE t (n INTEGER NOT NULL)")
            .expect("table");
        let r: StoreResult<()> = transaction(&mut conn, |c| {
            diesel::sql_query("INSERT INTO t VALUES (1)").execute(c)?;
            let inner: StoreResult<()> = transaction(c, |c| {
                diesel::sql_query("INSERT INTO t VALUES (2)").execute(c)?;
                Err(StoreError::NotFound)
            });
            assert!(inner.is_err());
            Ok(())
        });
        r.expect("outer commits");
        let failed: StoreResult<()> = transaction(&mut conn, |c| {
            diesel::sql_query("INSERT INTO t VALUES (3)").execute(c)?;
            Err(StoreError::NotFound)
        });
        assert!(failed.is_err());
        let rows = diesel::sql_query("SELECT n FROM t")
            .execute(&mut conn)
            .expect("count");
        assert_eq!(
            rows, 1,
            "only the outer insert of the committed transaction stays"
        );
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn a_sqlite_file_deleted_after_its_creation_is_refused_not_recreated_empty() {
        let path = temp_sqlite("marker");
        let url = DatabaseUrl::Sqlite(path.clone());
        drop(url.connect().expect("first creation"));
        assert!(sqlite_marker(&path).exists());
        remove_sqlite(&path);
        let err = url.connect().err().expect("refused").to_string();
        assert!(err.contains("missing"), "{err}");
        assert!(err.contains(".created"), "{err}");
        assert!(!path.exists(), "no empty database was created");
        // Removing the marker is the deliberate way to start over.
        std::fs::remove_file(sqlite_marker(&path)).expect("marker");
        drop(url.connect().expect("started over"));
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn the_pool_notices_its_sqlite_file_deleted_while_serving() {
        let path = temp_sqlite("deleted");
        let pool = build_pool(&DatabaseUrl::Sqlite(path.clone()), 2).expect("pool");
        ping(&mut pool.get().expect("conn")).expect("ping");
        remove_sqlite(&path);
        let err = pool.get().err().expect("no connection to a deleted file");
        assert!(
            matches!(StoreError::from(err), StoreError::Unavailable(_)),
            "unavailable"
        );
        assert!(!path.exists(), "no empty database was created");
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn a_full_sqlite_database_is_unavailable_not_an_internal_error() {
        let path = temp_sqlite("full");
        let mut conn = DatabaseUrl::Sqlite(path.clone())
            .connect()
            .expect("connect");
        conn.batch_execute("CREATE TABLE t (b BLOB NOT NULL)")
            .expect("table");
        // SQLite answers SQLITE_FULL when the page limit is reached, as on a full disk.
        conn.batch_execute("PRAGMA max_page_count = 8")
            .expect("limit");
        let err = diesel::sql_query("INSERT INTO t VALUES (zeroblob(1000000))")
            .execute(&mut conn)
            .map_err(StoreError::from)
            .expect_err("full");
        assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn a_postgres_password_never_reaches_debug_output() {
        let url = DatabaseUrl::parse("postgres://cjs:s3cret@db:5432/cjs").expect("url");
        assert!(!format!("{url:?}").contains("s3cret"));
    }
}
