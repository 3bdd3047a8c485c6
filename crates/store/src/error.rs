//! Store errors, mapped once so that callers can use `?` and the server maps them to HTTP.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("row not found")]
    NotFound,
    /// A unique constraint refused the write (the API answers E1003).
    #[error("unique constraint violated: {0}")]
    Conflict(String),
    /// No connection could be had (database down, pool exhausted).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("invalid database url: {0}")]
    InvalidUrl(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error(transparent)]
    Database(DieselError),
}

impl From<DieselError> for StoreError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => StoreError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::Conflict(info.constraint_name().unwrap_or(info.message()).to_owned())
            }
            // The server went away (libpq: "server closed the connection unexpectedly", "no
            // connection to the server"): the database is unavailable, not the request wrong.
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => StoreError::Unavailable(info.message().to_owned()),
            DieselError::DatabaseError(_, info) if is_unavailable_message(info.message()) => {
                StoreError::Unavailable(info.message().to_owned())
            }
            other => StoreError::Database(other),
        }
    }
}

/// Messages that mean the database cannot serve right now, whatever kind diesel gave them:
/// SQLite's SQLITE_FULL ("database or disk is full") and read-only or I/O failures, PostgreSQL's
/// shutdown and lost connections.
fn is_unavailable_message(message: &str) -> bool {
    const MARKS: [&str; 7] = [
        "database or disk is full",
        "disk I/O error",
        "attempt to write a readonly database",
        "no connection to the server",
        "server closed the connection",
        "terminating connection",
        "could not write to file",
    ];
    MARKS.iter().any(|m| message.contains(m))
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
