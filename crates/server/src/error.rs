//! The one error type handlers return. It renders the catalogue's `{code, message, request_id,
//! details}`; the internal cause goes to the log only.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_store::StoreError;

tokio::task_local! {
    /// The id of the request being served (set by the request-id middleware).
    pub static REQUEST_ID: String;
}

/// The current request's id, or `-` outside a request.
pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "-".to_owned())
}

#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    /// The 〈項目〉 filled into the message.
    pub items: Vec<String>,
    pub details: Option<serde_json::Value>,
    /// For the log, never for the response.
    pub cause: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        AppError {
            code,
            items: Vec::new(),
            details: None,
            cause: None,
        }
    }

    pub fn item(mut self, item: impl Into<String>) -> Self {
        self.items.push(item.into());
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn cause(mut self, cause: impl std::fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::new(ErrorCode::E9500).cause(cause)
    }

    pub fn not_found() -> Self {
        AppError::new(ErrorCode::E9404)
    }

    pub fn body(&self) -> ApiError {
        let items: Vec<&str> = self.items.iter().map(String::as_str).collect();
        ApiError {
            code: self.code,
            message: self.code.message(&items),
            request_id: current_request_id(),
            details: self.details.clone(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(code = %self.code, cause = self.cause.as_deref().unwrap_or(""), "request failed");
        } else if let Some(cause) = &self.cause {
            tracing::info!(code = %self.code, cause = %cause, "request refused");
        }
        HttpResponse::build(status)
            .insert_header(("cache-control", "no-store"))
            .json(self.body())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::not_found(),
            StoreError::Conflict(what) => AppError::new(ErrorCode::E1003).cause(what),
            StoreError::Unavailable(cause) => AppError::new(ErrorCode::E9503).cause(cause),
            other => AppError::internal(other),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal(e)
    }
}

impl From<cjs_domain::RuleError> for AppError {
    fn from(e: cjs_domain::RuleError) -> Self {
        use cjs_domain::RuleError as R;
        // A mismatch belongs beside the 再入力 field.
        let field = match &e {
            R::Mismatch(f) => f.confirmation().unwrap_or(*f),
            other => other.field(),
        };
        let details = serde_json::json!({ "field": field.api_name() });
        match e {
            R::Required(f) => AppError::new(ErrorCode::E1001).item(f.label()),
            R::Format { field: f, rule } => {
                AppError::new(ErrorCode::E1002).item(f.label()).item(rule)
            }
            R::Mismatch(f) => AppError::new(ErrorCode::E1005).item(f.label()),
            R::MobileEmail => AppError::new(ErrorCode::E1004),
            R::SameAsCurrent => AppError::new(ErrorCode::E1006),
            R::Character { field: f, ch } => AppError::new(ErrorCode::E1009)
                .item(f.label())
                .item(cjs_domain::rules::describe_char(ch)),
        }
        .details(details)
    }
}

/// Bad JSON bodies answer E1000 with the parser's reason as a detail.
pub fn json_error_handler(
    err: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    let app = match &err {
        J::Overflow { .. } | J::OverflowKnownLength { .. } => AppError::new(ErrorCode::E9413),
        J::Deserialize(e) => {
            AppError::new(ErrorCode::E1000).details(serde_json::json!({ "reason": e.to_string() }))
        }
        J::ContentType => AppError::new(ErrorCode::E1000)
            .details(serde_json::json!({ "reason": "Content-Type must be application/json" })),
        _ => AppError::new(ErrorCode::E1000),
    };
    app.cause(err).into()
}

/// Bad path or query parameters answer E1000 as well.
pub fn query_error_handler(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::new(ErrorCode::E1000)
        .details(serde_json::json!({ "reason": err.to_string() }))
        .cause(err)
        .into()
}

pub fn path_error_handler(
    err: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::new(ErrorCode::E1000)
        .details(serde_json::json!({ "reason": err.to_string() }))
        .cause(err)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    #[actix_web::test]
    async fn the_body_carries_code_message_and_request_id_but_not_the_cause() {
        let resp = REQUEST_ID
            .scope("req-1".to_owned(), async {
                AppError::new(ErrorCode::E1003)
                    .item("ユーザーID")
                    .cause("UNIQUE constraint failed: users.user_id")
                    .error_response()
            })
            .await;
        assert_eq!(resp.status(), StatusCode::CONFLICT);
        let bytes = to_bytes(resp.into_body()).await.expect("body");
        let body: ApiError = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(body.code, ErrorCode::E1003);
        assert_eq!(body.message, "入力されたユーザーIDはすでに登録済です。");
        assert_eq!(body.request_id, "req-1");
        assert!(!String::from_utf8_lossy(&bytes).contains("UNIQUE"));
    }

    #[test]
    fn store_errors_map_to_the_catalogue() {
        assert_eq!(AppError::from(StoreError::NotFound).code, ErrorCode::E9404);
        assert_eq!(
            AppError::from(StoreError::Conflict("x".into())).code,
            ErrorCode::E1003
        );
        assert_eq!(
            AppError::from(StoreError::Unavailable("x".into())).code,
            ErrorCode::E9503
        );
    }
}
