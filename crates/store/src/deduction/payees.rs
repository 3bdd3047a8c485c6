//! まとめ入金の入金先 per payment group (set by the bank's operator).

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::deduction::AccountKind;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::deduction_payees;
use crate::time::to_db;
use crate::typed::Parsed;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = deduction_payees)]
pub struct PayeeRow {
    pub payment_group: String,
    pub branch_no: String,
    pub branch_name: String,
    #[diesel(deserialize_as = Parsed<AccountKind>)]
    pub account_kind: AccountKind,
    pub account_no: String,
    pub account_name_kana: String,
    pub updated_at: NaiveDateTime,
}

/// The 入金先 to set (the operator parses the values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewPayee<'a> {
    pub branch_no: &'a str,
    pub branch_name: &'a str,
    pub account_kind: AccountKind,
    pub account_no: &'a str,
    pub account_name_kana: &'a str,
}

/// Sets or replaces the group's 入金先.
pub fn put_payee(
    conn: &mut DbConnection,
    group: &str,
    p: NewPayee<'_>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    crate::transaction(conn, |c| {
        diesel::delete(deduction_payees::table.find(group)).execute(c)?;
        diesel::insert_into(deduction_payees::table)
            .values((
                deduction_payees::payment_group.eq(group),
                deduction_payees::branch_no.eq(p.branch_no),
                deduction_payees::branch_name.eq(p.branch_name),
                deduction_payees::account_kind.eq(p.account_kind.as_str()),
                deduction_payees::account_no.eq(p.account_no),
                deduction_payees::account_name_kana.eq(p.account_name_kana),
                deduction_payees::updated_at.eq(to_db(now)),
            ))
            .execute(c)?;
        Ok(())
    })
}

pub fn find_payee(conn: &mut DbConnection, group: &str) -> StoreResult<Option<PayeeRow>> {
    Ok(deduction_payees::table
        .find(group)
        .select(PayeeRow::as_select())
        .first(conn)
        .optional()?)
}
