//! Random secrets (session ids, one-time tokens, the 6-digit code) from the OS CSPRNG, their
//! SHA-256 for storage, and the signed session token (JWT, HS256 with the data directory's key).

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// `bytes` random bytes as lowercase hex.
pub fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut buf = vec![0u8; bytes];
    openssl::rand::rand_bytes(&mut buf).map_err(AppError::internal)?;
    Ok(hex::encode(buf))
}

/// A uniformly random 6-digit code (rejection sampling: no modulo bias).
pub fn six_digit_code() -> Result<String, AppError> {
    loop {
        let mut b = [0u8; 4];
        openssl::rand::rand_bytes(&mut b).map_err(AppError::internal)?;
        let n = u32::from_be_bytes(b);
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// What the database keeps instead of a secret.
pub fn digest(secret: &str) -> String {
    hex::encode(openssl::sha::sha256(secret.as_bytes()))
}

/// Constant-time comparison of two hex digests.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len() && openssl::memcmp::eq(a.as_bytes(), b.as_bytes())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Session id (the row decides whether it is alive).
    pub sid: String,
    /// User ID.
    pub sub: String,
    /// Confirmation: the SHA-256 thumbprint of the certificate the session is bound to (RFC 8705).
    pub cnf: Confirmation,
    pub iat: i64,
    /// An absolute limit; idleness is checked against the session row.
    pub exp: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Confirmation {
    #[serde(rename = "x5t#S256")]
    pub x5t_s256: String,
}

pub fn sign(claims: &Claims, key: &[u8]) -> Result<String, AppError> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(key),
    )
    .map_err(AppError::internal)
}

/// Verifies signature and absolute expiry against `now` (the service clock).
pub fn verify(token: &str, key: &[u8], now: i64) -> Option<Claims> {
    let mut v = Validation::new(Algorithm::HS256);
    v.validate_exp = false;
    v.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key), &v).ok()?;
    (data.claims.exp > now).then_some(data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sid: "s".into(),
            sub: "rokin01".into(),
            cnf: Confirmation {
                x5t_s256: "ab".into(),
            },
            iat: 0,
            exp,
        }
    }

    #[test]
    fn a_token_verifies_with_its_key_until_it_expires() {
        let key = [7u8; 32];
        let t = sign(&claims(100), &key).expect("sign");
        assert_eq!(verify(&t, &key, 99).map(|c| c.sub), Some("rokin01".into()));
        assert!(verify(&t, &key, 100).is_none());
        assert!(verify(&t, &[8u8; 32], 99).is_none());
        let mut tampered = t.clone();
        tampered.push('x');
        assert!(verify(&tampered, &key, 99).is_none());
    }

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> =
            (0..50).map(|_| six_digit_code().expect("code")).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit()))
        );
        assert!(codes.len() > 40);
    }
}
