//! Cross-cutting layers: a request id on every response (and in every log line and error body),
//! one access-log line per request, and the security headers.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::{Error, HttpMessage};
use cjs_api_types::REQUEST_ID_HEADER;
use tracing::Instrument;

use crate::error::REQUEST_ID;

/// The id of the current request, also available as a request extension.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Gives the request an id, runs it inside that id's scope, logs it and returns the id in the
/// `x-request-id` header.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = uuid::Uuid::new_v4().to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.path().to_owned();
    let peer = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let result = REQUEST_ID
        .scope(id.clone(), next.call(req).instrument(span))
        .await;
    let mut res = result?;
    let status = res.status().as_u16();
    tracing::info!(
        request_id = %id,
        %method,
        path = %path,
        status,
        peer = %peer,
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(res)
}

/// The SPA loads only its own scripts (wasm needs `wasm-unsafe-eval`); Swagger UI needs inline
/// styles. Nothing may frame the service.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        ))
        .add(("content-security-policy", CONTENT_SECURITY_POLICY))
        .add(("x-content-type-options", "nosniff"))
        .add(("x-frame-options", "DENY"))
        .add(("referrer-policy", "no-referrer"))
        .add(("cross-origin-opener-policy", "same-origin"))
        .add((
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ))
}
