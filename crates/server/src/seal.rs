//! Sealing a secret with a key the server does not keep: AES-256-GCM, the key travels with the
//! client (inside the challenge id, then the issue token), the ciphertext stays in the database.

use openssl::symm::{Cipher, decrypt_aead, encrypt_aead};

use crate::error::AppError;

/// Returns (key hex, sealed hex).
pub fn seal(plain: &str) -> Result<(String, String), AppError> {
    let mut key = [0u8; 32];
    let mut iv = [0u8; 12];
    openssl::rand::rand_bytes(&mut key).map_err(AppError::internal)?;
    openssl::rand::rand_bytes(&mut iv).map_err(AppError::internal)?;
    let mut tag = [0u8; 16];
    let ct = encrypt_aead(
        Cipher::aes_256_gcm(),
        &key,
        Some(&iv),
        b"cjs",
        plain.as_bytes(),
        &mut tag,
    )
    .map_err(AppError::internal)?;
    let mut out = iv.to_vec();
    out.extend_from_slice(&tag);
    out.extend_from_slice(&ct);
    Ok((hex::encode(key), hex::encode(out)))
}

pub fn open(key_hex: &str, sealed_hex: &str) -> Option<String> {
    let key = hex::decode(key_hex).ok()?;
    let data = hex::decode(sealed_hex).ok()?;
    if key.len() != 32 || data.len() < 28 {
        return None;
    }
    let (iv, rest) = data.split_at(12);
    let (tag, ct) = rest.split_at(16);
    let plain = decrypt_aead(Cipher::aes_256_gcm(), &key, Some(iv), b"cjs", ct, tag).ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_only() {
        let (key, sealed) = seal("Passw0rd!").expect("seal");
        assert_eq!(open(&key, &sealed).as_deref(), Some("Passw0rd!"));
        let (other, _) = seal("x").expect("seal");
        assert_eq!(open(&other, &sealed), None);
        assert!(!sealed.contains("Passw0rd"));
    }
}
