//! cjs-store: one connection type over SQLite and PostgreSQL, its pool, the embedded migrations,
//! and the repositories. The store is the only crate that speaks SQL.

pub mod backup;
pub mod certificates;
pub mod collective;
pub mod connection;
pub mod contracts;
pub mod deduction;
pub mod error;
pub mod info;
pub mod jobs;
pub mod ledger;
mod lockstate;
pub mod meta;
pub mod migrate;
pub mod oplog;
pub mod schema;
pub mod sessions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod time;
pub mod tokens;
pub mod typed;
pub mod users;
pub mod zaikei;

pub use connection::{
    Backend, DatabaseUrl, DbConnection, Pool, PooledConnection, build_pool, ping, transaction,
    try_transaction,
};
pub use error::{StoreError, StoreResult};
pub use lockstate::Versioned;
pub use migrate::run_migrations;
