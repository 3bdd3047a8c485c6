//! cjs-server: the `cjs` binary's library: configuration, the TLS front door, middleware, routes,
//! the SPA, the OpenAPI document and the command line.

pub mod auth;
pub mod cli;
pub mod client_cert;
pub mod config;
pub mod crl;
pub mod ctx;
pub mod db;
pub mod error;
pub mod hours;
pub mod jobs;
pub mod mail;
pub mod manuals;
pub mod memory;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod operator;
pub mod routes;
pub mod seal;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod tls;
pub mod views;

pub use config::Settings;
pub use startup::Application;
