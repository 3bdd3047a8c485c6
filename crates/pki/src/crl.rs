//! Certificate revocation lists (RFC 5280 §5, v2), encoded by hand in DER and signed with the CA
//! key: the openssl crate's workspace minimum (0.10.72) has no safe CRL builder.

use chrono::{DateTime, Utc};
use openssl::base64;
use openssl::hash::MessageDigest;
use openssl::pkey::Id;
use openssl::sign::Signer;

use crate::authority::Pki;
use crate::der;
use crate::{PkiError, PkiResult};

const ECDSA_WITH_SHA256: &[u64] = &[1, 2, 840, 10045, 4, 3, 2];
const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 11];
const CRL_NUMBER: &[u64] = &[2, 5, 29, 20];
const AUTHORITY_KEY_IDENTIFIER: &[u64] = &[2, 5, 29, 35];

/// A revoked certificate: its serial number in hex (as `PeerCertificate::serial` gives it; case
/// does not matter) and when it was revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    pub serial_hex: String,
    pub revoked_at: DateTime<Utc>,
}

/// The big-endian magnitude of a hex serial number, leading zeros dropped.
fn serial_magnitude(serial_hex: &str) -> PkiResult<Vec<u8>> {
    let s = serial_hex.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(PkiError::Invalid(format!(
            "serial number {serial_hex:?} is not hexadecimal"
        )));
    }
    let padded = if s.len() % 2 == 1 {
        format!("0{s}")
    } else {
        s.to_owned()
    };
    let bytes = hex::decode(padded)
        .map_err(|e| PkiError::Invalid(format!("serial number {serial_hex:?}: {e}")))?;
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    Ok(bytes[start..].to_vec())
}

/// A non-critical extension (the DEFAULT FALSE `critical` field is left out, as DER requires).
fn extension(oid: &[u64], value: &[u8]) -> Vec<u8> {
    der::sequence(&[&der::oid(oid), &der::octet_string(value)])
}

impl Pki {
    /// The CA's key identifier, for the authorityKeyIdentifier extension. (`load_or_create`
    /// already refuses a CA certificate without one.)
    fn ca_key_identifier(&self) -> PkiResult<Vec<u8>> {
        self.ca_cert()
            .subject_key_id()
            .map(|ski| ski.as_slice().to_vec())
            .ok_or_else(|| {
                PkiError::Invalid("the CA certificate has no subjectKeyIdentifier".into())
            })
    }

    /// A signed v2 CRL (DER) listing `revoked`, with a CRL number and the CA's key identifier.
    /// Entries are written in serial order; a serial given twice keeps its earliest date. With
    /// nothing revoked the list is left out altogether, as RFC 5280 asks.
    pub fn crl_der(
        &self,
        revoked: &[Revoked],
        crl_number: u64,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> PkiResult<Vec<u8>> {
        if next_update <= this_update {
            return Err(PkiError::Invalid(
                "a CRL's nextUpdate must come after its thisUpdate".into(),
            ));
        }
        let algorithm = match self.ca_key().id() {
            Id::EC => der::sequence(&[&der::oid(ECDSA_WITH_SHA256)]),
            Id::RSA => der::sequence(&[&der::oid(SHA256_WITH_RSA), &der::null()]),
            other => {
                return Err(PkiError::Invalid(format!(
                    "cannot sign a CRL with a CA key of type {other:?}"
                )));
            }
        };

        let mut entries = revoked
            .iter()
            .map(|r| Ok((serial_magnitude(&r.serial_hex)?, r.revoked_at)))
            .collect::<PkiResult<Vec<_>>>()?;
        // Numeric order: shorter magnitudes first, then bytewise; the earliest date first.
        entries.sort_by(|(a, at), (b, bt)| {
            a.len()
                .cmp(&b.len())
                .then_with(|| a.cmp(b))
                .then(at.cmp(bt))
        });
        entries.dedup_by(|later, earlier| later.0 == earlier.0);

        let version = der::u64_integer(1); // v2
        let issuer = self.ca_cert().subject_name().to_der()?;
        let this_update = der::time(this_update)?;
        let next_update = der::time(next_update)?;
        let mut list = Vec::new();
        for (serial, at) in &entries {
            list.extend(der::sequence(&[
                &der::unsigned_integer(serial),
                &der::time(*at)?,
            ]));
        }
        let revoked_certificates = if entries.is_empty() {
            Vec::new()
        } else {
            der::tlv(0x30, &list)
        };
        let aki = der::sequence(&[&der::implicit_primitive(0, &self.ca_key_identifier()?)]);
        let extensions = der::explicit(
            0,
            &der::sequence(&[
                &extension(AUTHORITY_KEY_IDENTIFIER, &aki),
                &extension(CRL_NUMBER, &der::u64_integer(crl_number)),
            ]),
        );
        let tbs = der::sequence(&[
            &version,
            &algorithm,
            &issuer,
            &this_update,
            &next_update,
            &revoked_certificates,
            &extensions,
        ]);

        let mut signer = Signer::new(MessageDigest::sha256(), self.ca_key())?;
        signer.update(&tbs)?;
        let signature = signer.sign_to_vec()?;
        Ok(der::sequence(&[
            &tbs,
            &algorithm,
            &der::bit_string(&signature),
        ]))
    }

    /// `crl_der` as PEM (`-----BEGIN X509 CRL-----`).
    pub fn crl_pem(
        &self,
        revoked: &[Revoked],
        crl_number: u64,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> PkiResult<String> {
        let der = self.crl_der(revoked, crl_number, this_update, next_update)?;
        let b64 = base64::encode_block(&der);
        let mut pem = String::from("-----BEGIN X509 CRL-----\n");
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(&String::from_utf8_lossy(line));
            pem.push('\n');
        }
        pem.push_str("-----END X509 CRL-----\n");
        Ok(pem)
    }
}
