//! `Ctx`: what the operation log records about any request — the client's address (behind a
//! trusted proxy: the address that proxy saw, never what the client wrote), the certificate
//! presented, the request id.

use std::future::{Ready, ready};
use std::net::IpAddr;

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
            if trusted && let Some(seen) = proxy_seen_address(req.headers()) {
                client_addr = seen.to_string();
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

/// The address the trusted proxy saw the client connect from: the last `X-Forwarded-For` entry,
/// the one the proxy appended (or the only one, when it overwrites the header as the shipped
/// nginx configuration does); entries before it are whatever the client sent. Only a well-formed
/// IP address counts. `X-Real-IP` is not read: a proxy that does not set it passes the client's.
pub fn proxy_seen_address(headers: &actix_web::http::header::HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .last()
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn the_address_the_proxy_appended_wins_over_what_the_client_wrote() {
        let h = headers(&[("x-forwarded-for", "=HYPERLINK(\"x\"), 203.0.113.7")]);
        assert_eq!(
            proxy_seen_address(&h),
            Some("203.0.113.7".parse().expect("ip"))
        );
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            ("x-forwarded-for", "2001:db8::1"),
        ]);
        assert_eq!(
            proxy_seen_address(&h),
            Some("2001:db8::1".parse().expect("ip"))
        );
    }

    #[test]
    fn anything_but_an_address_is_ignored() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "",
            "1.2.3.4.5",
            "localhost",
            "10.0.0.1, =1+1",
        ] {
            let h = headers(&[("x-forwarded-for", bad)]);
            assert_eq!(proxy_seen_address(&h), None, "{bad}");
        }
        let h = headers(&[("x-real-ip", "192.0.2.9")]);
        assert_eq!(proxy_seen_address(&h), None);
    }
}
