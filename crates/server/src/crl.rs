//! The CRL: built from the revoked rows, numbered by a counter in the database, written to
//! `<data_dir>/crl.pem` on every revocation and served at `/api/v1/certificates/crl`.

use chrono::Duration;
use cjs_pki::Revoked;
use cjs_store::{certificates, meta};

use crate::error::AppError;
use crate::state::AppState;

const NUMBER_KEY: &str = "crl_number";
/// Relying parties refetch at least this often.
const NEXT_UPDATE_DAYS: i64 = 7;

async fn build(state: &AppState, bump: bool) -> Result<Vec<u8>, AppError> {
    let now = state.clock.now();
    let (revoked, number) = state
        .db(move |c| {
            cjs_store::transaction(c, |c| {
                let current: u64 = meta::get(c, NUMBER_KEY)?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let number = if bump { current + 1 } else { current.max(1) };
                if bump || current == 0 {
                    meta::put(c, NUMBER_KEY, &number.to_string(), now.naive_utc())?;
                }
                Ok((certificates::revoked(c)?, number))
            })
        })
        .await?;
    let revoked: Vec<Revoked> = revoked
        .into_iter()
        .map(|(serial_hex, at)| Revoked {
            serial_hex,
            revoked_at: at.and_utc(),
        })
        .collect();
    state
        .pki
        .crl_der(
            &revoked,
            number,
            now,
            now + Duration::days(NEXT_UPDATE_DAYS),
        )
        .map_err(AppError::internal)
}

/// After a revocation: a new CRL number, and the file refreshed.
pub async fn publish(state: &AppState) -> Result<(), AppError> {
    let der = build(state, true).await?;
    let pem = openssl::x509::X509Crl::from_der(&der)
        .and_then(|c| c.to_pem())
        .map_err(AppError::internal)?;
    let path = state.settings.data_dir.join("crl.pem");
    let tmp = path.with_extension("pem.tmp");
    std::fs::write(&tmp, pem)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(AppError::internal)?;
    tracing::info!(path = %path.display(), "CRL published");
    Ok(())
}

pub async fn current_der(state: &AppState) -> Result<Vec<u8>, AppError> {
    build(state, false).await
}
