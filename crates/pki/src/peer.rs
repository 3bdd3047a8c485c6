//! What a presented client certificate is worth.

use chrono::{DateTime, Utc};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::x509::{X509, X509NameRef};
use serde::Serialize;

use crate::PkiResult;
use crate::time::asn1_to_utc;

/// Whether the certificate chains to the service CA. Time is left out on purpose: validity is
/// judged against the service's injected clock (`PeerCertificate::standing`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChainResult {
    Trusted,
    Untrusted(String),
}

/// The presented certificate's standing at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Standing {
    Valid,
    Untrusted,
    Expired,
    NotYetValid,
}

/// A client certificate as the application sees it (put into request extensions by the TLS
/// layer or the proxy header reader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeerCertificate {
    /// SHA-256 of the DER encoding, lowercase hex (RFC 8705 `x5t#S256` in hex form).
    pub thumbprint_sha256: String,
    pub subject_cn: Option<String>,
    pub subject_o: Option<String>,
    /// Serial number, uppercase hex.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub chain: ChainResult,
}

fn entry(name: &X509NameRef, nid: Nid) -> Option<String> {
    name.entries_by_nid(nid)
        .next()
        .and_then(|e| e.data().to_string().ok())
}

impl PeerCertificate {
    pub fn from_x509(cert: &X509, chain: ChainResult) -> PkiResult<Self> {
        let digest = cert.digest(MessageDigest::sha256())?;
        let serial = cert.serial_number().to_bn()?.to_hex_str()?.to_string();
        Ok(PeerCertificate {
            thumbprint_sha256: hex::encode(digest),
            subject_cn: entry(cert.subject_name(), Nid::COMMONNAME),
            subject_o: entry(cert.subject_name(), Nid::ORGANIZATIONNAME),
            serial,
            not_before: asn1_to_utc(cert.not_before())?,
            not_after: asn1_to_utc(cert.not_after())?,
            chain,
        })
    }

    /// Trusted and inside its validity at `now`?
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        if self.chain != ChainResult::Trusted {
            Standing::Untrusted
        } else if now < self.not_before {
            Standing::NotYetValid
        } else if now > self.not_after {
            Standing::Expired
        } else {
            Standing::Valid
        }
    }
}
