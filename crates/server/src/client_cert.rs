//! The `ClientCert` extractor: the certificate this request presented, from our own TLS
//! handshake or, in proxy mode, from the configured header of a trusted proxy only.

use std::future::{Ready, ready};

use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use cjs_pki::PeerCertificate;
use percent_encoding::percent_decode_str;

use crate::config::ClientCertMode;
use crate::error::AppError;
use crate::state::AppState;
use crate::tls::ConnCertificate;

/// What the request presented; `None` when nothing (or nothing readable) was.
#[derive(Debug, Clone)]
pub struct ClientCert(pub Option<PeerCertificate>);

impl ClientCert {
    fn from_request_sync(req: &HttpRequest) -> Result<Self, AppError> {
        let state = req
            .app_data::<Data<AppState>>()
            .ok_or_else(|| AppError::internal("AppState missing"))?;
        let cfg = &state.settings.server.client_cert;
        match cfg.mode {
            ClientCertMode::Tls => Ok(ClientCert(
                req.conn_data::<ConnCertificate>().and_then(|c| c.0.clone()),
            )),
            ClientCertMode::Proxy => {
                let from_trusted = req
                    .peer_addr()
                    .is_some_and(|a| cfg.trusted_proxies.iter().any(|n| n.contains(a.ip())));
                let Some(value) = req.headers().get(cfg.header.as_str()) else {
                    return Ok(ClientCert(None));
                };
                if !from_trusted {
                    tracing::warn!(peer = ?req.peer_addr(), "client certificate header from an untrusted peer ignored");
                    return Ok(ClientCert(None));
                }
                let raw = value.to_str().unwrap_or_default().trim();
                if raw.is_empty() || raw == "(null)" {
                    return Ok(ClientCert(None));
                }
                let pem = percent_decode_str(raw).decode_utf8_lossy();
                // Some proxies fold the PEM onto one line with spaces; restore the newlines.
                let pem = if pem.contains('\n') {
                    pem.into_owned()
                } else {
                    unfold_pem(&pem)
                };
                match state.pki.inspect_pem(pem.as_bytes()) {
                    Ok(peer) => Ok(ClientCert(Some(peer))),
                    Err(e) => {
                        tracing::info!(error = %e, "unreadable client certificate from proxy");
                        Ok(ClientCert(None))
                    }
                }
            }
        }
    }
}

fn unfold_pem(s: &str) -> String {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let body = s.replace(BEGIN, "").replace(END, "");
    let body: String = body.split_whitespace().collect::<Vec<_>>().join("\n");
    format!("{BEGIN}\n{body}\n{END}\n")
}

impl FromRequest for ClientCert {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Self::from_request_sync(req))
    }
}

#[cfg(test)]
mod tests {
    use super::unfold_pem;

    #[test]
    fn a_pem_folded_onto_one_line_is_restored() {
        let folded = "-----BEGIN CERTIFICATE----- AAAA BBBB -----END CERTIFICATE-----";
        assert_eq!(
            unfold_pem(folded),
            "-----BEGIN CERTIFICATE-----\nAAAA\nBBBB\n-----END CERTIFICATE-----\n"
        );
    }
}
