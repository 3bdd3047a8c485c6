//! 契約 and 入金グループ.

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::lockout::LockState;
use cjs_domain::{ContractKind, Service};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::lockstate::{Versioned, from_columns, to_columns};
use crate::schema::{contracts, payment_groups};
use crate::time::to_db;
use crate::typed::{Parsed, ServiceList};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contracts)]
pub struct ContractRow {
    pub contract_number: String,
    #[diesel(deserialize_as = Parsed<ContractKind>)]
    pub kind: ContractKind,
    pub name: String,
    pub name_kana: String,
    pub branch: String,
    pub initial_password_hash: String,
    pub failures: i32,
    pub locks: i32,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub locked_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub locked_until: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub blocked_at: Option<NaiveDateTime>,
    pub lock_version: i32,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub updated_at: NaiveDateTime,
}

impl ContractRow {
    pub fn lock(&self) -> Versioned {
        from_columns(
            self.failures,
            self.locks,
            self.locked_at,
            self.locked_until,
            self.blocked_at,
            self.lock_version,
        )
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payment_groups)]
pub struct PaymentGroupRow {
    pub number: String,
    pub contract_number: String,
    pub name: String,
    pub name_kana: String,
    /// Stored as comma-separated names (snake_case, as serialised by the domain).
    #[diesel(deserialize_as = ServiceList)]
    pub services: Vec<Service>,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub created_at: NaiveDateTime,
}

pub struct NewContract<'a> {
    pub contract_number: &'a str,
    pub kind: ContractKind,
    pub name: &'a str,
    pub name_kana: &'a str,
    pub branch: &'a str,
    pub initial_password_hash: &'a str,
}

pub fn insert(conn: &mut DbConnection, c: &NewContract<'_>, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::insert_into(contracts::table)
        .values((
            contracts::contract_number.eq(c.contract_number),
            contracts::kind.eq(c.kind.as_str()),
            contracts::name.eq(c.name),
            contracts::name_kana.eq(c.name_kana),
            contracts::branch.eq(c.branch),
            contracts::initial_password_hash.eq(c.initial_password_hash),
            contracts::created_at.eq(to_db(now)),
            contracts::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, number: &str) -> StoreResult<Option<ContractRow>> {
    Ok(contracts::table
        .find(number)
        .select(ContractRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn exists(conn: &mut DbConnection, number: &str) -> StoreResult<bool> {
    Ok(find(conn, number)?.is_some())
}

/// Sets a new initial password; this is also how the bank lifts a contract's 閉塞.
pub fn set_initial_password(
    conn: &mut DbConnection,
    number: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let cleared = to_columns(&LockState::default());
    Ok(diesel::update(contracts::table.find(number))
        .set((
            contracts::initial_password_hash.eq(hash),
            contracts::failures.eq(cleared.failures),
            contracts::locks.eq(cleared.locks),
            contracts::locked_at.eq(cleared.locked_at),
            contracts::locked_until.eq(cleared.locked_until),
            contracts::blocked_at.eq(cleared.blocked_at),
            contracts::lock_version.eq(contracts::lock_version + 1),
            contracts::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?)
}

crate::lockstate::save_lock_for!(contracts, contract_number);

pub fn insert_payment_group(conn: &mut DbConnection, row: &PaymentGroupRow) -> StoreResult<()> {
    diesel::insert_into(payment_groups::table)
        .values((
            payment_groups::number.eq(&row.number),
            payment_groups::contract_number.eq(&row.contract_number),
            payment_groups::name.eq(&row.name),
            payment_groups::name_kana.eq(&row.name_kana),
            payment_groups::services.eq(ServiceList::column(&row.services)),
            payment_groups::created_at.eq(row.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn payment_groups_of(
    conn: &mut DbConnection,
    contract: &str,
) -> StoreResult<Vec<PaymentGroupRow>> {
    Ok(crate::on_backend!(conn, |c| payment_groups::table
        .filter(payment_groups::contract_number.eq(contract))
        .order(payment_groups::number.asc())
        .select(PaymentGroupRow::as_select())
        .load(c)?))
}

pub fn find_payment_group(
    conn: &mut DbConnection,
    number: &str,
) -> StoreResult<Option<PaymentGroupRow>> {
    Ok(payment_groups::table
        .find(number)
        .select(PaymentGroupRow::as_select())
        .first(conn)
        .optional()?)
}
