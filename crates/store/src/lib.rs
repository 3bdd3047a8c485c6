//! cjs-store: one connection type over SQLite and PostgreSQL, its pool, the embedded migrations,
//! and the repositories. The store is the only crate that speaks SQL.

pub mod connection;
pub mod error;
pub mod meta;
pub mod migrate;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;

pub use connection::{
    Backend, DatabaseUrl, DbConnection, Pool, PooledConnection, build_pool, ping,
};
pub use error::StoreError;
pub use migrate::run_migrations;
