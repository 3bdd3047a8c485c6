//! What the information screen shows: schedules, 一斉積立 run headers, the employer's 作成基準日,
//! notices and manuals.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cjs_domain::ContractKind;
use cjs_domain::schedule::{EmployerDocument, Occasion, RunKind};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{collective_runs, cycles, employer_documents, manuals, notices};
use crate::time::to_db;
use crate::typed::{Parsed, ParsedOpt};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cycles)]
pub struct CycleRow {
    pub payment_group: String,
    #[diesel(deserialize_as = Parsed<Occasion>)]
    pub occasion: Occasion,
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
                .filter(cycles::occasion.eq(row.occasion.as_str()))
                .filter(cycles::month.eq(row.month)),
        )
        .execute(c)?;
        diesel::insert_into(cycles::table)
            .values((
                cycles::payment_group.eq(&row.payment_group),
                cycles::occasion.eq(row.occasion.as_str()),
                cycles::month.eq(row.month),
                cycles::deadline.eq(row.deadline),
                cycles::request_received.eq(row.request_received),
                cycles::result_received.eq(row.result_received),
                cycles::payday.eq(row.payday),
                cycles::updated_at.eq(row.updated_at),
            ))
            .execute(c)?;
        Ok(())
    })
}

pub fn find_cycle(
    conn: &mut DbConnection,
    group: &str,
    occasion: Occasion,
    month: NaiveDate,
) -> StoreResult<Option<CycleRow>> {
    Ok(cycles::table
        .filter(cycles::payment_group.eq(group))
        .filter(cycles::occasion.eq(occasion.as_str()))
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = collective_runs)]
pub struct RunRow {
    pub payment_group: String,
    pub run_no: i32,
    pub name: String,
    pub received_on: NaiveDate,
    #[diesel(deserialize_as = Parsed<RunKind>)]
    pub kind: RunKind,
    pub created_at: NaiveDateTime,
}

pub fn insert_run(conn: &mut DbConnection, row: &RunRow) -> StoreResult<()> {
    diesel::insert_into(collective_runs::table)
        .values((
            collective_runs::payment_group.eq(&row.payment_group),
            collective_runs::run_no.eq(row.run_no),
            collective_runs::name.eq(&row.name),
            collective_runs::received_on.eq(row.received_on),
            collective_runs::kind.eq(row.kind.as_str()),
            collective_runs::created_at.eq(row.created_at),
        ))
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
    document: EmployerDocument,
    base_date: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    crate::transaction(conn, |c| {
        diesel::delete(
            employer_documents::table
                .filter(employer_documents::payment_group.eq(group))
                .filter(employer_documents::document.eq(document.as_str())),
        )
        .execute(c)?;
        diesel::insert_into(employer_documents::table)
            .values((
                employer_documents::payment_group.eq(group),
                employer_documents::document.eq(document.as_str()),
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
) -> StoreResult<Vec<(EmployerDocument, NaiveDate)>> {
    let rows: Vec<(Parsed<EmployerDocument>, NaiveDate)> = employer_documents::table
        .filter(employer_documents::payment_group.eq(group))
        .select((employer_documents::document, employer_documents::base_date))
        .load(conn)?;
    Ok(rows.into_iter().map(|(d, at)| (d.0, at)).collect())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    pub id: String,
    pub published_on: NaiveDate,
    pub subject: String,
    pub body: String,
    pub until: Option<NaiveDate>,
    #[diesel(deserialize_as = ParsedOpt<ContractKind>)]
    pub target_kind: Option<ContractKind>,
    pub target_contract: Option<String>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_notice(conn: &mut DbConnection, row: &NoticeRow) -> StoreResult<()> {
    diesel::insert_into(notices::table)
        .values((
            notices::id.eq(&row.id),
            notices::published_on.eq(row.published_on),
            notices::subject.eq(&row.subject),
            notices::body.eq(&row.body),
            notices::until.eq(row.until),
            notices::target_kind.eq(row.target_kind.map(ContractKind::as_str)),
            notices::target_contract.eq(&row.target_contract),
            notices::withdrawn_at.eq(row.withdrawn_at),
            notices::created_at.eq(row.created_at),
        ))
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = manuals)]
pub struct ManualRow {
    pub id: String,
    pub name: String,
    pub comment: String,
    #[diesel(deserialize_as = ParsedOpt<ContractKind>)]
    pub target_kind: Option<ContractKind>,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_manual(conn: &mut DbConnection, row: &ManualRow) -> StoreResult<()> {
    diesel::insert_into(manuals::table)
        .values((
            manuals::id.eq(&row.id),
            manuals::name.eq(&row.name),
            manuals::comment.eq(&row.comment),
            manuals::target_kind.eq(row.target_kind.map(ContractKind::as_str)),
            manuals::file_name.eq(&row.file_name),
            manuals::size.eq(row.size),
            manuals::sha256.eq(&row.sha256),
            manuals::withdrawn_at.eq(row.withdrawn_at),
            manuals::created_at.eq(row.created_at),
        ))
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
