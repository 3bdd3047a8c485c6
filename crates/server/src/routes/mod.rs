//! The REST API under `/api/v1`, one folder per area (front door, システム管理機能,
//! インフォメーション and 共通機能, 労金控除事務, 賃控元帳事務), each mounting its
//! own routes. Handlers are thin: extract, authorise,
//! one domain call, one store call, respond.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::AppError;

pub mod admin;
pub mod collective;
pub mod deduction;
pub mod front_door;
pub mod info;
pub mod ledger;
pub mod system;
pub mod zaikei;

pub const API_V1: &str = "/api/v1";

/// Every `/api/v1` route; registered through utoipa-actix-web so the OpenAPI document is
/// collected from the same calls that serve the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    system::routes(cfg);
    front_door::routes(cfg);
    admin::routes(cfg);
    info::routes(cfg);
    deduction::routes(cfg);
    ledger::routes(cfg);
    collective::routes(cfg);
    zaikei::routes(cfg);
}

/// Unknown API paths answer with the catalogue's E9404, never with the SPA.
pub async fn api_not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::not_found())
}

pub fn api_fallback() -> actix_web::Scope {
    web::scope("/api").default_service(web::to(api_not_found))
}
