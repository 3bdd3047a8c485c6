//! Liveness, readiness and what the server saw of the client certificate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`: the process answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ok", "version": "0.1.0"})))]
pub struct HealthResponse {
    pub status: String,
    pub version: String,
}

/// `GET /api/v1/ready`: the database answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ready", "database": "sqlite", "checked_at": "2024-05-07T00:00:00Z"})))]
pub struct ReadyResponse {
    pub status: String,
    /// `sqlite` (組込み) または `postgresql`.
    pub database: String,
    pub checked_at: DateTime<Utc>,
}

/// How the presented client certificate stands against the service's CA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// 提示なし.
    None,
    /// 本サービスの認証局が発行し、有効期間内.
    Valid,
    /// 本サービスの認証局のものではない、または検証できない.
    Untrusted,
    /// 有効期限切れ.
    Expired,
    /// 有効期間の開始前.
    NotYetValid,
}

/// `GET /api/v1/client-certificate`: what this connection presented (for the login screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "status": "valid",
    "subject_cn": "rokin01",
    "subject_o": "12345678",
    "serial": "4F2A",
    "not_before": "2024-05-07T00:00:00Z",
    "not_after": "2025-05-07T14:59:59Z",
    "thumbprint_sha256": "9c1f…"
})))]
pub struct ClientCertificateView {
    pub status: CertificateStatus,
    /// 証明書の CN (= ユーザーID).
    #[serde(default)]
    pub subject_cn: Option<String>,
    /// 証明書の O (= 契約番号).
    #[serde(default)]
    pub subject_o: Option<String>,
    #[serde(default)]
    pub serial: Option<String>,
    #[serde(default)]
    pub not_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub not_after: Option<DateTime<Utc>>,
    /// SHA-256 thumbprint (hex, lowercase) of the DER certificate.
    #[serde(default)]
    pub thumbprint_sha256: Option<String>,
}
