//! Single-use secrets kept only as hashes: registration tokens and certificate challenges.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{cert_challenges, registration_tokens};
use crate::time::to_db;

pub fn insert_registration(
    conn: &mut DbConnection,
    token_hash: &str,
    contract: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(registration_tokens::table)
        .values((
            registration_tokens::token_hash.eq(token_hash),
            registration_tokens::contract_number.eq(contract),
            registration_tokens::expires_at.eq(to_db(expires_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The contract of a valid, unused registration token (without using it).
pub fn registration_contract(
    conn: &mut DbConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    Ok(registration_tokens::table
        .filter(registration_tokens::token_hash.eq(token_hash))
        .filter(registration_tokens::used_at.is_null())
        .filter(registration_tokens::expires_at.gt(to_db(now)))
        .select(registration_tokens::contract_number)
        .first(conn)
        .optional()?)
}

/// Uses a registration token once; returns its contract when it was valid.
pub fn consume_registration(
    conn: &mut DbConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    let n = diesel::update(
        registration_tokens::table
            .filter(registration_tokens::token_hash.eq(token_hash))
            .filter(registration_tokens::used_at.is_null())
            .filter(registration_tokens::expires_at.gt(to_db(now))),
    )
    .set(registration_tokens::used_at.eq(to_db(now)))
    .execute(conn)?;
    if n != 1 {
        return Ok(None);
    }
    Ok(registration_tokens::table
        .find(token_hash)
        .select(registration_tokens::contract_number)
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cert_challenges)]
pub struct ChallengeRow {
    pub id: String,
    pub user_id: String,
    pub code_hash: String,
    pub sealed_password: String,
    pub expires_at: NaiveDateTime,
    pub attempts: i32,
    pub verified_at: Option<NaiveDateTime>,
    pub issue_token_hash: Option<String>,
    pub issued_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_challenge(
    conn: &mut DbConnection,
    id: &str,
    user_id: &str,
    code_hash: &str,
    sealed_password: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(cert_challenges::table)
        .values((
            cert_challenges::id.eq(id),
            cert_challenges::user_id.eq(user_id),
            cert_challenges::code_hash.eq(code_hash),
            cert_challenges::sealed_password.eq(sealed_password),
            cert_challenges::expires_at.eq(to_db(expires_at)),
            cert_challenges::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Opens a new challenge for a user unless `limit` challenges were opened since `since`; the
/// user's earlier challenges that were not verified end now. One transaction, serialised per user
/// by writing the user's row first, so concurrent requests cannot pass the limit together.
/// False: over the limit, nothing written.
#[allow(clippy::too_many_arguments)]
pub fn open_challenge(
    conn: &mut DbConnection,
    id: &str,
    user_id: &str,
    code_hash: &str,
    sealed_password: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
    limit: u32,
) -> StoreResult<bool> {
    use crate::schema::users;
    crate::connection::transaction(conn, |conn| {
        diesel::update(users::table.find(user_id))
            .set(users::user_id.eq(user_id))
            .execute(conn)?;
        let recent: i64 = cert_challenges::table
            .filter(cert_challenges::user_id.eq(user_id))
            .filter(cert_challenges::created_at.gt(to_db(since)))
            .count()
            .get_result(conn)?;
        if recent >= i64::from(limit) {
            return Ok(false);
        }
        diesel::update(
            cert_challenges::table
                .filter(cert_challenges::user_id.eq(user_id))
                .filter(cert_challenges::verified_at.is_null())
                .filter(cert_challenges::expires_at.gt(to_db(now))),
        )
        .set(cert_challenges::expires_at.eq(to_db(now)))
        .execute(conn)?;
        insert_challenge(
            conn,
            id,
            user_id,
            code_hash,
            sealed_password,
            expires_at,
            now,
        )?;
        Ok(true)
    })
}

pub fn find_challenge(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ChallengeRow>> {
    Ok(cert_challenges::table
        .find(id)
        .select(ChallengeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Counts one try, only while under `max` and unverified; false when no try is left.
pub fn count_attempt(conn: &mut DbConnection, id: &str, max: i32) -> StoreResult<bool> {
    let n = diesel::update(
        cert_challenges::table
            .filter(cert_challenges::id.eq(id))
            .filter(cert_challenges::attempts.lt(max))
            .filter(cert_challenges::verified_at.is_null()),
    )
    .set(cert_challenges::attempts.eq(cert_challenges::attempts + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks the code as used and stores the issue token's hash; false if it was used already.
pub fn mark_verified(
    conn: &mut DbConnection,
    id: &str,
    issue_token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = diesel::update(
        cert_challenges::table
            .filter(cert_challenges::id.eq(id))
            .filter(cert_challenges::verified_at.is_null()),
    )
    .set((
        cert_challenges::verified_at.eq(to_db(now)),
        cert_challenges::issue_token_hash.eq(issue_token_hash),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Uses an issue token once; returns its challenge.
pub fn consume_issue_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<ChallengeRow>> {
    let n = diesel::update(
        cert_challenges::table
            .filter(cert_challenges::issue_token_hash.eq(token_hash))
            .filter(cert_challenges::issued_at.is_null()),
    )
    .set(cert_challenges::issued_at.eq(to_db(now)))
    .execute(conn)?;
    if n != 1 {
        return Ok(None);
    }
    Ok(cert_challenges::table
        .filter(cert_challenges::issue_token_hash.eq(token_hash))
        .select(ChallengeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Removes a challenge whose code could not be sent: nobody can verify it.
pub fn delete_challenge(conn: &mut DbConnection, id: &str) -> StoreResult<()> {
    diesel::delete(cert_challenges::table.filter(cert_challenges::id.eq(id))).execute(conn)?;
    Ok(())
}

/// How many of the user's challenges could still be verified.
pub fn open_challenges(
    conn: &mut DbConnection,
    user_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(cert_challenges::table
        .filter(cert_challenges::user_id.eq(user_id))
        .filter(cert_challenges::verified_at.is_null())
        .filter(cert_challenges::expires_at.gt(to_db(now)))
        .count()
        .get_result(conn)?)
}
