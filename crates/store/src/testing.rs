//! A fresh database per test, on the backend the run asks for:
//! `CJS_TEST_BACKEND=sqlite` (default) or `postgres`; PostgreSQL at `CJS_TEST_DATABASE_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), where each test gets a uniquely named
//! database that is dropped afterwards.

use std::path::PathBuf;

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::connection::{Backend, DatabaseUrl};

const DEFAULT_PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct TestDatabase {
    pub url: DatabaseUrl,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    /// The backend chosen by `CJS_TEST_BACKEND`.
    pub fn new() -> Self {
        match std::env::var("CJS_TEST_BACKEND").as_deref() {
            Ok("postgres") | Ok("postgresql") => Self::postgres(),
            _ => Self::sqlite(),
        }
    }

    pub fn backend() -> Backend {
        match std::env::var("CJS_TEST_BACKEND").as_deref() {
            Ok("postgres") | Ok("postgresql") => Backend::Postgresql,
            _ => Backend::Sqlite,
        }
    }

    pub fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(format!("cjs-test-{}", uuid::Uuid::new_v4().simple()));
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        TestDatabase {
            url: DatabaseUrl::Sqlite(dir.join("cjs.sqlite3")),
            cleanup: Cleanup::Directory(dir),
        }
    }

    pub fn postgres() -> Self {
        let admin_url =
            std::env::var("CJS_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG_ADMIN.to_owned());
        let name = format!("cjs_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("PostgreSQL for tests is not reachable: {e}"));
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap_or_else(|e| panic!("cannot create test database: {e}"));
        let base = match admin_url.rfind('/') {
            Some(i)
                if admin_url[..i].contains("://") && admin_url[..i].rfind('/') != Some(i - 1) =>
            {
                admin_url[..i].to_owned()
            }
            _ => admin_url.trim_end_matches('/').to_owned(),
        };
        let base = base.split('?').next().unwrap_or(&base).to_owned();
        TestDatabase {
            url: DatabaseUrl::Postgresql(format!("{base}/{name}")),
            cleanup: Cleanup::PgDatabase { admin_url, name },
        }
    }

    /// The URL as configuration would give it.
    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Postgresql(u) => u.clone(),
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        }
    }
}

impl Default for TestDatabase {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PgDatabase { admin_url, name } => {
                if let Ok(mut admin) = PgConnection::establish(admin_url) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut admin);
                }
            }
        }
    }
}
