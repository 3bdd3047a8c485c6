//! Sessions: rows, so any instance can check any request.

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::EndReason;
use diesel::prelude::*;

use crate::certificates::CertificateRow;
use crate::connection::DbConnection;
use crate::contracts::{ContractRow, PaymentGroupRow};
use crate::error::StoreResult;
use crate::schema::{certificates, contracts, payment_groups, sessions, users};
use crate::time::to_db;
use crate::typed::{ParsedOpt, TsOpt};
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub cert_thumbprint: String,
    pub payment_group: Option<String>,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub last_seen_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub ended_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = ParsedOpt<EndReason>)]
    pub end_reason: Option<EndReason>,
}

pub fn insert(
    conn: &mut DbConnection,
    id: &str,
    user_id: &str,
    thumbprint: &str,
    payment_group: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::user_id.eq(user_id),
            sessions::cert_thumbprint.eq(thumbprint),
            sessions::payment_group.eq(payment_group),
            sessions::created_at.eq(to_db(now)),
            sessions::last_seen_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<SessionRow>> {
    Ok(sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn touch(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::last_seen_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}

pub fn set_payment_group(conn: &mut DbConnection, id: &str, group: &str) -> StoreResult<()> {
    diesel::update(sessions::table.find(id))
        .set(sessions::payment_group.eq(group))
        .execute(conn)?;
    Ok(())
}

/// Ends one session; true when it was still open.
pub fn end(
    conn: &mut DbConnection,
    id: &str,
    reason: EndReason,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::ended_at.is_null()),
    )
    .set((
        sessions::ended_at.eq(to_db(now)),
        sessions::end_reason.eq(reason.as_str()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every open session of the user (lock, 閉塞, deletion, revocation).
pub fn end_all_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    reason: EndReason,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::ended_at.is_null()),
    )
    .set((
        sessions::ended_at.eq(to_db(now)),
        sessions::end_reason.eq(reason.as_str()),
    ))
    .execute(conn)?)
}

/// The start of the user's latest session before the current one (前回ログイン日時).
pub fn previous_login(
    conn: &mut DbConnection,
    user_id: &str,
    current: &str,
) -> StoreResult<Option<NaiveDateTime>> {
    Ok(crate::on_backend!(conn, |c| sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::id.ne(current))
        .order(sessions::created_at.desc())
        .select(sessions::created_at)
        .first(c)
        .optional()?))
}

/// `GET /me`'s reads in one statement: the contract's payment groups (by number), each row
/// carrying two scalar subqueries, each read off its (user, newest first) index: the user's
/// 前回ログイン (the newest session other than `current`, as [`previous_login`]) and the 有効期限
/// of their newest unrevoked certificate (as `certificates::latest_unrevoked`). A contract
/// without a payment group has no row to carry them, so the two are then selected on their own.
pub fn payment_groups_and_login(
    conn: &mut DbConnection,
    contract: &str,
    user_id: &str,
    current: &str,
) -> StoreResult<MeReads> {
    let previous = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::id.ne(current))
        .order(sessions::created_at.desc())
        .select(sessions::created_at)
        .single_value();
    let expiry = certificates::table
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::revoked_at.is_null())
        .order(certificates::not_after.desc())
        .select(certificates::not_after)
        .single_value();
    let rows: Vec<(PaymentGroupRow, TsOpt, TsOpt)> =
        crate::on_backend!(conn, |c| payment_groups::table
            .filter(payment_groups::contract_number.eq(contract))
            .order(payment_groups::number.asc())
            .select((PaymentGroupRow::as_select(), previous, expiry))
            .load(c)?);
    let Some((_, previous, expiry)) = rows.first() else {
        let (previous, expiry) = crate::on_backend!(conn, |c| diesel::select((previous, expiry))
            .get_result(c)?);
        return Ok(MeReads {
            groups: Vec::new(),
            previous_login: previous,
            certificate_expiry: expiry,
        });
    };
    let (previous_login, certificate_expiry) = (previous.0, expiry.0);
    Ok(MeReads {
        groups: rows.into_iter().map(|(g, _, _)| g).collect(),
        previous_login,
        certificate_expiry,
    })
}

/// What [`payment_groups_and_login`] reads for `GET /me`.
#[derive(Debug, Clone)]
pub struct MeReads {
    pub groups: Vec<PaymentGroupRow>,
    /// The newest session of the user other than the current one.
    pub previous_login: Option<NaiveDateTime>,
    /// The 有効期限 of the user's newest unrevoked certificate.
    pub certificate_expiry: Option<NaiveDateTime>,
}

/// Everything a request's authentication reads, in one statement: the session, its user, the
/// user's contract, the certificate the session is bound to, and the chosen payment group (only
/// when it belongs to the user's contract). Missing parts are `None` for the caller to judge.
#[derive(Debug, Clone)]
pub struct SessionContext {
    pub session: SessionRow,
    pub user: Option<UserRow>,
    pub contract: Option<ContractRow>,
    pub certificate: Option<CertificateRow>,
    pub payment_group: Option<PaymentGroupRow>,
}

/// One row of the joined read, before `SessionContext` names its parts.
type ContextRow = (
    SessionRow,
    Option<UserRow>,
    Option<ContractRow>,
    Option<CertificateRow>,
    Option<PaymentGroupRow>,
);

pub fn context(conn: &mut DbConnection, id: &str) -> StoreResult<Option<SessionContext>> {
    let row: Option<ContextRow> = crate::on_backend!(conn, |c| sessions::table
        .left_join(users::table.on(users::user_id.eq(sessions::user_id)))
        .left_join(contracts::table.on(contracts::contract_number.eq(users::contract_number)))
        .left_join(certificates::table.on(certificates::thumbprint.eq(sessions::cert_thumbprint)))
        .left_join(
            payment_groups::table.on(sessions::payment_group
                .eq(payment_groups::number.nullable())
                .and(
                    payment_groups::contract_number
                        .nullable()
                        .eq(users::contract_number.nullable()),
                )),
        )
        .filter(sessions::id.eq(id))
        .select((
            SessionRow::as_select(),
            Option::<UserRow>::as_select(),
            Option::<ContractRow>::as_select(),
            Option::<CertificateRow>::as_select(),
            Option::<PaymentGroupRow>::as_select(),
        ))
        .first(c)
        .optional()?);
    Ok(row.map(
        |(session, user, contract, certificate, payment_group)| SessionContext {
            session,
            user,
            contract,
            certificate,
            payment_group,
        },
    ))
}
