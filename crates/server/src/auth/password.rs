//! argon2id (m = 19 MiB, t = 2, p = 1) on the blocking pool. Unknown users are checked against a
//! dummy hash so that timing does not tell which user IDs exist.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

use crate::error::AppError;

fn argon2() -> Argon2<'static> {
    // The OWASP minimum for argon2id; constant, so `new` cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(password: &SecretString) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    openssl::rand::rand_bytes(&mut salt).map_err(AppError::internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
    argon2()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_blocking(&SecretString::from("not-a-real-password-1A!")).unwrap_or_default()
    })
}

/// Verifies `password` against `hash` (or a dummy when there is no user).
pub fn verify_blocking(hash: Option<&str>, password: &SecretString) -> bool {
    // Made on the first check of any kind, so the first unknown user is not the slow one.
    let dummy = dummy_hash();
    let real = hash.is_some();
    let hash = hash.unwrap_or(dummy);
    let ok = PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.expose_secret().as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

/// At most half the cores hash at once: a burst of logins queues here instead of taking every
/// core from the requests of people already logged in.
fn permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        tokio::sync::Semaphore::new((cores / 2).max(1))
    })
}

pub async fn hash(password: SecretString) -> Result<String, AppError> {
    let _permit = permits().acquire().await.map_err(AppError::internal)?;
    actix_web::web::block(move || hash_blocking(&password)).await?
}

pub async fn verify(hash: Option<String>, password: SecretString) -> Result<bool, AppError> {
    let _permit = permits().acquire().await.map_err(AppError::internal)?;
    Ok(actix_web::web::block(move || verify_blocking(hash.as_deref(), &password)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_blocking(&SecretString::from("Passw0rd!")).expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_blocking(Some(&h), &SecretString::from("Passw0rd!")));
        assert!(!verify_blocking(Some(&h), &SecretString::from("Passw0rd?")));
    }

    #[test]
    fn an_unknown_user_never_verifies() {
        assert!(!verify_blocking(
            None,
            &SecretString::from("not-a-real-password-1A!")
        ));
    }
}
