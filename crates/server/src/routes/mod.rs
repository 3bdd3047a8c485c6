//! The REST API under `/api/v1`, one module per feature. Handlers are thin: extract, authorise,
//! one domain call, one store call, respond.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::AppError;

pub mod certificates;
pub mod info;
pub mod registration;
pub mod session;
pub mod system;
pub mod users;

pub const API_V1: &str = "/api/v1";

/// Every `/api/v1` route; registered through utoipa-actix-web so the OpenAPI document is
/// collected from the same calls that serve the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    system::routes(cfg);
    registration::routes(cfg);
    certificates::routes(cfg);
    session::routes(cfg);
    users::routes(cfg);
    info::routes(cfg);
}

/// Unknown API paths answer with the catalogue's E9404, never with the SPA.
pub async fn api_not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::not_found())
}

pub fn api_fallback() -> actix_web::Scope {
    web::scope("/api").default_service(web::to(api_not_found))
}
