//! A cycle's 賃控元帳控除依頼: the run (header) and its lines, made from the 有効 lines
//! (`cjs_domain::ledger::run::derive`) in one transaction; the lists (pages, streaming, totals
//! summed by the database); results; and what the live 確認リスト and the combined list read.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use cjs_domain::deduction::{EmployeeNo, KanjiName, YearMonth};
use cjs_domain::kana::KanaName;
use cjs_domain::ledger::combined::DeductionRow;
use cjs_domain::ledger::results::RunLineKey;
use cjs_domain::ledger::run::{self, Person};
use cjs_domain::ledger::{
    FailReason, ItemCode, ItemKind, LineResult, LineState, Outcome, Refusal, RunLine, RunList,
};
use cjs_domain::schedule::Occasion;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use super::{BATCH, CycleKey, Db, Stamp, items, lines};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{
    deduction_details, deduction_lines, deduction_runs, ledger_lines, ledger_run_lines, ledger_runs,
};
use crate::time::to_db;
use crate::typed::{Month, Parsed, ParsedOpt};

/// The header of a cycle's 控除依頼.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = ledger_runs)]
pub struct RunRow {
    pub payment_group: String,
    #[diesel(deserialize_as = Parsed<Occasion>)]
    pub occasion: Occasion,
    #[diesel(deserialize_as = Month)]
    pub month: YearMonth,
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
    pub created_by_name: String,
    /// 件数 and 金額 at 作成 (SQL).
    pub line_count: i64,
    pub total: i64,
    /// The last time a result was recorded.
    pub results_at: Option<NaiveDateTime>,
    pub version: i32,
}

/// A run line as stored, with its result.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = ledger_run_lines)]
pub struct RunLineRow {
    pub line_no: i32,
    pub line_id: Option<String>,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = Parsed<KanjiName>)]
    pub kanji_name: KanjiName,
    #[diesel(deserialize_as = Parsed<ItemCode>)]
    pub item_code: ItemCode,
    pub item_name: String,
    #[diesel(deserialize_as = Parsed<ItemKind>)]
    pub item_kind: ItemKind,
    pub item_order: i32,
    pub amount: i64,
    #[diesel(deserialize_as = ParsedOpt<Outcome>)]
    pub result: Option<Outcome>,
    #[diesel(deserialize_as = ParsedOpt<FailReason>)]
    pub result_reason: Option<FailReason>,
    pub result_text: Option<String>,
    pub result_by: Option<String>,
    pub result_at: Option<NaiveDateTime>,
}

impl RunLineRow {
    /// The line as the domain's lists take it.
    pub fn run_line(&self) -> RunLine {
        RunLine {
            line_no: self.line_no,
            line_id: self.line_id.clone(),
            employee_no: self.employee_no.clone(),
            kana_name: self.kana_name.clone(),
            kanji_name: self.kanji_name.clone(),
            item_code: self.item_code.clone(),
            item_name: self.item_name.clone(),
            item_kind: self.item_kind,
            item_order: self.item_order,
            amount: self.amount,
        }
    }

    /// The line as result matching sees it.
    pub fn key(&self) -> RunLineKey<'_> {
        RunLineKey {
            line_no: self.line_no,
            employee_no: self.employee_no.as_str(),
            item_code: self.item_code.as_str(),
        }
    }
}

fn month(key: &CycleKey<'_>) -> NaiveDate {
    key.month.first_day()
}

fn run_filter<'a>(key: &CycleKey<'a>) -> ledger_runs::BoxedQuery<'a, Db> {
    ledger_runs::table
        .filter(ledger_runs::payment_group.eq(key.payment_group))
        .filter(ledger_runs::occasion.eq(key.occasion.as_str()))
        .filter(ledger_runs::month.eq(month(key)))
        .into_boxed()
}

fn lines_of<'a>(key: &CycleKey<'a>) -> ledger_run_lines::BoxedQuery<'a, Db> {
    ledger_run_lines::table
        .filter(ledger_run_lines::payment_group.eq(key.payment_group))
        .filter(ledger_run_lines::occasion.eq(key.occasion.as_str()))
        .filter(ledger_run_lines::month.eq(month(key)))
        .into_boxed()
}

fn listed(
    q: ledger_run_lines::BoxedQuery<'_, Db>,
    list: RunList,
) -> ledger_run_lines::BoxedQuery<'_, Db> {
    use ledger_run_lines as l;
    match list {
        RunList::All => q,
        RunList::Deducted => q.filter(l::result.eq(Outcome::Deducted.as_str())),
        RunList::Failed => q.filter(l::result.eq(Outcome::Failed.as_str())),
        RunList::Unrecorded => q.filter(l::result.is_null()),
    }
}

pub fn find(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Option<RunRow>> {
    Ok(run_filter(key)
        .select(RunRow::as_select())
        .first(conn)
        .optional()?)
}

/// The group's runs, newest month first.
pub fn list(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<RunRow>> {
    Ok(ledger_runs::table
        .filter(ledger_runs::payment_group.eq(group))
        .order((ledger_runs::month.desc(), ledger_runs::occasion.asc()))
        .select(RunRow::as_select())
        .load(conn)?)
}

/// The latest run of the same group and 支給区分 before the cycle's month (異動分's 前回).
pub fn previous(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Option<RunRow>> {
    Ok(ledger_runs::table
        .filter(ledger_runs::payment_group.eq(key.payment_group))
        .filter(ledger_runs::occasion.eq(key.occasion.as_str()))
        .filter(ledger_runs::month.lt(month(key)))
        .order(ledger_runs::month.desc())
        .select(RunRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every line of the run in line order (empty when there is no run).
pub fn lines(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Vec<RunLineRow>> {
    Ok(lines_of(key)
        .order(ledger_run_lines::line_no.asc())
        .select(RunLineRow::as_select())
        .load(conn)?)
}

/// The lines the group's ledger gives for the cycle now (the live 確認リスト).
pub fn live_lines(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Vec<RunLine>> {
    let items = items::catalogue(conn, key.payment_group)?;
    let active = lines::active(conn, key.payment_group)?;
    Ok(run::derive(&active, &items, key.occasion, key.month))
}

fn insert_lines(c: &mut DbConnection, key: &CycleKey<'_>, lines: &[RunLine]) -> StoreResult<()> {
    use ledger_run_lines as l;
    let m = month(key);
    for chunk in lines.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    l::payment_group.eq(key.payment_group),
                    l::occasion.eq(key.occasion.as_str()),
                    l::month.eq(m),
                    l::line_no.eq(r.line_no),
                    l::line_id.eq(r.line_id.as_deref()),
                    l::employee_no.eq(r.employee_no.as_str()),
                    l::kana_name.eq(r.kana_name.as_str()),
                    l::kanji_name.eq(r.kanji_name.as_str()),
                    l::item_code.eq(r.item_code.as_str()),
                    l::item_name.eq(r.item_name.as_str()),
                    l::item_kind.eq(r.item_kind.as_str()),
                    l::item_order.eq(r.item_order),
                    l::amount.eq(r.amount),
                )
            })
            .collect();
        crate::deduction::batch_insert!(c, l::table, rows)?;
    }
    Ok(())
}

/// 作成 / 作成し直し: the snapshot of the 有効 lines for the cycle, read and written in one
/// transaction. Refused: a run exists and `replace` is false (E1036); results are recorded
/// (E1035); no line gives an amount (E1037).
pub fn create(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    replace: bool,
    stamp: &Stamp<'_>,
) -> StoreResult<Result<RunRow, Refusal>> {
    super::write_tx(conn, |c| {
        let existing = find(c, key)?;
        let mut version = 1;
        if let Some(run) = &existing {
            if !replace {
                return Ok(Err(Refusal::RunExists));
            }
            let recorded: i64 = lines_of(key)
                .filter(ledger_run_lines::result.is_not_null())
                .count()
                .get_result(c)?;
            if recorded > 0 {
                return Ok(Err(Refusal::ResultsRecorded));
            }
            version = run.version + 1;
        }
        let derived = live_lines(c, key)?;
        if derived.is_empty() {
            return Ok(Err(Refusal::NothingToRequest));
        }
        if existing.is_some() {
            diesel::delete(
                ledger_run_lines::table
                    .filter(ledger_run_lines::payment_group.eq(key.payment_group))
                    .filter(ledger_run_lines::occasion.eq(key.occasion.as_str()))
                    .filter(ledger_run_lines::month.eq(month(key))),
            )
            .execute(c)?;
            diesel::delete(
                ledger_runs::table
                    .filter(ledger_runs::payment_group.eq(key.payment_group))
                    .filter(ledger_runs::occasion.eq(key.occasion.as_str()))
                    .filter(ledger_runs::month.eq(month(key))),
            )
            .execute(c)?;
        }
        diesel::insert_into(ledger_runs::table)
            .values((
                ledger_runs::payment_group.eq(key.payment_group),
                ledger_runs::occasion.eq(key.occasion.as_str()),
                ledger_runs::month.eq(month(key)),
                ledger_runs::created_at.eq(to_db(stamp.now)),
                ledger_runs::created_by.eq(stamp.writer.user_id),
                ledger_runs::created_by_name.eq(stamp.writer.user_name),
                ledger_runs::line_count.eq(0_i64),
                ledger_runs::total.eq(0_i64),
                ledger_runs::version.eq(version),
            ))
            .execute(c)?;
        insert_lines(c, key, &derived)?;
        let t = totals(c, key, RunList::All)?;
        diesel::update(
            ledger_runs::table
                .filter(ledger_runs::payment_group.eq(key.payment_group))
                .filter(ledger_runs::occasion.eq(key.occasion.as_str()))
                .filter(ledger_runs::month.eq(month(key))),
        )
        .set((
            ledger_runs::line_count.eq(t.lines),
            ledger_runs::total.eq(t.amount),
        ))
        .execute(c)?;
        Ok(Ok(find(c, key)?.ok_or(StoreError::NotFound)?))
    })
}

/// One page of a list in line order, and the number of its lines.
pub fn lines_page(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    list: RunList,
    offset: i64,
    limit: i64,
) -> StoreResult<(i64, Vec<RunLineRow>)> {
    let total: i64 = match list {
        // Every line: the run's `line_count`, written with its lines in one transaction.
        RunList::All => ledger_runs::table
            .filter(ledger_runs::payment_group.eq(key.payment_group))
            .filter(ledger_runs::occasion.eq(key.occasion.as_str()))
            .filter(ledger_runs::month.eq(month(key)))
            .select(ledger_runs::line_count)
            .first(conn)
            .optional()?
            .unwrap_or(0),
        _ => listed(lines_of(key), list).count().get_result(conn)?,
    };
    let rows = listed(lines_of(key), list)
        .order(ledger_run_lines::line_no.asc())
        .limit(limit.clamp(1, 10_000))
        .offset(offset.max(0))
        .select(RunLineRow::as_select())
        .load(conn)?;
    Ok((total, rows))
}

/// For streaming a whole list (CSV, PDF) in flat memory: the next `limit` lines after
/// `after_line_no`, in line order.
pub fn lines_after(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    list: RunList,
    after_line_no: i32,
    limit: i64,
) -> StoreResult<Vec<RunLineRow>> {
    Ok(listed(lines_of(key), list)
        .filter(ledger_run_lines::line_no.gt(after_line_no))
        .order(ledger_run_lines::line_no.asc())
        .limit(limit.clamp(1, 10_000))
        .select(RunLineRow::as_select())
        .load(conn)?)
}

/// Totals of a list, summed by the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunTotals {
    pub lines: i64,
    pub amount: i64,
    /// Distinct 職員番号.
    pub employees: i64,
    pub deducted_count: i64,
    pub deducted_amount: i64,
    pub failed_count: i64,
    pub failed_amount: i64,
    pub unrecorded_count: i64,
    pub unrecorded_amount: i64,
}

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

pub fn totals(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    list: RunList,
) -> StoreResult<RunTotals> {
    const DEDUCTED: &str = "result = 'deducted'";
    const FAILED: &str = "result = 'failed'";
    const UNRECORDED: &str = "result IS NULL";
    #[allow(clippy::type_complexity)]
    let (lines, amount, employees, dc, da, fc, fa, uc, ua): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = listed(lines_of(key), list)
        .select((
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>("COALESCE(CAST(SUM(amount) AS BIGINT), 0)"),
            sql::<BigInt>("COUNT(DISTINCT employee_no)"),
            count_if(DEDUCTED),
            sum_if(DEDUCTED),
            count_if(FAILED),
            sum_if(FAILED),
            count_if(UNRECORDED),
            sum_if(UNRECORDED),
        ))
        .get_result(conn)?;
    Ok(RunTotals {
        lines,
        amount,
        employees,
        deducted_count: dc,
        deducted_amount: da,
        failed_count: fc,
        failed_amount: fa,
        unrecorded_count: uc,
        unrecorded_amount: ua,
    })
}

/// 結果, 不能理由, its text: the values one UPDATE sets.
type ResultKey<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// Records results (screen or file) in one transaction: every line named gets its result (or
/// loses it: `result: None`); the run's version goes up and 結果登録日時 is set.
/// `expected_version`: the run's version the screen read (E1010 when it moved); the file import
/// passes `None`. No run: `Err(NoRun)`.
pub fn set_results(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    expected_version: Option<i32>,
    results: &[LineResult],
    stamp: &Stamp<'_>,
) -> StoreResult<Result<RunRow, Refusal>> {
    use ledger_run_lines as l;
    let at = to_db(stamp.now);
    super::write_tx(conn, |c| {
        let Some(run) = find(c, key)? else {
            return Ok(Err(Refusal::NoRun));
        };
        if expected_version.is_some_and(|v| v != run.version) {
            return Ok(Err(Refusal::Stale));
        }
        // One UPDATE per distinct result, over batches of line numbers.
        let mut groups: BTreeMap<ResultKey<'_>, Vec<i32>> = BTreeMap::new();
        for r in results {
            groups
                .entry((
                    r.result.map(Outcome::as_str),
                    r.reason.map(FailReason::as_str),
                    r.text.as_deref(),
                ))
                .or_default()
                .push(r.line_no);
        }
        for ((result, reason, text), line_nos) in &groups {
            let who = result.map(|_| stamp.writer.user_name);
            let when = result.map(|_| at);
            for chunk in line_nos.chunks(BATCH) {
                diesel::update(
                    l::table
                        .filter(l::payment_group.eq(key.payment_group))
                        .filter(l::occasion.eq(key.occasion.as_str()))
                        .filter(l::month.eq(month(key)))
                        .filter(l::line_no.eq_any(chunk)),
                )
                .set((
                    l::result.eq(*result),
                    l::result_reason.eq(*reason),
                    l::result_text.eq(*text),
                    l::result_by.eq(who),
                    l::result_at.eq(when),
                ))
                .execute(c)?;
            }
        }
        let n = diesel::update(
            ledger_runs::table
                .filter(ledger_runs::payment_group.eq(key.payment_group))
                .filter(ledger_runs::occasion.eq(key.occasion.as_str()))
                .filter(ledger_runs::month.eq(month(key)))
                .filter(ledger_runs::version.eq(run.version)),
        )
        .set((
            ledger_runs::version.eq(run.version + 1),
            ledger_runs::results_at.eq(at),
        ))
        .execute(c)?;
        if n == 0 {
            return Ok(Err(Refusal::Stale));
        }
        Ok(Ok(find(c, key)?.ok_or(StoreError::NotFound)?))
    })
}

/// The amount a line gives in the cycle's month, as SQL (the 適用月 rule of
/// `cjs_domain::ledger::Line::amount`; period, state and item flags are filtered separately).
/// The month is a date we format ourselves, written into the SQL as a literal.
fn amount_sql(occasion: Occasion, m: NaiveDate) -> String {
    let col = match occasion {
        Occasion::Monthly => "monthly",
        Occasion::Summer => "summer",
        Occasion::YearEnd => "year_end",
    };
    let m = m.format("%Y-%m-%d");
    format!(
        "(CASE WHEN ledger_lines.amounts_from <= '{m}' THEN ledger_lines.amount_{col} \
         ELSE COALESCE(ledger_lines.prior_{col}, ledger_lines.amount_{col}) END)"
    )
}

/// The 有効 lines in period for the cycle, of an item that has the occasion, giving > 0.
/// The 有効 lines in period for the cycle, of an item that has the occasion, giving > 0 (an
/// unboxed query, so that it can be grouped).
macro_rules! live_lines_of {
    ($key:expr) => {{
        let key: &CycleKey<'_> = $key;
        let m = month(key);
        let flag = match key.occasion {
            Occasion::Monthly => "monthly",
            Occasion::Summer | Occasion::YearEnd => "bonus",
        };
        ledger_lines::table
            .filter(ledger_lines::payment_group.eq(key.payment_group))
            .filter(ledger_lines::state.eq(LineState::Active.as_str()))
            .filter(ledger_lines::start_month.le(m))
            .filter(
                ledger_lines::end_month
                    .is_null()
                    .or(ledger_lines::end_month.ge(m)),
            )
            .filter(sql::<Bool>(&format!(
                "ledger_lines.item_id IN (SELECT id FROM ledger_items WHERE {flag})"
            )))
            .filter(sql::<Bool>(&format!("{} > 0", amount_sql(key.occasion, m))))
    }};
}

/// The live cycle's figures (内訳リスト's foot), summed by the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LiveTotals {
    pub employees: i64,
    pub count: i64,
    pub amount: i64,
}

pub fn live_totals(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<LiveTotals> {
    let amount = amount_sql(key.occasion, month(key));
    let (employees, count, amount): (i64, i64, i64) = live_lines_of!(key)
        .select((
            sql::<BigInt>("COUNT(DISTINCT ledger_lines.employee_no)"),
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>(&format!("COALESCE(CAST(SUM({amount}) AS BIGINT), 0)")),
        ))
        .get_result(conn)?;
    Ok(LiveTotals {
        employees,
        count,
        amount,
    })
}

/// One row of the 賃控元帳種目合計リスト.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTotal {
    pub item: items::ItemRow,
    pub count: i64,
    pub amount: i64,
}

/// Every item of the group (表示順, code), with the live cycle's count and amount (0 included).
pub fn live_item_totals(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<Vec<ItemTotal>> {
    let amount = amount_sql(key.occasion, month(key));
    let sums: Vec<(String, i64, i64)> = live_lines_of!(key)
        .group_by(ledger_lines::item_id)
        .select((
            ledger_lines::item_id,
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>(&format!("COALESCE(CAST(SUM({amount}) AS BIGINT), 0)")),
        ))
        .load(conn)?;
    let sums: std::collections::HashMap<String, (i64, i64)> =
        sums.into_iter().map(|(id, n, a)| (id, (n, a))).collect();
    Ok(items::list(conn, key.payment_group)?
        .into_iter()
        .map(|item| {
            let (count, amount) = sums.get(&item.id).copied().unwrap_or((0, 0));
            ItemTotal {
                item,
                count,
                amount,
            }
        })
        .collect())
}

/// The 労金控除 people of the group (有効 details, distinct 職員番号 + カナ氏名), for the 相違リスト.
pub fn deduction_people(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<Person>> {
    let rows: Vec<(String, String)> = deduction_details::table
        .filter(deduction_details::payment_group.eq(group))
        .filter(deduction_details::state.eq(LineState::Active.as_str()))
        .select((deduction_details::employee_no, deduction_details::kana_name))
        .distinct()
        .order((
            deduction_details::employee_no.asc(),
            deduction_details::kana_name.asc(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(employee_no, kana_name)| Person {
            employee_no,
            kana_name,
        })
        .collect())
}

/// The cycle's 労金控除 request lines that count (not 解除, no error) in line order, or `None`
/// when the cycle has no 労金控除 data (the combined list then keeps the ledger's 労金 items).
pub fn deduction_rows(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<Option<Vec<DeductionRow>>> {
    use deduction_lines as d;
    let exists: i64 = deduction_runs::table
        .filter(deduction_runs::payment_group.eq(key.payment_group))
        .filter(deduction_runs::occasion.eq(key.occasion.as_str()))
        .filter(deduction_runs::month.eq(month(key)))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        return Ok(None);
    }
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        String,
        i64,
    )> = d::table
        .filter(d::payment_group.eq(key.payment_group))
        .filter(d::occasion.eq(key.occasion.as_str()))
        .filter(d::month.eq(month(key)))
        .filter(d::movement.ne("cancelled"))
        .filter(d::error.is_null())
        .order(d::line_no.asc())
        .select((
            d::employee_no,
            d::kana_name,
            d::kanji_name,
            d::product_code,
            d::product_name,
            d::branch_no,
            d::account_no,
            d::amount,
        ))
        .load(conn)?;
    Ok(Some(
        rows.into_iter()
            .map(
                |(
                    employee_no,
                    kana_name,
                    kanji_name,
                    product_code,
                    product_name,
                    branch_no,
                    account_no,
                    amount,
                )| {
                    DeductionRow {
                        employee_no,
                        kana_name,
                        kanji_name,
                        product_code,
                        product_name,
                        branch_no,
                        account_no,
                        amount,
                    }
                },
            )
            .collect(),
    ))
}
