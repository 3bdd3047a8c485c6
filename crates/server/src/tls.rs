//! The TLS front door: ask for a client certificate without requiring one, let every certificate
//! through the handshake (so a foreign or expired one reaches the application and is refused
//! there with a clear message), and record what was presented in the connection's extensions.

use std::any::Any;

use actix_tls::accept::openssl::TlsStream;
use actix_web::dev::Extensions;
use actix_web::rt::net::TcpStream;
use cjs_pki::{ChainResult, PeerCertificate, Pki};
use openssl::ssl::{SslAcceptor, SslAcceptorBuilder, SslMethod, SslVerifyMode};
use openssl::x509::X509VerifyResult;

/// The certificate presented on this connection, if any (`req.conn_data::<ConnCertificate>()`).
#[derive(Debug, Clone)]
pub struct ConnCertificate(pub Option<PeerCertificate>);

pub fn acceptor(pki: &Pki) -> anyhow::Result<SslAcceptorBuilder> {
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server())?;
    b.set_private_key(pki.server_key())?;
    b.set_certificate(pki.server_cert())?;
    b.check_private_key()?;
    // Chain checks against our CA only; validity dates are judged later by the service clock.
    b.set_cert_store(pki.trust_store()?);
    // Tell the browser which certificates to offer.
    b.add_client_ca(pki.ca_cert())?;
    b.set_verify_callback(SslVerifyMode::PEER, |_preverify_ok, _ctx| true);
    // Needed for session resumption when client certificates are requested.
    b.set_session_id_context(b"cjs")?;
    b.set_alpn_select_callback(|_, client| {
        openssl::ssl::select_next_proto(b"\x08http/1.1", client)
            .ok_or(openssl::ssl::AlpnError::NOACK)
    });
    Ok(b)
}

/// `HttpServer::on_connect` hook: read the peer certificate and the chain verdict once per
/// connection.
pub fn on_connect(conn: &dyn Any, ext: &mut Extensions) {
    let Some(tls) = conn.downcast_ref::<TlsStream<TcpStream>>() else {
        return;
    };
    let ssl = tls.ssl();
    let peer = ssl.peer_certificate().and_then(|cert| {
        let verdict = ssl.verify_result();
        let chain = if verdict == X509VerifyResult::OK {
            ChainResult::Trusted
        } else {
            ChainResult::Untrusted(verdict.error_string().to_owned())
        };
        PeerCertificate::from_x509(&cert, chain)
            .map_err(|e| tracing::warn!(error = %e, "unreadable client certificate"))
            .ok()
    });
    ext.insert(ConnCertificate(peer));
}
