//! A cycle's request data: the run (header, まとめ入金) and its lines; the 締切 snapshot written
//! in batches inside one transaction; the lists; 入金中止; 確定 / 確定の解除 / 金庫受付 with
//! totals summed by the database; results.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cjs_domain::calendar::jst;
use cjs_domain::deduction::lump::{LineFacts, RunFacts};
use cjs_domain::deduction::results::LineResult;
use cjs_domain::deduction::snapshot::{LineBody, PreviousLine, SnapshotDetail};
use cjs_domain::deduction::{
    AccountKind, AccountNo, BranchNo, DeductionConfig, EmployeeNo, FailReason, KanjiName,
    LineError, LineList, LumpState, Movement, Outcome, ProductCode, Refusal, RequestLine,
    RunOrigin, Source, Stop, StopReason, YearMonth, plan_confirm, plan_stop, plan_take, plan_undo,
};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::Occasion;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};

use super::{CycleKey, Db, Writer, details, payees};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{cycles, deduction_line_counts, deduction_lines, deduction_runs};
use crate::time::to_db;
use crate::typed::{Month, Parsed, ParsedOpt};

/// Lines per INSERT: 26 columns × 1000 stays under SQLite's 32,766 and PostgreSQL's 65,535
/// bound parameters.
const BATCH: usize = 1000;

/// The header of a cycle's request data.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = deduction_runs)]
pub struct RunRow {
    pub payment_group: String,
    #[diesel(deserialize_as = Parsed<Occasion>)]
    pub occasion: Occasion,
    #[diesel(deserialize_as = Month)]
    pub month: YearMonth,
    #[diesel(deserialize_as = Parsed<RunOrigin>)]
    pub origin: RunOrigin,
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = Parsed<LumpState>)]
    pub lump_state: LumpState,
    pub version: i32,
    pub confirmed_count: Option<i64>,
    pub confirmed_amount: Option<i64>,
    pub excluded_count: Option<i64>,
    pub excluded_amount: Option<i64>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub taken_at: Option<NaiveDateTime>,
    pub payee_branch_no: Option<String>,
    pub payee_branch_name: Option<String>,
    #[diesel(deserialize_as = ParsedOpt<AccountKind>)]
    pub payee_account_kind: Option<AccountKind>,
    pub payee_account_no: Option<String>,
    pub payee_account_name_kana: Option<String>,
    pub results_loaded_at: Option<NaiveDateTime>,
}

/// A request line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = deduction_lines)]
pub struct LineRow {
    pub line_no: i32,
    pub detail_id: Option<String>,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = ParsedOpt<KanjiName>)]
    pub kanji_name: Option<KanjiName>,
    #[diesel(deserialize_as = Parsed<ProductCode>)]
    pub product_code: ProductCode,
    pub product_name: String,
    #[diesel(deserialize_as = Parsed<BranchNo>)]
    pub branch_no: BranchNo,
    #[diesel(deserialize_as = Parsed<AccountNo>)]
    pub account_no: AccountNo,
    pub amount: i64,
    pub previous_amount: Option<i64>,
    #[diesel(deserialize_as = Parsed<Movement>)]
    pub movement: Movement,
    pub counter: bool,
    #[diesel(deserialize_as = ParsedOpt<LineError>)]
    pub error: Option<LineError>,
    #[diesel(deserialize_as = ParsedOpt<StopReason>)]
    pub stop_reason: Option<StopReason>,
    pub stop_text: Option<String>,
    pub stopped_by: Option<String>,
    pub stopped_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = ParsedOpt<Outcome>)]
    pub result: Option<Outcome>,
    #[diesel(deserialize_as = ParsedOpt<FailReason>)]
    pub result_reason: Option<FailReason>,
    pub result_text: Option<String>,
    pub bank_kana: Option<String>,
    pub kana_mismatch: Option<bool>,
}

impl LineRow {
    fn body(&self) -> LineBody {
        LineBody {
            employee_no: self.employee_no.clone(),
            kana_name: self.kana_name.clone(),
            kanji_name: self.kanji_name.clone(),
            product: self.product_code.clone(),
            product_name: self.product_name.clone(),
            branch_no: self.branch_no.clone(),
            account_no: self.account_no.clone(),
            amount: self.amount,
        }
    }

    /// The line as the result matching sees it (`cjs_domain::deduction::results::LineKey`).
    pub fn key(&self) -> cjs_domain::deduction::results::LineKey<'_> {
        cjs_domain::deduction::results::LineKey {
            line_no: self.line_no,
            employee_no: self.employee_no.as_str(),
            product_code: self.product_code.as_str(),
            branch_no: self.branch_no.as_str(),
            account_no: self.account_no.as_str(),
            kana_name: self.kana_name.as_str(),
            movement: self.movement,
            error: self.error,
        }
    }
}

fn run_filter<'a>(key: &CycleKey<'a>) -> deduction_runs::BoxedQuery<'a, Db> {
    deduction_runs::table
        .filter(deduction_runs::payment_group.eq(key.payment_group))
        .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
        .filter(deduction_runs::month.eq(key.month_date()))
        .into_boxed()
}

fn lines_of<'a>(key: &CycleKey<'a>) -> deduction_lines::BoxedQuery<'a, Db> {
    deduction_lines::table
        .filter(deduction_lines::payment_group.eq(key.payment_group))
        .filter(deduction_lines::occasion.eq(key.occasion.as_str()))
        .filter(deduction_lines::month.eq(key.month_date()))
        .into_boxed()
}

pub fn find_run(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Option<RunRow>> {
    Ok(run_filter(key)
        .select(RunRow::as_select())
        .first(conn)
        .optional()?)
}

/// The group's runs, newest month first (the routes keep the latest `keep_cycles` per occasion).
pub fn runs_of(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<RunRow>> {
    Ok(deduction_runs::table
        .filter(deduction_runs::payment_group.eq(group))
        .order((deduction_runs::month.desc(), deduction_runs::occasion.asc()))
        .select(RunRow::as_select())
        .load(conn)?)
}

/// The outcome of writing a cycle's request data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// Written, with this many lines; 依頼データ受信 set on the cycle.
    Lines(usize),
    /// The cycle has request data already (and `replace` was not asked).
    Exists,
    /// Not replaced: the まとめ入金 is past 未確定 or lines carry 入金中止 or results.
    InUse,
}

fn insert_lines(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    lines: &[RequestLine],
) -> StoreResult<()> {
    use deduction_lines as l;
    let month = key.month_date();
    for chunk in lines.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    l::payment_group.eq(key.payment_group),
                    l::occasion.eq(key.occasion.as_str()),
                    l::month.eq(month),
                    l::line_no.eq(r.line_no),
                    l::detail_id.eq(r.detail_id.as_deref()),
                    l::employee_no.eq(r.body.employee_no.as_str()),
                    l::kana_name.eq(r.body.kana_name.as_str()),
                    l::kanji_name.eq(r.body.kanji_name.as_ref().map(KanjiName::as_str)),
                    l::product_code.eq(r.body.product.as_str()),
                    l::product_name.eq(r.body.product_name.as_str()),
                    l::branch_no.eq(r.body.branch_no.as_str()),
                    l::account_no.eq(r.body.account_no.as_str()),
                    l::amount.eq(r.body.amount),
                    l::previous_amount.eq(r.previous_amount),
                    l::movement.eq(r.movement.as_str()),
                    l::counter.eq(r.counter),
                    l::error.eq(r.error.map(LineError::as_str)),
                )
            })
            .collect();
        super::batch_insert!(c, deduction_lines::table, rows)?;
    }
    Ok(())
}

/// Writes the request data of a cycle in one transaction: the run (未確定), its lines, and
/// 依頼データ受信 (today in Japan) on the cycle. An existing run is replaced only with `replace`
/// and only while 未確定 with no 入金中止 and no results.
pub fn create_run(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    origin: RunOrigin,
    lines: &[RequestLine],
    replace: bool,
    now: DateTime<Utc>,
) -> StoreResult<Created> {
    crate::transaction(conn, |c| create_run_in(c, key, origin, lines, replace, now))
}

fn create_run_in(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    origin: RunOrigin,
    lines: &[RequestLine],
    replace: bool,
    now: DateTime<Utc>,
) -> StoreResult<Created> {
    if let Some(run) = find_run(c, key)? {
        if !replace {
            return Ok(Created::Exists);
        }
        let touched: i64 = lines_of(key)
            .filter(
                deduction_lines::stop_reason
                    .is_not_null()
                    .or(deduction_lines::result.is_not_null()),
            )
            .count()
            .get_result(c)?;
        if run.lump_state != LumpState::Open || touched > 0 {
            return Ok(Created::InUse);
        }
        diesel::delete(
            deduction_runs::table
                .filter(deduction_runs::payment_group.eq(key.payment_group))
                .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
                .filter(deduction_runs::month.eq(key.month_date())),
        )
        .execute(c)?;
        // Lines go with the run (ON DELETE CASCADE); said again for a backend without it on.
        diesel::delete(
            deduction_lines::table
                .filter(deduction_lines::payment_group.eq(key.payment_group))
                .filter(deduction_lines::occasion.eq(key.occasion.as_str()))
                .filter(deduction_lines::month.eq(key.month_date())),
        )
        .execute(c)?;
    }
    diesel::insert_into(deduction_runs::table)
        .values((
            deduction_runs::payment_group.eq(key.payment_group),
            deduction_runs::occasion.eq(key.occasion.as_str()),
            deduction_runs::month.eq(key.month_date()),
            deduction_runs::origin.eq(origin.as_str()),
            deduction_runs::created_at.eq(to_db(now)),
            deduction_runs::lump_state.eq(LumpState::Open.as_str()),
            deduction_runs::version.eq(1),
        ))
        .execute(c)?;
    insert_lines(c, key, lines)?;
    diesel::update(
        cycles::table
            .filter(cycles::payment_group.eq(key.payment_group))
            .filter(cycles::occasion.eq(key.occasion.as_str()))
            .filter(cycles::month.eq(key.month_date())),
    )
    .set((
        cycles::request_received.eq(jst(now).date_naive()),
        cycles::updated_at.eq(to_db(now)),
    ))
    .execute(c)?;
    Ok(Created::Lines(lines.len()))
}

/// The lines of the latest earlier cycle of the same group and occasion, and when that cycle's
/// request data was made (`None`: there is none).
pub fn previous_lines(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<(Option<NaiveDateTime>, Vec<PreviousLine>)> {
    let prev: Option<(Month, NaiveDateTime)> = deduction_runs::table
        .filter(deduction_runs::payment_group.eq(key.payment_group))
        .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
        .filter(deduction_runs::month.lt(key.month_date()))
        .order(deduction_runs::month.desc())
        .select((deduction_runs::month, deduction_runs::created_at))
        .first(conn)
        .optional()?;
    let Some((month, created_at)) = prev else {
        return Ok((None, Vec::new()));
    };
    let prev_key = CycleKey {
        month: month.0,
        ..*key
    };
    let rows: Vec<LineRow> = lines_of(&prev_key)
        .filter(deduction_lines::movement.ne(Movement::Cancelled.as_str()))
        .order(deduction_lines::line_no.asc())
        .select(LineRow::as_select())
        .load(conn)?;
    let lines = rows
        .into_iter()
        .map(|r| PreviousLine {
            body: r.body(),
            detail_id: r.detail_id,
            movement: r.movement,
        })
        .collect();
    Ok((Some(created_at), lines))
}

/// 締切: the snapshot of the details against the previous cycle of the occasion
/// (`cjs_domain::deduction::snapshot::derive`), read and written in one transaction. A detail
/// counts as changed at the counter when its last change was there, after the previous cycle's
/// request data was made.
pub fn close_cycle(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    config: &DeductionConfig,
    replace: bool,
    now: DateTime<Utc>,
) -> StoreResult<Created> {
    crate::transaction(conn, |c| {
        if !replace && find_run(c, key)?.is_some() {
            return Ok(Created::Exists);
        }
        let (since, previous) = previous_lines(c, key)?;
        let rows = details::for_snapshot(c, key.payment_group, since)?;
        let details: Vec<_> = rows.iter().map(details::DetailRow::detail).collect();
        let snap: Vec<SnapshotDetail<'_>> = details
            .iter()
            .zip(&rows)
            .map(|(d, r)| SnapshotDetail {
                detail: d,
                counter: d.source == Source::Counter && since.is_none_or(|t| r.updated_at > t),
            })
            .collect();
        let lines = cjs_domain::deduction::snapshot::derive(
            key.occasion,
            key.month,
            &previous,
            &snap,
            config,
        );
        create_run_in(c, key, RunOrigin::Snapshot, &lines, replace, now)
    })
}

fn apply_list(
    q: deduction_lines::BoxedQuery<'_, Db>,
    list: LineList,
) -> deduction_lines::BoxedQuery<'_, Db> {
    use deduction_lines as l;
    let continued = Movement::Continued.as_str();
    let cancelled = Movement::Cancelled.as_str();
    match list {
        LineList::All => q,
        LineList::Counter => q
            .filter(l::counter.eq(true))
            .filter(l::movement.ne(continued)),
        LineList::Errors => q.filter(l::error.is_not_null()),
        LineList::Movements => q.filter(l::movement.ne(continued)),
        LineList::Stoppable => q
            .filter(l::movement.ne(cancelled))
            .filter(l::error.is_null()),
        LineList::WebUpdates => q.filter(
            l::stop_reason
                .is_not_null()
                .or(l::movement.ne(continued).and(l::counter.eq(false))),
        ),
        LineList::Results => q.filter(l::result.is_not_null()),
        LineList::Failed => q.filter(l::result.eq(Outcome::Failed.as_str())),
        LineList::KanaMismatch => q.filter(l::kana_mismatch.eq(true)),
    }
}

fn ordered(
    q: deduction_lines::BoxedQuery<'_, Db>,
    list: LineList,
) -> deduction_lines::BoxedQuery<'_, Db> {
    match list {
        LineList::Movements => q
            .order(sql::<Integer>(
                "CASE movement WHEN 'new' THEN 1 WHEN 'changed' THEN 2 ELSE 3 END",
            ))
            .then_order_by(deduction_lines::line_no.asc()),
        LineList::WebUpdates => q
            .order(sql::<Integer>(
                "CASE WHEN stop_reason IS NULL THEN 1 ELSE 0 END",
            ))
            .then_order_by(deduction_lines::line_no.asc()),
        _ => q.order(deduction_lines::line_no.asc()),
    }
}

/// One page of a list in the list's order, and the number of its lines.
pub fn lines_page(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    list: LineList,
    offset: i64,
    limit: i64,
) -> StoreResult<(i64, Vec<LineRow>)> {
    let total: i64 = match list {
        // Every line of the cycle: the counter the database's triggers keep with the lines.
        LineList::All => deduction_line_counts::table
            .filter(deduction_line_counts::payment_group.eq(key.payment_group))
            .filter(deduction_line_counts::occasion.eq(key.occasion.as_str()))
            .filter(deduction_line_counts::month.eq(key.month_date()))
            .select(deduction_line_counts::n)
            .first(conn)
            .optional()?
            .unwrap_or(0),
        _ => apply_list(lines_of(key), list).count().get_result(conn)?,
    };
    let rows = ordered(apply_list(lines_of(key), list), list)
        .limit(limit.clamp(1, 10_000))
        .offset(offset.max(0))
        .select(LineRow::as_select())
        .load(conn)?;
    Ok((total, rows))
}

/// For streaming a whole list (CSV, PDF) in flat memory: the next `limit` lines after
/// `after_line_no`, in line order.
pub fn lines_after(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    list: LineList,
    after_line_no: i32,
    limit: i64,
) -> StoreResult<Vec<LineRow>> {
    Ok(apply_list(lines_of(key), list)
        .filter(deduction_lines::line_no.gt(after_line_no))
        .order(deduction_lines::line_no.asc())
        .limit(limit.clamp(1, 10_000))
        .select(LineRow::as_select())
        .load(conn)?)
}

/// One line of the cycle.
pub fn line(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    line_no: i32,
) -> StoreResult<Option<LineRow>> {
    Ok(lines_of(key)
        .filter(deduction_lines::line_no.eq(line_no))
        .select(LineRow::as_select())
        .first(conn)
        .optional()?)
}

/// Totals of a list, summed by the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Lines of the list.
    pub lines: i64,
    /// Counted in the amount: not 解除, no error, no 入金中止.
    pub count: i64,
    pub amount: i64,
    pub error_count: i64,
    pub stopped_count: i64,
    pub stopped_amount: i64,
}

const REQUESTED: &str = "movement <> 'cancelled' AND error IS NULL AND stop_reason IS NULL";
const STOPPED: &str = "movement <> 'cancelled' AND error IS NULL AND stop_reason IS NOT NULL";

fn count_if(cond: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!(
        "COALESCE(CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT), 0)"
    ))
}

fn sum_if(cond: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!(
        "COALESCE(CAST(SUM(CASE WHEN {cond} THEN amount ELSE 0 END) AS BIGINT), 0)"
    ))
}

pub fn totals(conn: &mut DbConnection, key: &CycleKey<'_>, list: LineList) -> StoreResult<Totals> {
    let (lines, count, amount, error_count, stopped_count, stopped_amount) =
        apply_list(lines_of(key), list)
            .select((
                sql::<BigInt>("COUNT(*)"),
                count_if(REQUESTED),
                sum_if(REQUESTED),
                count_if("error IS NOT NULL"),
                count_if(STOPPED),
                sum_if(STOPPED),
            ))
            .get_result::<(i64, i64, i64, i64, i64, i64)>(conn)?;
    Ok(Totals {
        lines,
        count,
        amount,
        error_count,
        stopped_count,
        stopped_amount,
    })
}

/// まとめ入金の件数・金額: requested lines; excluded = 入金中止 and error lines (not 解除).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LumpTotals {
    pub count: i64,
    pub amount: i64,
    pub excluded_count: i64,
    pub excluded_amount: i64,
}

const EXCLUDED: &str = "movement <> 'cancelled' AND (error IS NOT NULL OR stop_reason IS NOT NULL)";

pub fn lump_totals(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<LumpTotals> {
    let (count, amount, excluded_count, excluded_amount) = lines_of(key)
        .select((
            count_if(REQUESTED),
            sum_if(REQUESTED),
            count_if(EXCLUDED),
            sum_if(EXCLUDED),
        ))
        .get_result::<(i64, i64, i64, i64)>(conn)?;
    Ok(LumpTotals {
        count,
        amount,
        excluded_count,
        excluded_amount,
    })
}

/// 企業宛控除依頼書: one row per employee (lines not 解除 and without an error are summed).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct EmployeeRow {
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    pub total: i64,
    pub count: i64,
    /// 1 when a line of the employee is not 継続.
    pub moved: i32,
}

const DEDUCTED: &str = "movement <> 'cancelled' AND error IS NULL";

/// One page of the employees (`moved_only`: 異動分), by 職員番号.
pub fn employees(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    moved_only: bool,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<EmployeeRow>> {
    use diesel::sql_types::{Bool, Nullable, Text};
    const MOVED: &str = "MAX(CASE WHEN movement <> 'continued' THEN 1 ELSE 0 END)";
    let q = deduction_lines::table
        .filter(deduction_lines::payment_group.eq(key.payment_group))
        .filter(deduction_lines::occasion.eq(key.occasion.as_str()))
        .filter(deduction_lines::month.eq(key.month_date()))
        .group_by(deduction_lines::employee_no)
        .select((
            deduction_lines::employee_no,
            sql::<Text>("MIN(kana_name)"),
            sql::<Nullable<Text>>("MIN(kanji_name)"),
            sum_if(DEDUCTED),
            count_if(DEDUCTED),
            sql::<Integer>(MOVED),
        ))
        .order(deduction_lines::employee_no.asc())
        .limit(limit.clamp(1, 100_000))
        .offset(offset.max(0));
    Ok(if moved_only {
        q.having(sql::<Bool>(&format!("{MOVED} = 1"))).load(conn)?
    } else {
        q.load(conn)?
    })
}

/// The cycle's 支給日, if the schedule still has the cycle.
fn payday(c: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Option<NaiveDate>> {
    Ok(cycles::table
        .filter(cycles::payment_group.eq(key.payment_group))
        .filter(cycles::occasion.eq(key.occasion.as_str()))
        .filter(cycles::month.eq(key.month_date()))
        .select(cycles::payday)
        .first(c)
        .optional()?)
}

/// The run and its 支給日, or `NoRun`.
fn facts(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<Result<(RunRow, RunFacts), Refusal>> {
    let (Some(run), Some(payday)) = (find_run(c, key)?, payday(c, key)?) else {
        return Ok(Err(Refusal::NoRun));
    };
    let f = RunFacts {
        state: run.lump_state,
        version: run.version,
        payday,
    };
    Ok(Ok((run, f)))
}

/// Raises the run's version while it is still 未確定: the first write of a 入金中止, so that a
/// confirmation committed in between is seen here (0 rows) before anything else is written.
fn bump_open(c: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<usize> {
    Ok(diesel::update(
        deduction_runs::table
            .filter(deduction_runs::payment_group.eq(key.payment_group))
            .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
            .filter(deduction_runs::month.eq(key.month_date()))
            .filter(deduction_runs::lump_state.eq(LumpState::Open.as_str())),
    )
    .set(deduction_runs::version.eq(deduction_runs::version + 1))
    .execute(c)?)
}

/// 入金中止 set (`Some`) or unset (`None`) on one line, under the rules of
/// `cjs_domain::deduction::plan_stop`; raises the run's version. A line that does not exist is
/// `StoreError::NotFound`.
pub fn set_stop(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    line_no: i32,
    stop: Option<&Stop>,
    by: Writer<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Result<LineRow, Refusal>> {
    crate::transaction(conn, |c| {
        let (_, run) = match facts(c, key)? {
            Ok(f) => f,
            Err(r) => return Ok(Err(r)),
        };
        let Some(l) = line(c, key, line_no)? else {
            return Err(StoreError::NotFound);
        };
        let today = jst(now).date_naive();
        let facts = LineFacts {
            movement: l.movement,
            error: l.error,
        };
        if let Err(r) = plan_stop(run, today, facts) {
            return Ok(Err(r));
        }
        if bump_open(c, key)? == 0 {
            // Confirmed (or taken) by someone else since it was read.
            return Ok(Err(match find_run(c, key)?.map(|r| r.lump_state) {
                Some(LumpState::Taken) => Refusal::Taken,
                Some(_) => Refusal::Confirmed,
                None => Refusal::NoRun,
            }));
        }
        let target = deduction_lines::table
            .filter(deduction_lines::payment_group.eq(key.payment_group))
            .filter(deduction_lines::occasion.eq(key.occasion.as_str()))
            .filter(deduction_lines::month.eq(key.month_date()))
            .filter(deduction_lines::line_no.eq(line_no));
        match stop {
            Some(s) => diesel::update(target)
                .set((
                    deduction_lines::stop_reason.eq(Some(s.reason.as_str())),
                    deduction_lines::stop_text.eq(s.text.as_deref()),
                    deduction_lines::stopped_by.eq(Some(by.user_name)),
                    deduction_lines::stopped_at.eq(Some(to_db(now))),
                ))
                .execute(c)?,
            None => diesel::update(target)
                .set((
                    deduction_lines::stop_reason.eq(None::<&str>),
                    deduction_lines::stop_text.eq(None::<&str>),
                    deduction_lines::stopped_by.eq(None::<&str>),
                    deduction_lines::stopped_at.eq(None::<NaiveDateTime>),
                ))
                .execute(c)?,
        };
        line(c, key, line_no)?.map(Ok).ok_or(StoreError::NotFound)
    })
}

/// まとめ入金確定: totals summed now and fixed on the run with the group's 入金先, on the
/// version the clerk saw.
pub fn confirm(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    expected_version: i32,
    by: Writer<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Result<RunRow, Refusal>> {
    crate::transaction(conn, |c| {
        let (_, run) = match facts(c, key)? {
            Ok(f) => f,
            Err(r) => return Ok(Err(r)),
        };
        let payee = payees::find_payee(c, key.payment_group)?;
        let next = match plan_confirm(
            run,
            expected_version,
            jst(now).date_naive(),
            payee.is_some(),
        ) {
            Ok(s) => s,
            Err(r) => return Ok(Err(r)),
        };
        let Some(p) = payee else {
            return Ok(Err(Refusal::NoPayee));
        };
        let t = lump_totals(c, key)?;
        let n = diesel::update(
            deduction_runs::table
                .filter(deduction_runs::payment_group.eq(key.payment_group))
                .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
                .filter(deduction_runs::month.eq(key.month_date()))
                .filter(deduction_runs::version.eq(expected_version)),
        )
        .set((
            deduction_runs::lump_state.eq(next.as_str()),
            deduction_runs::version.eq(expected_version + 1),
            deduction_runs::confirmed_count.eq(Some(t.count)),
            deduction_runs::confirmed_amount.eq(Some(t.amount)),
            deduction_runs::excluded_count.eq(Some(t.excluded_count)),
            deduction_runs::excluded_amount.eq(Some(t.excluded_amount)),
            deduction_runs::confirmed_by.eq(Some(by.user_name)),
            deduction_runs::confirmed_at.eq(Some(to_db(now))),
            deduction_runs::payee_branch_no.eq(Some(p.branch_no.as_str())),
            deduction_runs::payee_branch_name.eq(Some(p.branch_name.as_str())),
            deduction_runs::payee_account_kind.eq(Some(p.account_kind.as_str())),
            deduction_runs::payee_account_no.eq(Some(p.account_no.as_str())),
            deduction_runs::payee_account_name_kana.eq(Some(p.account_name_kana.as_str())),
        ))
        .execute(c)?;
        if n == 0 {
            return Ok(Err(Refusal::Stale));
        }
        find_run(c, key)?.map(Ok).ok_or(StoreError::NotFound)
    })
}

/// 確定の解除: back to 未確定, the fixed totals and 入金先 cleared.
pub fn undo(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    expected_version: i32,
) -> StoreResult<Result<RunRow, Refusal>> {
    crate::transaction(conn, |c| {
        let (_, run) = match facts(c, key)? {
            Ok(f) => f,
            Err(r) => return Ok(Err(r)),
        };
        let next = match plan_undo(run, expected_version) {
            Ok(s) => s,
            Err(r) => return Ok(Err(r)),
        };
        let n = diesel::update(
            deduction_runs::table
                .filter(deduction_runs::payment_group.eq(key.payment_group))
                .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
                .filter(deduction_runs::month.eq(key.month_date()))
                .filter(deduction_runs::version.eq(expected_version))
                .filter(deduction_runs::lump_state.eq(LumpState::Confirmed.as_str())),
        )
        .set((
            deduction_runs::lump_state.eq(next.as_str()),
            deduction_runs::version.eq(expected_version + 1),
            deduction_runs::confirmed_count.eq(None::<i64>),
            deduction_runs::confirmed_amount.eq(None::<i64>),
            deduction_runs::excluded_count.eq(None::<i64>),
            deduction_runs::excluded_amount.eq(None::<i64>),
            deduction_runs::confirmed_by.eq(None::<&str>),
            deduction_runs::confirmed_at.eq(None::<NaiveDateTime>),
            deduction_runs::payee_branch_no.eq(None::<&str>),
            deduction_runs::payee_branch_name.eq(None::<&str>),
            deduction_runs::payee_account_kind.eq(None::<&str>),
            deduction_runs::payee_account_no.eq(None::<&str>),
            deduction_runs::payee_account_name_kana.eq(None::<&str>),
        ))
        .execute(c)?;
        if n == 0 {
            return Ok(Err(Refusal::Stale));
        }
        find_run(c, key)?.map(Ok).ok_or(StoreError::NotFound)
    })
}

fn take_in(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    run: &RunRow,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(
        deduction_runs::table
            .filter(deduction_runs::payment_group.eq(key.payment_group))
            .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
            .filter(deduction_runs::month.eq(key.month_date()))
            .filter(deduction_runs::version.eq(run.version)),
    )
    .set((
        deduction_runs::lump_state.eq(LumpState::Taken.as_str()),
        deduction_runs::version.eq(run.version + 1),
        deduction_runs::taken_at.eq(Some(to_db(now))),
    ))
    .execute(c)?)
}

/// 金庫受付 (the bank's operator): 確定 → 金庫受付済.
pub fn mark_taken(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Result<RunRow, Refusal>> {
    crate::transaction(conn, |c| {
        let (row, run) = match facts(c, key)? {
            Ok(f) => f,
            Err(r) => return Ok(Err(r)),
        };
        if let Err(r) = plan_take(run) {
            return Ok(Err(r));
        }
        if take_in(c, key, &row, now)? == 0 {
            return Ok(Err(Refusal::Stale));
        }
        find_run(c, key)?.map(Ok).ok_or(StoreError::NotFound)
    })
}

/// Every line of the cycle, for matching a result file.
pub fn all_lines(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Vec<LineRow>> {
    Ok(lines_of(key)
        .order(deduction_lines::line_no.asc())
        .select(LineRow::as_select())
        .load(conn)?)
}

/// 結果データ: writes the matched results (`cjs_domain::deduction::results::match_results`) in
/// one transaction, sets 結果データ受信 on the cycle and the run 金庫受付済 if it was 確定. Refused
/// while 未確定. Results loaded again replace the earlier ones line by line.
pub fn load_results(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    results: &[LineResult],
    now: DateTime<Utc>,
) -> StoreResult<Result<usize, Refusal>> {
    crate::transaction(conn, |c| {
        let (row, run) = match facts(c, key)? {
            Ok(f) => f,
            Err(r) => return Ok(Err(r)),
        };
        match run.state {
            LumpState::Open => return Ok(Err(Refusal::NotConfirmed)),
            LumpState::Confirmed => {
                if take_in(c, key, &row, now)? == 0 {
                    return Ok(Err(Refusal::Stale));
                }
            }
            LumpState::Taken => {}
        }
        for r in results {
            diesel::update(
                deduction_lines::table
                    .filter(deduction_lines::payment_group.eq(key.payment_group))
                    .filter(deduction_lines::occasion.eq(key.occasion.as_str()))
                    .filter(deduction_lines::month.eq(key.month_date()))
                    .filter(deduction_lines::line_no.eq(r.line_no)),
            )
            .set((
                deduction_lines::result.eq(Some(r.outcome.as_str())),
                deduction_lines::result_reason.eq(r.reason.map(FailReason::as_str)),
                deduction_lines::result_text.eq(r.reason_text.as_deref()),
                deduction_lines::bank_kana.eq(r.bank_kana.as_deref()),
                deduction_lines::kana_mismatch.eq(r.kana_mismatch),
            ))
            .execute(c)?;
        }
        diesel::update(
            deduction_runs::table
                .filter(deduction_runs::payment_group.eq(key.payment_group))
                .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
                .filter(deduction_runs::month.eq(key.month_date())),
        )
        .set(deduction_runs::results_loaded_at.eq(Some(to_db(now))))
        .execute(c)?;
        diesel::update(
            cycles::table
                .filter(cycles::payment_group.eq(key.payment_group))
                .filter(cycles::occasion.eq(key.occasion.as_str()))
                .filter(cycles::month.eq(key.month_date())),
        )
        .set((
            cycles::result_received.eq(jst(now).date_naive()),
            cycles::updated_at.eq(to_db(now)),
        ))
        .execute(c)?;
        Ok(Ok(results.len()))
    })
}
