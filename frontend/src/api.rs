//! Calls to the cjs JSON API. Every failure arrives as the server's `ApiError`, or one made here in
//! the same shape when the server could not be reached or answered something unreadable.

use std::fmt;

use cjs_api_types::{
    ApiError, ClientCertificateView, ErrorCode, HealthResponse, REQUEST_ID_HEADER, ReadyResponse,
};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// A failed API call, ready to show: the catalogue code, the Japanese message, the request id.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(pub ApiError);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.message)
    }
}

impl std::error::Error for Failure {}

impl Failure {
    fn local(code: ErrorCode, message: String, request_id: String) -> Self {
        Failure(ApiError {
            code,
            message,
            request_id,
            details: None,
        })
    }

    /// No answer at all (network down, server stopped, TLS refused).
    fn unreachable() -> Self {
        Self::local(
            ErrorCode::E9503,
            "サーバーに接続できません。ネットワークの状態をご確認のうえ、再度お試しください。"
                .to_owned(),
            String::new(),
        )
    }

    /// An answer that is not the JSON we expect (e.g. a proxy's HTML error page).
    fn unreadable(response: &Response) -> Self {
        let code = match response.status() {
            404 => ErrorCode::E9404,
            502..=504 => ErrorCode::E9503,
            _ => ErrorCode::E9500,
        };
        Self::local(code, code.template().to_owned(), request_id(response))
    }
}

fn request_id(response: &Response) -> String {
    response
        .headers()
        .get(REQUEST_ID_HEADER)
        .unwrap_or_default()
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let response = Request::get(path)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|_| Failure::unreachable())?;
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| Failure::unreadable(&response));
    }
    match response.json::<ApiError>().await {
        Ok(error) => Err(Failure(error)),
        Err(_) => Err(Failure::unreadable(&response)),
    }
}

/// `GET /api/v1/health`
pub async fn health() -> Result<HealthResponse, Failure> {
    get_json("/api/v1/health").await
}

/// `GET /api/v1/ready`
pub async fn ready() -> Result<ReadyResponse, Failure> {
    get_json("/api/v1/ready").await
}

/// `GET /api/v1/client-certificate`
pub async fn client_certificate() -> Result<ClientCertificateView, Failure> {
    get_json("/api/v1/client-certificate").await
}
