//! The service CA: created on first start, then loaded. It signs the server's TLS certificate and
//! the users' client certificates, and verifies presented ones.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use openssl::asn1::Asn1Integer;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::rand::rand_bytes;
use openssl::rsa::Rsa;
use openssl::stack::Stack;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::verify::X509VerifyFlags;
use openssl::x509::{X509, X509Builder, X509Name, X509NameBuilder, X509StoreContext};

use crate::peer::{ChainResult, PeerCertificate};
use crate::time::{asn1_to_utc, utc_to_asn1};
use crate::{PkiError, PkiResult, files};

const CA_YEARS: i64 = 10;
/// Browsers refuse server certificates valid for longer than 398 days.
const SERVER_DAYS: i64 = 397;
/// Renew the server certificate at start-up when it has less than this left.
const SERVER_RENEW_DAYS: i64 = 30;

/// The PKI material in `<data_dir>/pki`.
pub struct Pki {
    dir: PathBuf,
    ca_cert: X509,
    ca_key: PKey<Private>,
    server_cert: X509,
    server_key: PKey<Private>,
    token_key: Vec<u8>,
}

/// A freshly issued client certificate and its private key (which the service does not keep).
pub struct IssuedCertificate {
    pub cert: X509,
    pub key: PKey<Private>,
}

fn ec_key() -> PkiResult<PKey<Private>> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
    Ok(PKey::from_ec_key(EcKey::generate(&group)?)?)
}

fn random_serial() -> PkiResult<Asn1Integer> {
    let mut bn = BigNum::new()?;
    bn.rand(127, MsbOption::MAYBE_ZERO, false)?;
    Ok(bn.to_asn1_integer()?)
}

fn name(cn: &str, o: Option<&str>) -> PkiResult<X509Name> {
    let mut b = X509NameBuilder::new()?;
    b.append_entry_by_nid(Nid::COUNTRYNAME, "JP")?;
    if let Some(o) = o {
        b.append_entry_by_nid(Nid::ORGANIZATIONNAME, o)?;
    }
    b.append_entry_by_nid(Nid::COMMONNAME, cn)?;
    Ok(b.build())
}

impl Pki {
    /// Loads the CA, server certificate and token key from `dir`, creating what is missing (and
    /// renewing a server certificate that is close to expiry or lacks a wanted host name).
    pub fn load_or_create(dir: &Path, hostnames: &[String], now: DateTime<Utc>) -> PkiResult<Self> {
        files::ensure_dir(dir)?;
        let ca_key_path = dir.join("ca.key");
        let ca_cert_path = dir.join("ca.crt");
        let (ca_cert, ca_key) = if ca_key_path.exists() && ca_cert_path.exists() {
            (
                X509::from_pem(&files::read(&ca_cert_path)?)?,
                PKey::private_key_from_pem(&files::read(&ca_key_path)?)?,
            )
        } else {
            let key = ec_key()?;
            let cert = Self::make_ca(&key, now)?;
            files::write(&ca_key_path, &key.private_key_to_pem_pkcs8()?, true)?;
            files::write(&ca_cert_path, &cert.to_pem()?, false)?;
            tracing::info!(path = %ca_cert_path.display(), "created the development CA");
            (cert, key)
        };

        let mut pki = Pki {
            dir: dir.to_owned(),
            server_cert: ca_cert.clone(),
            server_key: ca_key.clone(),
            ca_cert,
            ca_key,
            token_key: Vec::new(),
        };

        let server_key_path = dir.join("server.key");
        let server_cert_path = dir.join("server.crt");
        let existing = if server_key_path.exists() && server_cert_path.exists() {
            Some((
                X509::from_pem(&files::read(&server_cert_path)?)?,
                PKey::private_key_from_pem(&files::read(&server_key_path)?)?,
            ))
        } else {
            None
        };
        match existing {
            Some((cert, key)) if pki.server_cert_is_fine(&cert, hostnames, now)? => {
                pki.server_cert = cert;
                pki.server_key = key;
            }
            _ => {
                let key = ec_key()?;
                let cert = pki.make_server(&key, hostnames, now)?;
                files::write(&server_key_path, &key.private_key_to_pem_pkcs8()?, true)?;
                files::write(&server_cert_path, &cert.to_pem()?, false)?;
                tracing::info!(path = %server_cert_path.display(), "issued the server certificate");
                pki.server_cert = cert;
                pki.server_key = key;
            }
        }

        let token_path = dir.join("token.key");
        pki.token_key = if token_path.exists() {
            hex::decode(String::from_utf8_lossy(&files::read(&token_path)?).trim())
                .map_err(|e| PkiError::Invalid(format!("token.key: {e}")))?
        } else {
            let mut key = vec![0u8; 32];
            rand_bytes(&mut key)?;
            files::write(&token_path, hex::encode(&key).as_bytes(), true)?;
            key
        };
        if pki.token_key.len() < 32 {
            return Err(PkiError::Invalid(
                "token.key is shorter than 256 bits".into(),
            ));
        }
        Ok(pki)
    }

    fn make_ca(key: &PKey<Private>, now: DateTime<Utc>) -> PkiResult<X509> {
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        let serial = random_serial()?;
        b.set_serial_number(&serial)?;
        let subject = name("cjs Development CA", Some("cjs"))?;
        b.set_subject_name(&subject)?;
        b.set_issuer_name(&subject)?;
        b.set_pubkey(key)?;
        let not_before = utc_to_asn1(now - Duration::hours(1))?;
        b.set_not_before(&not_before)?;
        let not_after = utc_to_asn1(now + Duration::days(365 * CA_YEARS))?;
        b.set_not_after(&not_after)?;
        b.append_extension(BasicConstraints::new().critical().ca().pathlen(0).build()?)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .key_cert_sign()
                .crl_sign()
                .build()?,
        )?;
        let ski = SubjectKeyIdentifier::new().build(&b.x509v3_context(None, None))?;
        b.append_extension(ski)?;
        b.sign(key, MessageDigest::sha256())?;
        Ok(b.build())
    }

    fn server_cert_is_fine(
        &self,
        cert: &X509,
        hostnames: &[String],
        now: DateTime<Utc>,
    ) -> PkiResult<bool> {
        if asn1_to_utc(cert.not_after())? < now + Duration::days(SERVER_RENEW_DAYS) {
            return Ok(false);
        }
        if self.chain_of(cert) != ChainResult::Trusted {
            return Ok(false);
        }
        let have: Vec<String> = cert
            .subject_alt_names()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.dnsname().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self::wanted_dns(hostnames).iter().all(|h| have.contains(h)))
    }

    fn wanted_dns(hostnames: &[String]) -> Vec<String> {
        let mut v = vec!["localhost".to_owned()];
        for h in hostnames {
            if h.parse::<IpAddr>().is_err() && !v.contains(h) {
                v.push(h.clone());
            }
        }
        v
    }

    fn make_server(
        &self,
        key: &PKey<Private>,
        hostnames: &[String],
        now: DateTime<Utc>,
    ) -> PkiResult<X509> {
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        let serial = random_serial()?;
        b.set_serial_number(&serial)?;
        let subject = name("localhost", Some("cjs"))?;
        b.set_subject_name(&subject)?;
        b.set_issuer_name(self.ca_cert.subject_name())?;
        b.set_pubkey(key)?;
        let not_before = utc_to_asn1(now - Duration::hours(1))?;
        b.set_not_before(&not_before)?;
        let not_after = utc_to_asn1(now + Duration::days(SERVER_DAYS))?;
        b.set_not_after(&not_after)?;
        b.append_extension(BasicConstraints::new().critical().build()?)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .key_agreement()
                .build()?,
        )?;
        b.append_extension(ExtendedKeyUsage::new().server_auth().build()?)?;
        let mut san = SubjectAlternativeName::new();
        for h in Self::wanted_dns(hostnames) {
            san.dns(&h);
        }
        san.ip("127.0.0.1").ip("::1");
        for h in hostnames {
            if h.parse::<IpAddr>().is_ok() && h != "127.0.0.1" && h != "::1" {
                san.ip(h);
            }
        }
        let ctx = b.x509v3_context(Some(&self.ca_cert), None);
        let san = san.build(&ctx)?;
        let aki = AuthorityKeyIdentifier::new().keyid(true).build(&ctx)?;
        b.append_extension(san)?;
        b.append_extension(aki)?;
        b.sign(&self.ca_key, MessageDigest::sha256())?;
        Ok(b.build())
    }

    /// Issues a client certificate (clientAuth) for `cn` (the user ID) in organisation `o` (the
    /// contract number), valid over [not_before, not_after].
    pub fn issue_client(
        &self,
        cn: &str,
        o: &str,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> PkiResult<IssuedCertificate> {
        // RSA for the widest browser and OS key-store support.
        let key = PKey::from_rsa(Rsa::generate(2048)?)?;
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        let serial = random_serial()?;
        b.set_serial_number(&serial)?;
        let subject = name(cn, Some(o))?;
        b.set_subject_name(&subject)?;
        b.set_issuer_name(self.ca_cert.subject_name())?;
        b.set_pubkey(&key)?;
        let not_before = utc_to_asn1(not_before)?;
        b.set_not_before(&not_before)?;
        let not_after = utc_to_asn1(not_after)?;
        b.set_not_after(&not_after)?;
        b.append_extension(BasicConstraints::new().critical().build()?)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .key_encipherment()
                .build()?,
        )?;
        b.append_extension(ExtendedKeyUsage::new().client_auth().build()?)?;
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&b.x509v3_context(Some(&self.ca_cert), None))?;
        b.append_extension(aki)?;
        b.sign(&self.ca_key, MessageDigest::sha256())?;
        Ok(IssuedCertificate {
            cert: b.build(),
            key,
        })
    }

    /// A store holding the CA, with time checks off: validity is judged by the service's clock.
    pub fn trust_store(&self) -> PkiResult<X509Store> {
        let mut b = X509StoreBuilder::new()?;
        b.add_cert(self.ca_cert.clone())?;
        b.set_flags(X509VerifyFlags::NO_CHECK_TIME)?;
        Ok(b.build())
    }

    /// Does `cert` chain to the service CA (signature and extensions; time aside)?
    pub fn chain_of(&self, cert: &X509) -> ChainResult {
        let outcome = (|| -> PkiResult<ChainResult> {
            let store = self.trust_store()?;
            let chain = Stack::new()?;
            let mut ctx = X509StoreContext::new()?;
            ctx.init(&store, cert, &chain, |c| {
                Ok(if c.verify_cert()? {
                    ChainResult::Trusted
                } else {
                    ChainResult::Untrusted(c.error().error_string().to_owned())
                })
            })
            .map_err(PkiError::from)
        })();
        outcome.unwrap_or_else(|e| ChainResult::Untrusted(e.to_string()))
    }

    /// Reads a PEM certificate (as a TLS proxy forwards it) and judges its chain.
    pub fn inspect_pem(&self, pem: &[u8]) -> PkiResult<PeerCertificate> {
        let cert = X509::from_pem(pem)?;
        PeerCertificate::from_x509(&cert, self.chain_of(&cert))
    }

    pub fn ca_cert(&self) -> &X509 {
        &self.ca_cert
    }
    /// The CA's private key, for signing inside this crate (CRLs).
    pub(crate) fn ca_key(&self) -> &PKey<Private> {
        &self.ca_key
    }
    pub fn server_cert(&self) -> &X509 {
        &self.server_cert
    }
    pub fn server_key(&self) -> &PKey<Private> {
        &self.server_key
    }
    /// The HMAC key that signs session tokens.
    pub fn token_key(&self) -> &[u8] {
        &self.token_key
    }
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn ca_cert_path(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }
}
