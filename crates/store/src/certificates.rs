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
    pub not_before: NaiveDateTime,
    pub not_after: NaiveDateTime,
    pub issued_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revocation_reason: Option<String>,
    pub notified_expiring_at: Option<NaiveDateTime>,
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
    Ok(certificates::table
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::revoked_at.is_null())
        .order(certificates::not_after.desc())
        .select(CertificateRow::as_select())
        .first(conn)
        .optional()?)
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

/// Marks a notice as sent, once: false when another instance already did.
pub fn mark_notified(
    conn: &mut DbConnection,
    serial: &str,
    expired: bool,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = if expired {
        diesel::update(
            certificates::table
                .filter(certificates::serial.eq(serial))
                .filter(certificates::notified_expired_at.is_null()),
        )
        .set(certificates::notified_expired_at.eq(to_db(now)))
        .execute(conn)?
    } else {
        diesel::update(
            certificates::table
                .filter(certificates::serial.eq(serial))
                .filter(certificates::notified_expiring_at.is_null()),
        )
        .set(certificates::notified_expiring_at.eq(to_db(now)))
        .execute(conn)?
    };
    Ok(n == 1)
}
