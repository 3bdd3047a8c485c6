//! Liveness, readiness, and the client certificate as the server sees it.

use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, get};
use cjs_api_types::{
    ApiError, CertificateStatus, ClientCertificateView, HealthResponse, ReadyResponse,
};
use cjs_pki::Standing;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::client_cert::ClientCert;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health)
        .service(ready)
        .service(client_certificate);
}

/// Liveness: the process answers. Needs no database and no certificate.
#[utoipa::path(
    tag = "system",
    responses((status = 200, description = "稼働中", body = HealthResponse))
)]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(HealthResponse {
            status: "ok".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
}

/// Readiness: the database answers a query (a fresh connection replaces one to a database that
/// went away and came back; a SQLite file deleted or replaced under the service is noticed).
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "データベース接続済", body = ReadyResponse),
        (status = 503, description = "データベースが応答しない (E9503)", body = ApiError)
    )
)]
#[get("/ready")]
pub async fn ready(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let database = state.backend.as_str();
    state
        .db(cjs_store::ping)
        .await
        .map_err(|e| e.details(serde_json::json!({ "database": database })))?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(ReadyResponse {
            status: "ready".into(),
            database: database.into(),
            checked_at: state.clock.now(),
        }))
}

/// What this connection presented as its client certificate, judged against the service CA and
/// the service clock. The login screen uses it to say what is wrong before asking for a password.
#[utoipa::path(
    tag = "system",
    responses((status = 200, description = "提示された電子証明書", body = ClientCertificateView))
)]
#[get("/client-certificate")]
pub async fn client_certificate(
    state: Data<AppState>,
    cert: ClientCert,
) -> Json<ClientCertificateView> {
    Json(view(&cert, state.clock.now()))
}

pub fn view(cert: &ClientCert, now: chrono::DateTime<chrono::Utc>) -> ClientCertificateView {
    match &cert.0 {
        None => ClientCertificateView {
            status: CertificateStatus::None,
            subject_cn: None,
            subject_o: None,
            serial: None,
            not_before: None,
            not_after: None,
            thumbprint_sha256: None,
        },
        Some(peer) => ClientCertificateView {
            status: match peer.standing(now) {
                Standing::Valid => CertificateStatus::Valid,
                Standing::Untrusted => CertificateStatus::Untrusted,
                Standing::Expired => CertificateStatus::Expired,
                Standing::NotYetValid => CertificateStatus::NotYetValid,
            },
            subject_cn: peer.subject_cn.clone(),
            subject_o: peer.subject_o.clone(),
            serial: Some(peer.serial.clone()),
            not_before: Some(peer.not_before),
            not_after: Some(peer.not_after),
            thumbprint_sha256: Some(peer.thumbprint_sha256.clone()),
        },
    }
}
