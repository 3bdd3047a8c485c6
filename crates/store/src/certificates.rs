//! 電子証明書 as issued, revoked and notified.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::certificates;
use crate::time::to_db;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = certificates)]
pub struct CertificateRow {
    pub serial: String,
    pub user_id: String,
    pub contract_number: String,
    pub thumbprint: String,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub not_before: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub not_after: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub issued_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub revoked_at: Option<NaiveDateTime>,
    pub revocation_reason: Option<String>,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub notified_expiring_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub notified_expired_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &CertificateRow) -> StoreResult<()> {
    diesel::insert_into(certificates::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_by_thumbprint(
    conn: &mut DbConnection,
    thumbprint: &str,
) -> StoreResult<Option<CertificateRow>> {
    Ok(certificates::table
        .filter(certificates::thumbprint.eq(thumbprint))
        .select(CertificateRow::as_select())
        .first(conn)
        .optional()?)
}

/// The user's unrevoked certificate with the latest expiry, if any.
pub fn latest_unrevoked(
    conn: &mut DbConnection,
    user_id: &str,
) -> StoreResult<Option<CertificateRow>> {
    Ok(crate::on_backend!(conn, |c| certificates::table
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::revoked_at.is_null())
        .order(certificates::not_after.desc())
        .select(CertificateRow::as_select())
        .first(c)
        .optional()?))
}

/// Revokes every unrevoked certificate of the user; returns their serials.
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<Vec<String>> {
    let serials: Vec<String> = certificates::table
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::revoked_at.is_null())
        .select(certificates::serial)
        .load(conn)?;
    if !serials.is_empty() {
        diesel::update(
            certificates::table
                .filter(certificates::serial.eq_any(&serials))
                .filter(certificates::revoked_at.is_null()),
        )
        .set((
            certificates::revoked_at.eq(to_db(now)),
            certificates::revocation_reason.eq(reason),
        ))
        .execute(conn)?;
    }
    Ok(serials)
}

pub fn revoked(conn: &mut DbConnection) -> StoreResult<Vec<(String, NaiveDateTime)>> {
    Ok(certificates::table
        .filter(certificates::revoked_at.is_not_null())
        .order(certificates::revoked_at.asc())
        .select((
            certificates::serial,
            certificates::revoked_at.assume_not_null(),
        ))
        .load(conn)?)
}

/// Unrevoked certificates whose expiry notice (before / after) has not been sent.
pub fn unnotified(conn: &mut DbConnection) -> StoreResult<Vec<CertificateRow>> {
    Ok(certificates::table
        .filter(certificates::revoked_at.is_null())
        .filter(certificates::notified_expired_at.is_null())
        .select(CertificateRow::as_select())
        .load(conn)?)
}

/// Claims the notice (before / after expiry) of one certificate for `claim` until `now + lease`:
/// false when it was sent already or another instance holds an unexpired claim.
pub fn claim_notice(
    conn: &mut DbConnection,
    serial: &str,
    expired: bool,
    claim: &str,
    now: DateTime<Utc>,
    lease: chrono::Duration,
) -> StoreResult<bool> {
    let free = certificates::notice_claimed_at
        .is_null()
        .or(certificates::notice_claimed_at.le(to_db(now - lease)));
    let target = certificates::table
        .filter(certificates::serial.eq(serial))
        .filter(free);
    let set = (
        certificates::notice_claim.eq(claim),
        certificates::notice_claimed_at.eq(to_db(now)),
    );
    let n = if expired {
        diesel::update(target.filter(certificates::notified_expired_at.is_null()))
            .set(set)
            .execute(conn)?
    } else {
        diesel::update(target.filter(certificates::notified_expiring_at.is_null()))
            .set(set)
            .execute(conn)?
    };
    Ok(n == 1)
}

/// Marks the claimed notice as sent and ends the claim: false when the claim was lost (its lease
/// ran out and another instance took it).
pub fn mark_notified(
    conn: &mut DbConnection,
    serial: &str,
    expired: bool,
    claim: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let target = certificates::table
        .filter(certificates::serial.eq(serial))
        .filter(certificates::notice_claim.eq(claim));
    let n = if expired {
        diesel::update(target)
            .set((
                certificates::notified_expired_at.eq(to_db(now)),
                certificates::notice_claim.eq(None::<String>),
                certificates::notice_claimed_at.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(conn)?
    } else {
        diesel::update(target)
            .set((
                certificates::notified_expiring_at.eq(to_db(now)),
                certificates::notice_claim.eq(None::<String>),
                certificates::notice_claimed_at.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(conn)?
    };
    Ok(n == 1)
}

/// Gives a claim up after a failed send, so the next run tries again.
pub fn release_notice(conn: &mut DbConnection, serial: &str, claim: &str) -> StoreResult<()> {
    diesel::update(
        certificates::table
            .filter(certificates::serial.eq(serial))
            .filter(certificates::notice_claim.eq(claim)),
    )
    .set((
        certificates::notice_claim.eq(None::<String>),
        certificates::notice_claimed_at.eq(None::<chrono::NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(())
}
