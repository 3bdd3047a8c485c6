//! `Ctx`: what the operation log records about any request — the client's address (from the
//! trusted proxy's `X-Forwarded-For` when behind one), the certificate presented, the request id.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use cjs_pki::PeerCertificate;
use cjs_store::oplog::Entry;

use crate::client_cert::ClientCert;
use crate::config::ClientCertMode;
use crate::error::AppError;
use crate::middleware::RequestId;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct Ctx {
    pub client_addr: String,
    pub cert: Option<PeerCertificate>,
    pub request_id: String,
}

impl Ctx {
    pub fn thumbprint(&self) -> String {
        self.cert
            .as_ref()
            .map(|c| c.thumbprint_sha256.clone())
            .unwrap_or_default()
    }

    /// An operation-log entry about this request; the caller fills in who and what.
    pub fn entry(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        screen_id: &str,
        action: &str,
    ) -> Entry {
        Entry {
            at: now,
            screen_id: screen_id.to_owned(),
            action: action.to_owned(),
            result: "success".to_owned(),
            client_addr: self.client_addr.clone(),
            cert_thumbprint: self.thumbprint(),
            request_id: self.request_id.clone(),
            ..Entry::default()
        }
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let cert = match ClientCert::from_request(req, payload).into_inner() {
            Ok(ClientCert(c)) => c,
            Err(e) => return ready(Err(e)),
        };
        let peer = req.peer_addr().map(|a| a.ip());
        let mut client_addr = peer.map(|ip| ip.to_string()).unwrap_or_default();
        if let (Some(state), Some(ip)) = (req.app_data::<Data<AppState>>(), peer) {
            let cfg = &state.settings.server.client_cert;
            let trusted = cfg.mode == ClientCertMode::Proxy
                && cfg.trusted_proxies.iter().any(|n| n.contains(ip));
            if trusted
                && let Some(forwarded) = req
                    .headers()
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(',').next())
            {
                client_addr = forwarded.trim().to_owned();
            }
        }
        let request_id = req
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        ready(Ok(Ctx {
            client_addr,
            cert,
            request_id,
        }))
    }
}
