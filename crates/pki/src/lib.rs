//! cjs-pki: the service's own certificate authority (created on first start in the data
//! directory), the server certificate, client certificates, and what a presented certificate is
//! worth (thumbprint, subject, chain); client certificates as PKCS#12 files; revocation lists.

mod authority;
mod crl;
mod der;
mod files;
mod peer;
mod pkcs12;
mod time;

pub use authority::{IssuedCertificate, Pki};
pub use crl::Revoked;
pub use peer::{ChainResult, PeerCertificate, Standing};
pub use pkcs12::{IssuedP12, P12Profile};
pub use time::{asn1_to_utc, utc_to_asn1};

#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("openssl: {0}")]
    Ssl(#[from] openssl::error::ErrorStack),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

pub type PkiResult<T> = Result<T, PkiError>;
