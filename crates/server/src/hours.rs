//! ご利用時間: outside Mon–Fri 08:00–20:00 JST (holidays and 12/31–1/3 closed) every API
//! endpoint but health, ready and the docs answers 503 E9504 with the next opening time.

use actix_web::Error;
use actix_web::ResponseError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Data;
use cjs_api_types::ErrorCode;
use cjs_domain::ServiceHours;

use crate::error::AppError;
use crate::state::AppState;
use crate::views;

/// Liveness, readiness, the API document and the CRL (relying parties fetch it at any hour).
const ALWAYS_OPEN: &[&str] = &[
    "/api/v1/health",
    "/api/v1/ready",
    "/api/openapi.json",
    "/api/v1/certificates/crl",
];

pub async fn service_hours(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let path = req.path();
    let api = path.starts_with("/api/") && !path.starts_with("/api/docs");
    if api
        && !ALWAYS_OPEN.contains(&path)
        && let Some(state) = req.app_data::<Data<AppState>>()
        && state.settings.policy.service_hours
    {
        let hours = ServiceHours::from_policy(&state.settings.policy)
            .map_err(actix_web::error::ErrorInternalServerError)?;
        let now = state.clock.now();
        if !hours.is_open(now) {
            let next_open = hours.next_opening(now);
            let resp = AppError::new(ErrorCode::E9504)
                .item(views::jst_text(next_open))
                .details(serde_json::json!({ "next_opening": next_open }))
                .error_response();
            return Ok(req.into_response(resp).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}
