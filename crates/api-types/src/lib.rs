//! cjs-api-types: the JSON the server speaks and the SPA reads, and the one error catalogue.
//!
//! Compiles to wasm32; the OpenAPI schemas come with the `openapi` feature (server only).

pub mod auth;
pub mod error;
pub mod info;
pub mod system;
pub mod users;

pub use error::{ApiError, ErrorCode};
pub use system::{CertificateStatus, ClientCertificateView, HealthResponse, ReadyResponse};

/// The header every response carries, naming the request in the server log.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The header that cookie-authenticated changes must carry (CSRF guard).
pub const CSRF_HEADER: &str = "x-cjs-csrf";
