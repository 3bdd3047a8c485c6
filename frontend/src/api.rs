//! Calls to the cjs JSON API. Every failure arrives as the server's `ApiError`, or one made here in
//! the same shape when the server could not be reached or answered something unreadable.
//!
//! The browser sends the session cookie itself (`credentials: same-origin`); every change
//! (POST/PUT/DELETE) carries the CSRF header. Calls made inside a session report back to
//! [`crate::session`]: a success restarts the idle countdown, an ended session or a pending
//! temporary password sends the user to the right screen.

use std::fmt;

use chrono::{DateTime, Utc};

use cjs_api_types::auth::{
    CertificateChallengeRequest, CertificateChallengeResponse, CertificateIssueRequest,
    CertificateVerifyRequest, CertificateVerifyResponse, ChangePasswordRequest,
    ContractLoginRequest, LoginRequest, LoginResponse, MasterRegistrationRequest, MeResponse,
    RegistrationTokenResponse, SelectPaymentGroupRequest,
};
use cjs_api_types::info::{InfoResponse, ManualListResponse};
use cjs_api_types::users::{
    OperationLogResponse, UserCreateRequest, UserListResponse, UserUpdateRequest, UserView,
};
use cjs_api_types::{
    ApiError, CSRF_HEADER, ClientCertificateView, ErrorCode, HealthResponse, REQUEST_ID_HEADER,
    ReadyResponse,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::RequestCredentials;

use crate::session;

pub mod collective;
pub mod deduction;
pub mod ledger;
pub mod zaikei;

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

    pub fn code(&self) -> ErrorCode {
        self.0.code
    }
}

fn request_id(response: &Response) -> String {
    response
        .headers()
        .get(REQUEST_ID_HEADER)
        .unwrap_or_default()
}

/// Whether a call belongs to a logged-in session (and so reports to [`session`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Public,
    Session,
}

fn prepare(builder: RequestBuilder, change: bool) -> RequestBuilder {
    let builder = builder
        .credentials(RequestCredentials::SameOrigin)
        .header("accept", "application/json");
    if change {
        builder.header(CSRF_HEADER, "1")
    } else {
        builder
    }
}

/// Sends, and turns any non-2xx answer into a `Failure`.
async fn send(
    request: Result<Request, gloo_net::Error>,
    scope: Scope,
) -> Result<Response, Failure> {
    let request = request.map_err(|_| Failure::unreachable())?;
    let response = request.send().await.map_err(|_| Failure::unreachable())?;
    if response.ok() {
        if scope == Scope::Session {
            session::answered();
        }
        return Ok(response);
    }
    let failure = match response.json::<ApiError>().await {
        Ok(error) => Failure(error),
        Err(_) => Failure::unreadable(&response),
    };
    if scope == Scope::Session {
        session::refused(&failure.0);
    }
    Err(failure)
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    response
        .json::<T>()
        .await
        .map_err(|_| Failure::unreadable(&response))
}

async fn get<T: DeserializeOwned>(path: &str, scope: Scope) -> Result<T, Failure> {
    let request = prepare(Request::get(path), false).build();
    read(send(request, scope).await?).await
}

fn with_json<B: Serialize>(builder: RequestBuilder, body: &B) -> Result<Request, gloo_net::Error> {
    prepare(builder, true).json(body)
}

async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    scope: Scope,
) -> Result<T, Failure> {
    read(send(with_json(Request::post(path), body), scope).await?).await
}

async fn put<B: Serialize>(path: &str, body: &B) -> Result<Response, Failure> {
    send(with_json(Request::put(path), body), Scope::Session).await
}

/// `GET /api/v1/health`
pub async fn health() -> Result<HealthResponse, Failure> {
    get("/api/v1/health", Scope::Public).await
}

/// `GET /api/v1/ready`
pub async fn ready() -> Result<ReadyResponse, Failure> {
    get("/api/v1/ready", Scope::Public).await
}

/// `GET /api/v1/client-certificate`
pub async fn client_certificate() -> Result<ClientCertificateView, Failure> {
    get("/api/v1/client-certificate", Scope::Public).await
}

/// `POST /api/v1/registration/contract` (DC583101)
pub async fn registration_contract(
    body: &ContractLoginRequest,
) -> Result<RegistrationTokenResponse, Failure> {
    post("/api/v1/registration/contract", body, Scope::Public).await
}

/// `POST /api/v1/registration/master` (DC584101)
pub async fn registration_master(body: &MasterRegistrationRequest) -> Result<UserView, Failure> {
    post("/api/v1/registration/master", body, Scope::Public).await
}

/// `POST /api/v1/certificates/challenge` (DC586101, step 1), with the server's clock at the
/// answer (the `Date` header), so that the code's validity reads right on a PC whose clock is off.
pub async fn certificate_challenge(
    body: &CertificateChallengeRequest,
) -> Result<(CertificateChallengeResponse, Option<DateTime<Utc>>), Failure> {
    let request = with_json(Request::post("/api/v1/certificates/challenge"), body);
    let response = send(request, Scope::Public).await?;
    let server_now = response
        .headers()
        .get("date")
        .and_then(|d| DateTime::parse_from_rfc2822(&d).ok())
        .map(|d| d.with_timezone(&Utc));
    Ok((read(response).await?, server_now))
}

/// `POST /api/v1/certificates/verify` (DC586101, step 2)
pub async fn certificate_verify(
    body: &CertificateVerifyRequest,
) -> Result<CertificateVerifyResponse, Failure> {
    post("/api/v1/certificates/verify", body, Scope::Public).await
}

/// A file the server sent as an attachment.
pub struct Download {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub content_type: String,
    pub response: Response,
}

async fn download(response: Response, fallback_name: &str) -> Result<Download, Failure> {
    let headers = response.headers();
    let filename = headers
        .get("content-disposition")
        .and_then(|d| attachment_filename(&d))
        .unwrap_or_else(|| fallback_name.to_owned());
    let content_type = headers
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let bytes = response
        .binary()
        .await
        .map_err(|_| Failure::unreadable(&response))?;
    Ok(Download {
        bytes,
        filename,
        content_type,
        response,
    })
}

/// How far an upload is: the bytes sent so far of the file's size, then the server's check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UploadStage {
    Sending {
        sent: f64,
        total: f64,
    },
    /// Every byte is sent; the server reads and checks the file.
    Checking,
}

impl UploadStage {
    /// The share done, 0–100 (the check counts as the last step).
    pub fn percent(self) -> u32 {
        match self {
            UploadStage::Sending { sent, total } if total > 0.0 => {
                ((sent / total).clamp(0.0, 1.0) * 100.0).floor() as u32
            }
            UploadStage::Sending { .. } => 0,
            UploadStage::Checking => 100,
        }
    }
}

/// `POST path` with `file` as the body (a CSV import), inside the session. `fetch` tells nothing
/// about an upload's progress, so this goes by `XMLHttpRequest`: `stage` hears how far the file
/// is, `done` gets the server's answer (or its error, as every other call).
pub fn upload<T: DeserializeOwned + 'static>(
    path: &str,
    file: &web_sys::File,
    stage: impl Fn(UploadStage) + 'static,
    done: impl FnOnce(Result<T, Failure>) + 'static,
) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{ProgressEvent, XmlHttpRequest};

    type Handlers = (
        Closure<dyn FnMut(ProgressEvent)>,
        Closure<dyn FnMut(ProgressEvent)>,
        Closure<dyn FnMut(ProgressEvent)>,
    );
    let started = XmlHttpRequest::new().and_then(|xhr| {
        xhr.open("POST", path)?;
        xhr.set_request_header("accept", "application/json")?;
        xhr.set_request_header(CSRF_HEADER, "1")?;
        xhr.set_request_header("content-type", "text/csv")?;
        Ok(xhr)
    });
    let Ok(xhr) = started else {
        done(Err(Failure::unreachable()));
        return;
    };
    let stage = Rc::new(stage);
    let holder: Rc<RefCell<Option<Handlers>>> = Rc::new(RefCell::new(None));
    let sending = {
        let stage = stage.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() {
                stage(UploadStage::Sending {
                    sent: e.loaded(),
                    total: e.total(),
                });
            }
        })
    };
    let sent = {
        let stage = stage.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| {
            stage(UploadStage::Checking)
        })
    };
    let done = Rc::new(RefCell::new(Some(done)));
    let answered = {
        let xhr = xhr.clone();
        let holder = holder.clone();
        let done = done.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| {
            let Some(done) = done.borrow_mut().take() else {
                return;
            };
            done(upload_answer(&xhr));
            // The handlers are dropped once this one has returned.
            let holder = holder.clone();
            leptos::prelude::set_timeout(
                move || drop(holder.borrow_mut().take()),
                std::time::Duration::ZERO,
            );
        })
    };
    if let Ok(target) = xhr.upload() {
        target.set_onprogress(Some(sending.as_ref().unchecked_ref()));
        target.set_onload(Some(sent.as_ref().unchecked_ref()));
    }
    xhr.set_onloadend(Some(answered.as_ref().unchecked_ref()));
    *holder.borrow_mut() = Some((sending, sent, answered));
    stage(UploadStage::Sending {
        sent: 0.0,
        total: file.size(),
    });
    let body: &web_sys::Blob = file;
    if xhr.send_with_opt_blob(Some(body)).is_err()
        && let Some(done) = done.borrow_mut().take()
    {
        drop(holder.borrow_mut().take());
        done(Err(Failure::unreachable()));
    }
}

/// The answer of an upload as [`send`] and [`read`] give it.
fn upload_answer<T: DeserializeOwned>(xhr: &web_sys::XmlHttpRequest) -> Result<T, Failure> {
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    let request_id = xhr
        .get_response_header(REQUEST_ID_HEADER)
        .ok()
        .flatten()
        .unwrap_or_default();
    if status == 0 {
        return Err(Failure::unreachable());
    }
    let unreadable = || {
        let code = match status {
            404 => ErrorCode::E9404,
            502..=504 => ErrorCode::E9503,
            _ => ErrorCode::E9500,
        };
        Failure::local(code, code.template().to_owned(), request_id.clone())
    };
    if (200..300).contains(&status) {
        session::answered();
        return serde_json::from_str(&text).map_err(|_| unreadable());
    }
    let failure = serde_json::from_str::<ApiError>(&text)
        .map(Failure)
        .unwrap_or_else(|_| unreadable());
    session::refused(&failure.0);
    Err(failure)
}

/// `POST /api/v1/certificates/issue` (DC586101, step 3): the .p12 file itself.
pub async fn certificate_issue(body: &CertificateIssueRequest) -> Result<Download, Failure> {
    let request = with_json(Request::post("/api/v1/certificates/issue"), body);
    download(send(request, Scope::Public).await?, "certificate.p12").await
}

/// `POST /api/v1/session` (DC582101)
pub async fn login(body: &LoginRequest) -> Result<LoginResponse, Failure> {
    let response: LoginResponse = post("/api/v1/session", body, Scope::Public).await?;
    session::logged_in(response.idle_timeout_seconds);
    Ok(response)
}

/// `DELETE /api/v1/session`
pub async fn logout() -> Result<(), Failure> {
    let request = prepare(Request::delete("/api/v1/session"), true).build();
    send(request, Scope::Public).await.map(|_| ())
}

/// `GET /api/v1/me`
pub async fn me() -> Result<MeResponse, Failure> {
    let me: MeResponse = get("/api/v1/me", Scope::Session).await?;
    session::set_me(me.clone());
    Ok(me)
}

/// `PUT /api/v1/session/payment-group` (DC590101)
pub async fn select_payment_group(number: &str) -> Result<(), Failure> {
    let body = SelectPaymentGroupRequest {
        number: number.to_owned(),
    };
    put("/api/v1/session/payment-group", &body)
        .await
        .map(|_| ())
}

/// `PUT /api/v1/me/password`
pub async fn change_password(body: &ChangePasswordRequest) -> Result<(), Failure> {
    put("/api/v1/me/password", body).await.map(|_| ())
}

/// `GET /api/v1/users` (DM493101)
pub async fn users() -> Result<UserListResponse, Failure> {
    get("/api/v1/users", Scope::Session).await
}

/// `GET /api/v1/users/{id}`
pub async fn user(user_id: &str) -> Result<UserView, Failure> {
    get(
        &format!("/api/v1/users/{}", encode(user_id)),
        Scope::Session,
    )
    .await
}

/// `POST /api/v1/users`
pub async fn create_user(body: &UserCreateRequest) -> Result<UserView, Failure> {
    post("/api/v1/users", body, Scope::Session).await
}

/// `PUT /api/v1/users/{id}` (DM492101)
pub async fn update_user(user_id: &str, body: &UserUpdateRequest) -> Result<UserView, Failure> {
    read(put(&format!("/api/v1/users/{}", encode(user_id)), body).await?).await
}

/// `DELETE /api/v1/users/{id}`
pub async fn delete_user(user_id: &str) -> Result<(), Failure> {
    let path = format!("/api/v1/users/{}", encode(user_id));
    let request = prepare(Request::delete(&path), true).build();
    send(request, Scope::Session).await.map(|_| ())
}

/// `GET /api/v1/operation-log?…`
pub async fn operation_log(query: &str) -> Result<OperationLogResponse, Failure> {
    get(&format!("/api/v1/operation-log?{query}"), Scope::Session).await
}

/// `GET /api/v1/operation-log?format=csv&…` as a file.
pub async fn operation_log_csv(query: &str) -> Result<Download, Failure> {
    let path = format!("/api/v1/operation-log?format=csv&{query}");
    let request = prepare(Request::get(&path), false).build();
    download(send(request, Scope::Session).await?, "operation-log.csv").await
}

/// `GET /api/v1/info` (DC671101): the chosen payment group's schedules, 一斉積立, 作成基準日 and
/// お知らせ.
pub async fn info() -> Result<InfoResponse, Failure> {
    get("/api/v1/info", Scope::Session).await
}

/// `GET /api/v1/manuals` (CM000003)
pub async fn manuals() -> Result<ManualListResponse, Failure> {
    get("/api/v1/manuals", Scope::Session).await
}

/// Where one manual opens in the browser (`GET /api/v1/manuals/{id}`, PDF inline), or is saved
/// (`?download=true`). A plain link: the browser sends the session cookie on a GET.
pub fn manual_href(id: &str, download: bool) -> String {
    let path = format!("/api/v1/manuals/{}", encode(id));
    if download {
        format!("{path}?download=true")
    } else {
        path
    }
}

/// Percent-encodes a query or path value (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The file name of `Content-Disposition: attachment; filename="…"; filename*=UTF-8''…`: the
/// RFC 6266 `filename*` (the real name, `一斉積立内訳明細表_16000004_014.pdf`) when there is one,
/// as a browser saving the file itself would; else the plain (ASCII fallback) `filename`.
pub fn attachment_filename(disposition: &str) -> Option<String> {
    let safe = |name: String| Some(name).filter(|n| !n.is_empty() && !n.contains(['/', '\\']));
    let param = |wanted: &str| {
        disposition.split(';').find_map(|part| {
            let (key, value) = part.trim().split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case(wanted)
                .then(|| value.trim().to_owned())
        })
    };
    let extended = param("filename*").and_then(|value| {
        let (charset, rest) = value.split_once('\'')?;
        let (_language, encoded) = rest.split_once('\'')?;
        charset
            .eq_ignore_ascii_case("utf-8")
            .then(|| percent_decode(encoded))
            .flatten()
            .and_then(safe)
    });
    extended.or_else(|| param("filename").and_then(|v| safe(v.trim_matches('"').to_owned())))
}

/// `%E4%B8%80` → `一`; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_file_name_comes_from_the_content_disposition() {
        assert_eq!(
            attachment_filename(r#"attachment; filename="rokin0120250507093000.p12""#),
            Some("rokin0120250507093000.p12".to_owned())
        );
        assert_eq!(attachment_filename("attachment"), None);
        assert_eq!(attachment_filename(r#"attachment; filename="../x""#), None);
    }

    #[test]
    fn a_file_is_saved_under_its_utf8_name_the_ascii_one_only_without_it() {
        let both = "attachment; filename=\"collective-lines-16000004-014.pdf\"; filename*=UTF-8''%E4%B8%80%E6%96%89%E7%A9%8D%E7%AB%8B%E5%86%85%E8%A8%B3%E6%98%8E%E7%B4%B0%E8%A1%A8%5F16000004%5F014%2Epdf";
        assert_eq!(
            attachment_filename(both),
            Some("一斉積立内訳明細表_16000004_014.pdf".to_owned())
        );
        // A broken or unsafe extended name falls back to the plain one.
        assert_eq!(
            attachment_filename(r#"attachment; filename="a.pdf"; filename*=UTF-8''%E4%B8"#),
            Some("a.pdf".to_owned())
        );
        assert_eq!(
            attachment_filename(r#"attachment; filename="a.pdf"; filename*=UTF-8''..%2Fx"#),
            Some("a.pdf".to_owned())
        );
        assert_eq!(percent_decode("%zz"), None);
    }

    #[test]
    fn manuals_open_inline_or_as_a_download() {
        assert_eq!(manual_href("m-1", false), "/api/v1/manuals/m-1");
        assert_eq!(
            manual_href("m-1", true),
            "/api/v1/manuals/m-1?download=true"
        );
        assert_eq!(manual_href("a/b", false), "/api/v1/manuals/a%2Fb");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode("2024-05-07T00:00:00+09:00"),
            "2024-05-07T00%3A00%3A00%2B09%3A00"
        );
        assert_eq!(encode("ログイン"), "%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3");
        assert_eq!(encode("rokin01"), "rokin01");
    }
}
