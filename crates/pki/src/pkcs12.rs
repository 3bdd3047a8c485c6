//! Client certificates handed out as password-protected PKCS#12 files (key, certificate, CA).

use chrono::{DateTime, Utc};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::stack::Stack;
use serde::{Deserialize, Serialize};

use crate::authority::Pki;
use crate::peer::PeerCertificate;
use crate::{PkiError, PkiResult};

/// How the PKCS#12 file is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum P12Profile {
    /// PBES2 (PBKDF2, AES-256-CBC) for key and certificate bags, HMAC-SHA-256 MAC: OpenSSL 3's
    /// default.
    #[default]
    #[serde(rename = "aes256")]
    Modern,
    /// pbeWithSHA1And3-KeyTripleDES-CBC for key and certificate bags, HMAC-SHA-1 MAC: for old
    /// Windows, which cannot import the modern form.
    #[serde(rename = "legacy3des")]
    Legacy,
}

/// A freshly issued client certificate as PKCS#12. The private key exists only inside `der`.
#[derive(Clone)]
pub struct IssuedP12 {
    pub der: Vec<u8>,
    /// The issued certificate (thumbprint, serial, validity, chain).
    pub peer: PeerCertificate,
}

impl std::fmt::Debug for IssuedP12 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedP12")
            .field("der", &format_args!("<{} bytes>", self.der.len()))
            .field("peer", &self.peer)
            .finish()
    }
}

impl Pki {
    /// Issues a client certificate (as `issue_client`) and wraps it with its new private key and
    /// the CA certificate in a PKCS#12 file under `password`, friendly name `cn`. The key is not
    /// kept anywhere else.
    pub fn issue_pkcs12(
        &self,
        cn: &str,
        o: &str,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
        password: &str,
        profile: P12Profile,
    ) -> PkiResult<IssuedP12> {
        // The openssl crate panics on interior NULs in these two.
        if cn.contains('\0') {
            return Err(PkiError::Invalid(
                "the common name contains a NUL character".into(),
            ));
        }
        if password.contains('\0') {
            return Err(PkiError::Invalid(
                "the PKCS#12 password contains a NUL character".into(),
            ));
        }
        // Empty passwords are encoded differently by different implementations.
        if password.is_empty() {
            return Err(PkiError::Invalid("the PKCS#12 password is empty".into()));
        }

        let issued = self.issue_client(cn, o, not_before, not_after)?;
        let (algorithm, mac) = match profile {
            P12Profile::Modern => (Nid::AES_256_CBC, MessageDigest::sha256()),
            P12Profile::Legacy => (
                Nid::PBE_WITHSHA1AND3_KEY_TRIPLEDES_CBC,
                MessageDigest::sha1(),
            ),
        };
        let mut ca = Stack::new()?;
        ca.push(self.ca_cert().clone())?;
        let mut builder = Pkcs12::builder();
        builder
            .name(cn)
            .pkey(&issued.key)
            .cert(&issued.cert)
            .ca(ca)
            .key_algorithm(algorithm)
            .cert_algorithm(algorithm)
            .mac_md(mac);
        let der = builder.build2(password)?.to_der()?;
        let peer = PeerCertificate::from_x509(&issued.cert, self.chain_of(&issued.cert))?;
        Ok(IssuedP12 { der, peer })
    }
}
