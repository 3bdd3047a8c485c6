//! Cross-cutting layers: a request id on every response (and in every log line and error body),
//! one access-log line per request, the security headers, and the API's defaults (no caching,
//! UTF-8 bodies only, 405 for methods the service never serves).

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::{Error, HttpMessage, ResponseError};
use cjs_api_types::{ErrorCode, REQUEST_ID_HEADER};
use tracing::Instrument;

use crate::error::{AppError, REQUEST_ID};

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
    // The access-log line's fields are gathered only when the line is written (level info).
    let logged = tracing::enabled!(tracing::Level::INFO).then(|| {
        let peer = req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default();
        (
            req.method().clone(),
            req.path().to_owned(),
            peer,
            Instant::now(),
        )
    });
    let span = tracing::info_span!("request", request_id = %id);
    let result = REQUEST_ID
        .scope(id.clone(), next.call(req).instrument(span))
        .await;
    let mut res = result?;
    if let Some((method, path, peer, started)) = logged {
        tracing::info!(
            request_id = %id,
            %method,
            path = %path,
            status = res.status().as_u16(),
            peer = %peer,
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "request"
        );
    }
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

/// The methods some route of the service serves; any other (TRACE, CONNECT, …) answers 405.
const SERVED_METHODS: [Method; 6] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// The API's defaults:
/// - a method no route serves (TRACE, CONNECT, …) answers 405 E9405 with `Allow`;
/// - a JSON body declared in another charset than UTF-8 (`application/json; charset=shift_jis`)
///   answers 415 E9415 instead of being read as UTF-8;
/// - every `/api/` response that did not choose its own caching gets `Cache-Control: no-store`
///   (personal data must not stay in browser or proxy caches). The SPA's files keep theirs.
pub async fn api_defaults(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if !SERVED_METHODS.contains(req.method()) {
        let mut res = AppError::new(ErrorCode::E9405)
            .cause(format!("method {}", req.method()))
            .error_response();
        res.headers_mut().insert(
            header::ALLOW,
            HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE"),
        );
        return Ok(req.into_response(res).map_into_right_body());
    }
    if let Some(charset) = foreign_json_charset(&req) {
        let res = AppError::new(ErrorCode::E9415)
            .details(serde_json::json!({ "reason": "charset must be utf-8" }))
            .cause(format!("charset {charset}"))
            .error_response();
        return Ok(req.into_response(res).map_into_right_body());
    }
    let api = req.path() == "/api" || req.path().starts_with("/api/");
    let mut res = next.call(req).await?;
    if api && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res.map_into_left_body())
}

/// The charset of a JSON request body when it is declared and is not UTF-8.
fn foreign_json_charset(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    foreign_charset_of_json(value)
}

fn foreign_charset_of_json(content_type: &str) -> Option<String> {
    use actix_web::mime;
    let mime: mime::Mime = match content_type.parse() {
        Ok(m) => m,
        // Unparseable: the JSON extractor refuses it as it always did.
        Err(_) => return None,
    };
    let json = mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON);
    let charset = mime.get_param(mime::CHARSET)?;
    let name = charset.as_str();
    (json && !name.eq_ignore_ascii_case("utf-8") && !name.eq_ignore_ascii_case("utf8"))
        .then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::foreign_charset_of_json;

    #[test]
    fn only_a_json_body_in_another_charset_than_utf8_is_foreign() {
        assert_eq!(
            foreign_charset_of_json("application/json; charset=shift_jis").as_deref(),
            Some("shift_jis")
        );
        // The charset's name is compared without regard to case (the mime parser lowers it).
        assert_eq!(
            foreign_charset_of_json("application/problem+json; charset=\"EUC-JP\"")
                .map(|c| c.to_ascii_lowercase())
                .as_deref(),
            Some("euc-jp")
        );
        assert_eq!(foreign_charset_of_json("application/json"), None);
        assert_eq!(
            foreign_charset_of_json("application/json; charset=UTF-8"),
            None
        );
        assert_eq!(
            foreign_charset_of_json("application/json;charset=utf8"),
            None
        );
        assert_eq!(foreign_charset_of_json("text/csv; charset=shift_jis"), None);
    }
}
