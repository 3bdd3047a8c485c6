//! What the information screen shows: schedules, 一斉積立 run headers, the employer's 作成基準日,
//! notices and manuals.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{collective_runs, cycles, employer_documents, manuals, notices};
use crate::time::to_db;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cycles)]
pub struct CycleRow {
    pub payment_group: String,
    pub occasion: String,
    pub month: NaiveDate,
    pub deadline: NaiveDate,
    pub request_received: Option<NaiveDate>,
    pub result_received: Option<NaiveDate>,
    pub payday: NaiveDate,
    pub updated_at: NaiveDateTime,
}

/// Adds a cycle or replaces the one of the same group, occasion and month.
pub fn put_cycle(conn: &mut DbConnection, row: &CycleRow) -> StoreResult<()> {
    crate::transaction(conn, |c| {
        diesel::delete(
            cycles::table
                .filter(cycles::payment_group.eq(&row.payment_group))
                .filter(cycles::occasion.eq(&row.occasion))
                .filter(cycles::month.eq(row.month)),
        )
        .execute(c)?;
        diesel::insert_into(cycles::table).values(row).execute(c)?;
        Ok(())
    })
}

pub fn find_cycle(
    conn: &mut DbConnection,
    group: &str,
    occasion: &str,
    month: NaiveDate,
) -> StoreResult<Option<CycleRow>> {
    Ok(cycles::table
        .filter(cycles::payment_group.eq(group))
        .filter(cycles::occasion.eq(occasion))
        .filter(cycles::month.eq(month))
        .select(CycleRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn cycles_of(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<CycleRow>> {
    Ok(cycles::table
        .filter(cycles::payment_group.eq(group))
        .order((cycles::occasion.asc(), cycles::month.asc()))
        .select(CycleRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = collective_runs)]
pub struct RunRow {
    pub payment_group: String,
    pub run_no: i32,
    pub name: String,
    pub received_on: NaiveDate,
    pub kind: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_run(conn: &mut DbConnection, row: &RunRow) -> StoreResult<()> {
    diesel::insert_into(collective_runs::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn latest_run(conn: &mut DbConnection, group: &str) -> StoreResult<Option<RunRow>> {
    Ok(collective_runs::table
        .filter(collective_runs::payment_group.eq(group))
        .order((
            collective_runs::received_on.desc(),
            collective_runs::run_no.desc(),
        ))
        .select(RunRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn set_employer_document(
    conn: &mut DbConnection,
    group: &str,
    document: &str,
    base_date: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    crate::transaction(conn, |c| {
        diesel::delete(
            employer_documents::table
                .filter(employer_documents::payment_group.eq(group))
                .filter(employer_documents::document.eq(document)),
        )
        .execute(c)?;
        diesel::insert_into(employer_documents::table)
            .values((
                employer_documents::payment_group.eq(group),
                employer_documents::document.eq(document),
                employer_documents::base_date.eq(base_date),
                employer_documents::updated_at.eq(to_db(now)),
            ))
            .execute(c)?;
        Ok(())
    })
}

pub fn employer_documents_of(
    conn: &mut DbConnection,
    group: &str,
) -> StoreResult<Vec<(String, NaiveDate)>> {
    Ok(employer_documents::table
        .filter(employer_documents::payment_group.eq(group))
        .select((employer_documents::document, employer_documents::base_date))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    pub id: String,
    pub published_on: NaiveDate,
    pub subject: String,
    pub body: String,
    pub until: Option<NaiveDate>,
    pub target_kind: Option<String>,
    pub target_contract: Option<String>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_notice(conn: &mut DbConnection, row: &NoticeRow) -> StoreResult<()> {
    diesel::insert_into(notices::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Notices not withdrawn, published on or before `today`, newest first. Audience filtering is
/// the domain's (`Audience::reaches`).
pub fn live_notices(conn: &mut DbConnection, today: NaiveDate) -> StoreResult<Vec<NoticeRow>> {
    Ok(notices::table
        .filter(notices::withdrawn_at.is_null())
        .filter(notices::published_on.le(today))
        .order((notices::published_on.desc(), notices::created_at.desc()))
        .select(NoticeRow::as_select())
        .load(conn)?)
}

pub fn withdraw_notice(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(
        notices::table
            .find(id)
            .filter(notices::withdrawn_at.is_null()),
    )
    .set(notices::withdrawn_at.eq(to_db(now)))
    .execute(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = manuals)]
pub struct ManualRow {
    pub id: String,
    pub name: String,
    pub comment: String,
    pub target_kind: Option<String>,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_manual(conn: &mut DbConnection, row: &ManualRow) -> StoreResult<()> {
    diesel::insert_into(manuals::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn live_manuals(conn: &mut DbConnection) -> StoreResult<Vec<ManualRow>> {
    Ok(manuals::table
        .filter(manuals::withdrawn_at.is_null())
        .order(manuals::created_at.asc())
        .select(ManualRow::as_select())
        .load(conn)?)
}

pub fn find_manual(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ManualRow>> {
    Ok(manuals::table
        .find(id)
        .filter(manuals::withdrawn_at.is_null())
        .select(ManualRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn withdraw_manual(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(
        manuals::table
            .find(id)
            .filter(manuals::withdrawn_at.is_null()),
    )
    .set(manuals::withdrawn_at.eq(to_db(now)))
    .execute(conn)?)
}
