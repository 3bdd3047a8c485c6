//! マスターユーザー / 一般ユーザー.

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::{Restriction, Restrictions, Role};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::lockstate::{Versioned, from_columns};
use crate::schema::users;
use crate::time::to_db;
use crate::typed::Parsed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub user_id: String,
    pub contract_number: String,
    #[diesel(deserialize_as = Parsed<Role>)]
    pub role: Role,
    pub user_name: String,
    pub email: String,
    pub password_hash: String,
    pub must_change_password: bool,
    #[diesel(deserialize_as = Parsed<Restriction>)]
    pub rokin_deduction: Restriction,
    #[diesel(deserialize_as = Parsed<Restriction>)]
    pub ledger: Restriction,
    #[diesel(deserialize_as = Parsed<Restriction>)]
    pub collective_savings: Restriction,
    pub failures: i32,
    pub locks: i32,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub locked_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub locked_until: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub blocked_at: Option<NaiveDateTime>,
    pub lock_version: i32,
    #[diesel(deserialize_as = crate::typed::TsOpt)]
    pub last_login_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub updated_at: NaiveDateTime,
}

impl UserRow {
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
    pub fn is_master(&self) -> bool {
        self.role == Role::Master
    }
    /// ユーザー別機能制限 (the master's columns are 表示 and never read).
    pub fn restrictions(&self) -> Restrictions {
        Restrictions {
            rokin_deduction: self.rokin_deduction,
            ledger: self.ledger,
            collective_savings: self.collective_savings,
        }
    }
}

pub struct NewUser<'a> {
    pub user_id: &'a str,
    pub contract_number: &'a str,
    pub role: Role,
    pub user_name: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub restrictions: Restrictions,
}

pub fn insert(conn: &mut DbConnection, u: &NewUser<'_>, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::insert_into(users::table)
        .values((
            users::user_id.eq(u.user_id),
            users::contract_number.eq(u.contract_number),
            users::role.eq(u.role.as_str()),
            users::user_name.eq(u.user_name),
            users::email.eq(u.email),
            users::password_hash.eq(u.password_hash),
            users::must_change_password.eq(u.must_change_password),
            users::rokin_deduction.eq(u.restrictions.rokin_deduction.as_str()),
            users::ledger.eq(u.restrictions.ledger.as_str()),
            users::collective_savings.eq(u.restrictions.collective_savings.as_str()),
            users::created_at.eq(to_db(now)),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, user_id: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .find(user_id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list_by_contract(conn: &mut DbConnection, contract: &str) -> StoreResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::contract_number.eq(contract))
        // The master first, then general users by ID.
        .order((users::role.desc(), users::user_id.asc()))
        .select(UserRow::as_select())
        .load(conn)?)
}

pub fn master_of(conn: &mut DbConnection, contract: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::contract_number.eq(contract))
        .filter(users::role.eq(Role::Master.as_str()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn count_general(conn: &mut DbConnection, contract: &str) -> StoreResult<i64> {
    Ok(users::table
        .filter(users::contract_number.eq(contract))
        .filter(users::role.eq(Role::General.as_str()))
        .count()
        .get_result(conn)?)
}

pub fn update_profile(
    conn: &mut DbConnection,
    user_id: &str,
    user_name: &str,
    email: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(users::table.find(user_id))
        .set((
            users::user_name.eq(user_name),
            users::email.eq(email),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?)
}

pub fn set_password(
    conn: &mut DbConnection,
    user_id: &str,
    hash: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(must_change),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?)
}

pub fn set_restrictions(
    conn: &mut DbConnection,
    user_id: &str,
    restrictions: &Restrictions,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(users::table.find(user_id))
        .set((
            users::rokin_deduction.eq(restrictions.rokin_deduction.as_str()),
            users::ledger.eq(restrictions.ledger.as_str()),
            users::collective_savings.eq(restrictions.collective_savings.as_str()),
            users::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?)
}

crate::lockstate::save_lock_for!(users, user_id);

pub fn record_login(conn: &mut DbConnection, user_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::last_login_at.eq(to_db(now)))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConnection, user_id: &str) -> StoreResult<usize> {
    Ok(diesel::delete(users::table.find(user_id)).execute(conn)?)
}

/// Removes the master of a contract so it can register again (the bank's reset).
pub fn delete_master(conn: &mut DbConnection, contract: &str) -> StoreResult<Option<String>> {
    let Some(master) = master_of(conn, contract)? else {
        return Ok(None);
    };
    delete(conn, &master.user_id)?;
    Ok(Some(master.user_id))
}
