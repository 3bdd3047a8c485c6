//! Rows to the API's views, and the loaders the routes share: what a list reads (checked for its
//! run: E1034), what an import reads from a file (the CSV layer's problems and the rules' in one
//! list), what a result recording and a 一括更新 plan. One place, so every route shows a line,
//! a run or a problem the same way.

use chrono::{DateTime, Utc};
use cjs_api_types::ledger::{
    AmountsView, BreakdownRow, BulkChangeView, BulkPreview, BulkProblemView, BulkRequest,
    CheckList, CheckPage, CheckTotals, CombinedRequest, HistoryChangeView, HistoryView, ImportMode,
    ImportReport, ItemTotalRow, ItemView, LineView, MismatchList, MismatchView, MovementRow,
    MovementTotal, ResultInput, RowProblem, RunLinePage, RunLineView, RunTotals, RunView,
    StateFilter, refusal_code,
};
use cjs_domain::deduction::{Amounts, YearMonth};
use cjs_domain::ledger::bulk::{BulkPlan, BulkSpec};
use cjs_domain::ledger::combined::{self, CombinedTotals, DeductionRow, EmployeeBlock};
use cjs_domain::ledger::import::{HEADER, ImportRow};
use cjs_domain::ledger::results::{RESULT_HEADER, RunLineKey, plan_file, plan_screen};
use cjs_domain::ledger::run::{self, Mismatch, RunLine};
use cjs_domain::ledger::{LineState, Movement, Refusal, RunList};
use cjs_domain::rules::Field;
use cjs_reports::import::{CsvImport, Detected, ImportProblem};
use cjs_store::ledger::items::ItemRow;
use cjs_store::ledger::lines::{self, HistoryRow, LineRow};
use cjs_store::ledger::runs::{self, RunLineRow, RunRow};
use cjs_store::ledger::{CycleKey, Stamp, Writer, items};
use cjs_store::time::{from_db, opt_from_db};
use cjs_store::{DbConnection, StoreResult};

use super::{CyclePath, refused};
use crate::error::AppError;

// ---- Items and lines ----

pub fn item_view(r: &ItemRow, used_by: i64) -> ItemView {
    ItemView {
        id: r.id.clone(),
        item_code: r.code.to_string(),
        item_name: r.name.to_string(),
        display_order: r.display_order,
        kind: r.kind,
        kind_label: r.kind.label().to_owned(),
        monthly: r.monthly,
        bonus: r.bonus,
        used_by,
        version: r.version,
        updated_at: from_db(r.updated_at),
    }
}

pub fn line_view(r: &LineRow) -> LineView {
    LineView {
        id: r.id.clone(),
        employee_no: r.employee_no.to_string(),
        kana_name: r.kana_name.to_string(),
        kanji_name: r.kanji_name.to_string(),
        item_id: r.item_id.clone(),
        item_code: r.item_code.to_string(),
        item_name: r.item_name.to_string(),
        amount_monthly: r.amounts.monthly,
        amount_summer: r.amounts.summer,
        amount_year_end: r.amounts.year_end,
        start_month: r.start_month,
        end_month: r.end_month,
        amounts_from: r.amounts_from,
        prior_monthly: r.prior.map(|p| p.monthly),
        prior_summer: r.prior.map(|p| p.summer),
        prior_year_end: r.prior.map(|p| p.year_end),
        state: r.state,
        state_label: r.state.label().to_owned(),
        version: r.version,
        updated_at: from_db(r.updated_at),
    }
}

pub fn history_view(h: HistoryRow) -> HistoryView {
    HistoryView {
        line_id: h.line_id,
        version: h.version,
        at: from_db(h.at),
        user_id: h.user_id,
        user_name: h.user_name,
        operation: h.operation,
        operation_label: h.operation.label().to_owned(),
        screen_id: h.screen_id,
        employee_no: h.employee_no,
        kana_name: h.kana_name,
        item_code: h.item_code,
        changes: h
            .changes
            .iter()
            .map(|c| HistoryChangeView {
                field: c.field,
                label: c.field.label().to_owned(),
                before: c.before.clone(),
                after: c.after.clone(),
            })
            .collect(),
    }
}

/// 状態 of the search (`all`: no condition).
pub fn state_filter(f: StateFilter) -> Option<LineState> {
    match f {
        StateFilter::Active => Some(LineState::Active),
        StateFilter::Cancelled => Some(LineState::Cancelled),
        StateFilter::All => None,
    }
}

/// A `YYYY-MM` month given in a request (`None` or blank: not given).
pub fn month_opt(s: Option<&str>, field: Field) -> Result<Option<YearMonth>, Refusal> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(YearMonth::parse_as(field, s)?)),
    }
}

/// A month a request must give (E1001 naming it when it does not).
pub fn month_required(s: Option<&str>, field: Field) -> Result<YearMonth, Refusal> {
    month_opt(s, field)?.ok_or(Refusal::Rule(cjs_domain::RuleError::Required(field)))
}

/// The clerk as the store's history names them, on a screen, now.
pub fn stamp<'a>(
    user_id: &'a str,
    user_name: &'a str,
    screen: &'a str,
    now: DateTime<Utc>,
) -> Stamp<'a> {
    Stamp {
        writer: Writer {
            user_id: Some(user_id),
            user_name,
        },
        screen,
        now,
    }
}

/// Every 有効 line of the group in the export's order (職員番号, 種目表示順, 種目コード).
pub fn export_rows(c: &mut DbConnection, group: &str) -> StoreResult<Vec<LineRow>> {
    const EMPLOYEES: i64 = 2_000;
    let mut out: Vec<LineRow> = Vec::new();
    loop {
        let after = out.last().map(|r| r.employee_no.to_string());
        let page = lines::export_page(c, group, after.as_deref(), EMPLOYEES)?;
        if page.is_empty() {
            return Ok(out);
        }
        out.extend(page);
    }
}

// ---- Files brought in ----

/// A file as the CSV layer read it: the records that parsed (as the domain's rows), the
/// problems of its form, and the encoding found.
pub struct ParsedFile {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<RowProblem>,
    pub encoding: &'static str,
}

impl ParsedFile {
    /// Data rows, parsed or not (for the log).
    pub fn rows(&self) -> usize {
        self.rows.len() + self.rows_with_problems()
    }
}

fn row_problem(p: &ImportProblem) -> RowProblem {
    RowProblem {
        line: p.line,
        column: p.column,
        item: p.column_name.clone().filter(|n| !n.is_empty()),
        reason: p.reason.to_string(),
    }
}

fn parse_file(bytes: &[u8], header: &[&str]) -> ParsedFile {
    let import = CsvImport::parse(bytes, header);
    let encoding = match import.detected {
        Detected::Cp932 => "cp932",
        Detected::Utf8 => "utf8",
        Detected::Utf8Bom => "utf8_bom",
    };
    let (records, problems) = import.into_parts();
    ParsedFile {
        rows: records
            .into_iter()
            .map(|r| ImportRow {
                line: r.line,
                cells: r.fields().to_vec(),
            })
            .collect(),
        problems: problems.iter().map(row_problem).collect(),
        encoding,
    }
}

/// 賃控元帳明細データ (`docs/ledger.md` §6.2).
pub fn parse_lines_file(bytes: &[u8]) -> ParsedFile {
    parse_file(bytes, &HEADER)
}

/// 控除結果データ (`docs/ledger.md` §6.4).
pub fn parse_results_file(bytes: &[u8]) -> ParsedFile {
    parse_file(bytes, &RESULT_HEADER)
}

/// The file's problems and the rules' in file order.
fn merged(mut a: Vec<RowProblem>, b: Vec<RowProblem>) -> Vec<RowProblem> {
    a.extend(b);
    a.sort_by_key(|p| (p.line, p.column.unwrap_or(usize::MAX)));
    a
}

/// E1038 with the report (every problem) as its details.
fn file_refused(report: &ImportReport) -> AppError {
    AppError::new(cjs_api_types::ErrorCode::E1038)
        .item(report.problems.len().to_string())
        .details(serde_json::to_value(report).unwrap_or_default())
}

/// 明細データインポート: planned (and with `by`, written) in the caller's transaction; apply with
/// any problem (the file's form or the rules) is E1038 with the report and writes nothing.
pub fn import_lines(
    c: &mut DbConnection,
    group: &str,
    file: &ParsedFile,
    amounts_from: YearMonth,
    stamp: Option<&Stamp<'_>>,
) -> StoreResult<Result<ImportReport, AppError>> {
    let checking = stamp.is_none() || !file.problems.is_empty();
    let mode = if checking {
        lines::ImportMode::Check
    } else {
        lines::ImportMode::Apply
    };
    // A dry run writes nothing, so any writer does.
    let nobody = self::stamp("", "", "", chrono::DateTime::<Utc>::UNIX_EPOCH);
    let out = match lines::import(
        c,
        group,
        &file.rows,
        amounts_from,
        mode,
        stamp.unwrap_or(&nobody),
    )? {
        Ok(r) => r,
        Err(r) => return Ok(Err(refused(r))),
    };
    let report = ImportReport {
        mode: if stamp.is_some() {
            ImportMode::Apply
        } else {
            ImportMode::Check
        },
        applied: out.applied,
        encoding: file.encoding.to_owned(),
        rows: count(out.rows + file.rows_with_problems()),
        new: count(out.new),
        changed: count(out.changed),
        unchanged: count(out.unchanged),
        problems: merged(file.problems.clone(), out.problems),
    };
    if stamp.is_some() && !report.applied {
        return Ok(Err(file_refused(&report)));
    }
    Ok(Ok(report))
}

impl ParsedFile {
    /// Data lines left out of `rows` for a problem of their form.
    fn rows_with_problems(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.line > 1)
            .map(|p| p.line)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

// ---- 一括更新 ----

/// The plan of a 一括更新 over the group's lines as they are.
pub fn bulk_plan(
    c: &mut DbConnection,
    group: &str,
    request: &BulkRequest,
) -> StoreResult<Result<BulkPlan, Refusal>> {
    let items = items::catalogue(c, group)?;
    let spec = match BulkSpec::parse(request, &items) {
        Ok(s) => s,
        Err(r) => return Ok(Err(r)),
    };
    Ok(Ok(lines::preview_bulk(c, group, &spec)?))
}

/// The spec of a 一括更新 against the group's items.
pub fn bulk_spec(
    c: &mut DbConnection,
    group: &str,
    request: &BulkRequest,
) -> StoreResult<Result<BulkSpec, Refusal>> {
    let items = items::catalogue(c, group)?;
    Ok(BulkSpec::parse(request, &items))
}

fn amounts(a: Amounts) -> AmountsView {
    AmountsView {
        monthly: a.monthly,
        summer: a.summer,
        year_end: a.year_end,
    }
}

/// The code and message of a refusal as a problem row shows it.
fn refusal_text(r: &Refusal) -> (String, String) {
    let code = match refusal_code(r) {
        Some((code, _)) => code,
        None => match r {
            Refusal::Rule(e) => AppError::from(e.clone()).code,
            _ => cjs_api_types::ErrorCode::E1000,
        },
    };
    (code.as_str().to_owned(), r.to_string())
}

pub fn bulk_preview(plan: &BulkPlan) -> BulkPreview {
    BulkPreview {
        count: count(plan.changes.len()),
        changes: plan
            .changes
            .iter()
            .map(|c| BulkChangeView {
                line_id: c.line_id.clone(),
                employee_no: c.change.fields.employee_no.to_string(),
                kana_name: c.change.fields.kana_name.to_string(),
                kanji_name: c.change.fields.kanji_name.to_string(),
                before: amounts(c.before),
                after: amounts(c.after),
            })
            .collect(),
        problems: plan
            .problems
            .iter()
            .map(|p| {
                let (code, message) = refusal_text(&p.reason);
                BulkProblemView {
                    line_id: p.line_id.clone(),
                    employee_no: p.employee_no.clone(),
                    kana_name: p.kana_name.clone(),
                    code,
                    message,
                }
            })
            .collect(),
        fingerprint: plan.fingerprint.clone(),
    }
}

// ---- Runs ----

fn run_totals(t: &runs::RunTotals) -> RunTotals {
    RunTotals {
        employees: t.employees,
        lines: t.lines,
        amount: t.amount,
        deducted_count: t.deducted_count,
        deducted_amount: t.deducted_amount,
        failed_count: t.failed_count,
        failed_amount: t.failed_amount,
        unrecorded_count: t.unrecorded_count,
        unrecorded_amount: t.unrecorded_amount,
    }
}

pub fn run_view(r: &RunRow, totals: &runs::RunTotals) -> RunView {
    RunView {
        occasion: r.occasion,
        occasion_label: r.occasion.label().to_owned(),
        month: r.month,
        created_at: from_db(r.created_at),
        created_by: r.created_by.clone(),
        created_by_name: r.created_by_name.clone(),
        line_count: r.line_count,
        total: r.total,
        results_at: opt_from_db(r.results_at),
        version: r.version,
        totals: run_totals(totals),
    }
}

fn key_of<'a>(r: &'a RunRow) -> CycleKey<'a> {
    CycleKey {
        payment_group: &r.payment_group,
        occasion: r.occasion,
        month: r.month,
    }
}

/// The group's runs, newest first, with their totals.
pub fn runs_of(c: &mut DbConnection, group: &str) -> StoreResult<Vec<RunView>> {
    let mut out = Vec::new();
    for r in runs::list(c, group)? {
        let t = runs::totals(c, &key_of(&r), RunList::All)?;
        out.push(run_view(&r, &t));
    }
    Ok(out)
}

/// The cycle's run, or E1034.
pub fn run_row(c: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Result<RunRow, AppError>> {
    Ok(runs::find(c, key)?.ok_or_else(|| refused(Refusal::NoRun)))
}

/// The cycle's run as the API shows it, or E1034.
pub fn run_of(c: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Result<RunView, AppError>> {
    let run = match run_row(c, key)? {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let t = runs::totals(c, key, RunList::All)?;
    Ok(Ok(run_view(&run, &t)))
}

pub fn run_line_view(r: &RunLineRow) -> RunLineView {
    RunLineView {
        line_no: r.line_no,
        line_id: r.line_id.clone(),
        employee_no: r.employee_no.to_string(),
        kana_name: r.kana_name.to_string(),
        kanji_name: r.kanji_name.to_string(),
        item_code: r.item_code.to_string(),
        item_name: r.item_name.clone(),
        item_kind: r.item_kind,
        item_kind_label: r.item_kind.label().to_owned(),
        amount: r.amount,
        result: r.result,
        result_label: r.result.map(|o| o.label()).unwrap_or_default().to_owned(),
        result_reason: r.result_reason,
        result_reason_label: r.result_reason.map(|x| x.display(r.result_text.as_deref())),
        result_text: r.result_text.clone(),
        result_by: r.result_by.clone(),
        result_at: opt_from_db(r.result_at),
    }
}

/// One page of a run's lines with the run's totals, or E1034.
pub fn run_line_page(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    list: RunList,
    page: u32,
    per_page: u32,
) -> StoreResult<Result<RunLinePage, AppError>> {
    let run = match run_row(c, key)? {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let (offset, limit) = super::slice(page, per_page);
    let (total, rows) = runs::lines_page(c, key, list, offset, limit)?;
    let t = runs::totals(c, key, RunList::All)?;
    Ok(Ok(RunLinePage {
        occasion: key.occasion,
        month: key.month,
        list,
        title: list.label().to_owned(),
        total,
        page,
        per_page,
        items: rows.iter().map(run_line_view).collect(),
        totals: run_totals(&t),
        version: run.version,
    }))
}

/// A run and every line of `list` (for a file), or E1034.
pub fn run_rows(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    list: RunList,
) -> StoreResult<Result<(RunRow, Vec<RunLineRow>), AppError>> {
    let run = match run_row(c, key)? {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let mut rows: Vec<RunLineRow> = Vec::new();
    loop {
        let after = rows.last().map_or(0, |r| r.line_no);
        let page = runs::lines_after(c, key, list, after, 5_000)?;
        if page.is_empty() {
            return Ok(Ok((run, rows)));
        }
        rows.extend(page);
    }
}

/// The 相違 of a run against the group's 有効 労金控除 details, or E1034.
pub fn mismatches(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<Result<Vec<Mismatch>, AppError>> {
    let (_, rows) = match run_rows(c, key, RunList::All)? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let lines: Vec<RunLine> = rows.iter().map(RunLineRow::run_line).collect();
    let people = runs::deduction_people(c, key.payment_group)?;
    Ok(Ok(run::mismatches(&lines, &people)))
}

pub fn mismatch_list(rows: &[Mismatch], path: CyclePath) -> MismatchList {
    let n = |k| count(rows.iter().filter(|m| m.kind == k).count());
    MismatchList {
        occasion: path.occasion,
        month: path.month,
        kana_count: n(cjs_domain::ledger::MismatchKind::Kana),
        digits_count: n(cjs_domain::ledger::MismatchKind::Digits),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, m)| MismatchView {
                no: count(i + 1),
                kind: m.kind,
                kind_label: m.kind.label().to_owned(),
                ledger_employee_no: m.employee_no.clone(),
                ledger_kana_name: m.kana_name.clone(),
                deduction_employee_no: m.deduction_employee_no.clone(),
                deduction_kana_name: m.deduction_kana_name.clone(),
                kanji_name: m.kanji_name.clone(),
            })
            .collect(),
    }
}

// ---- Results ----

/// 結果登録 on screen, in the caller's transaction: E1034 without a run, E1038 (with every
/// problem) for a bad entry, E1010 on a stale version; the run as it is afterwards.
pub fn record_results(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    version: i32,
    inputs: &[ResultInput],
    stamp: &Stamp<'_>,
) -> StoreResult<Result<RunView, AppError>> {
    let (_, rows) = match run_rows(c, key, RunList::All)? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let keys: Vec<RunLineKey<'_>> = rows.iter().map(RunLineRow::key).collect();
    let results = match plan_screen(&keys, inputs) {
        Ok(r) => r,
        Err(problems) => {
            return Ok(Err(AppError::new(cjs_api_types::ErrorCode::E1038)
                .item(problems.len().to_string())
                .details(serde_json::json!({ "problems": problems }))));
        }
    };
    if let Err(r) = runs::set_results(c, key, Some(version), &results, stamp)? {
        return Ok(Err(refused(r)));
    }
    run_of(c, key)
}

/// 控除結果データ取込: planned (and with `stamp`, recorded) in the caller's transaction.
pub fn import_results(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    file: &ParsedFile,
    stamp: Option<&Stamp<'_>>,
) -> StoreResult<Result<ImportReport, AppError>> {
    let (_, rows) = match run_rows(c, key, RunList::All)? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let keys: Vec<RunLineKey<'_>> = rows.iter().map(RunLineRow::key).collect();
    let (results, problems) = match plan_file(&keys, &file.rows) {
        Ok(r) => (r, Vec::new()),
        Err(p) => (Vec::new(), p),
    };
    let by_line: std::collections::HashMap<i32, &RunLineRow> =
        rows.iter().map(|r| (r.line_no, r)).collect();
    let changed = results
        .iter()
        .filter(|r| {
            by_line.get(&r.line_no).is_some_and(|l| {
                (l.result, l.result_reason, l.result_text.as_deref())
                    != (r.result, r.reason, r.text.as_deref())
            })
        })
        .count();
    let mut report = ImportReport {
        mode: if stamp.is_some() {
            ImportMode::Apply
        } else {
            ImportMode::Check
        },
        applied: false,
        encoding: file.encoding.to_owned(),
        rows: count(file.rows.len() + file.rows_with_problems()),
        new: 0,
        changed: count(changed),
        unchanged: count(results.len() - changed),
        problems: merged(file.problems.clone(), problems),
    };
    let Some(stamp) = stamp else {
        return Ok(Ok(report));
    };
    if !report.problems.is_empty() {
        return Ok(Err(file_refused(&report)));
    }
    if let Err(r) = runs::set_results(c, key, None, &results, stamp)? {
        return Ok(Err(refused(r)));
    }
    report.applied = true;
    Ok(Ok(report))
}

// ---- 確認リスト ----

/// What a 確認リスト shows, computed from the ledger as it is.
pub enum CheckData {
    Breakdown {
        lines: Vec<RunLine>,
        /// (start, end) of each line, by line id.
        periods: std::collections::HashMap<String, (YearMonth, Option<YearMonth>)>,
        totals: runs::LiveTotals,
    },
    Items(Vec<runs::ItemTotal>),
    Movements {
        rows: Vec<run::MovementRow>,
        previous: Option<YearMonth>,
    },
}

pub fn check_data(
    c: &mut DbConnection,
    group: &str,
    path: CyclePath,
    list: CheckList,
) -> StoreResult<CheckData> {
    let key = path.key(group);
    Ok(match list {
        CheckList::Breakdown => {
            let lines = runs::live_lines(c, &key)?;
            let periods = lines::active(c, group)?
                .into_iter()
                .map(|l| (l.id, (l.fields.start_month, l.fields.end_month)))
                .collect();
            CheckData::Breakdown {
                lines,
                periods,
                totals: runs::live_totals(c, &key)?,
            }
        }
        CheckList::Items => CheckData::Items(runs::live_item_totals(c, &key)?),
        CheckList::Movements => {
            let live = runs::live_lines(c, &key)?;
            let previous = runs::previous(c, &key)?;
            let before: Vec<RunLine> = match &previous {
                Some(p) => runs::lines(c, &key_of(p))?
                    .iter()
                    .map(RunLineRow::run_line)
                    .collect(),
                None => Vec::new(),
            };
            CheckData::Movements {
                rows: run::movements(&live, &before),
                previous: previous.map(|p| p.month),
            }
        }
    })
}

fn breakdown_row(
    no: usize,
    l: &RunLine,
    periods: &std::collections::HashMap<String, (YearMonth, Option<YearMonth>)>,
) -> BreakdownRow {
    let (start, end) = l
        .line_id
        .as_ref()
        .and_then(|id| periods.get(id))
        .copied()
        .unwrap_or((YearMonth::of(chrono::NaiveDate::MIN), None));
    BreakdownRow {
        no: count(no),
        employee_no: l.employee_no.to_string(),
        kana_name: l.kana_name.to_string(),
        kanji_name: l.kanji_name.to_string(),
        item_code: l.item_code.to_string(),
        item_name: l.item_name.clone(),
        amount: l.amount,
        start_month: start,
        end_month: end,
    }
}

fn movement_row(no: usize, m: &run::MovementRow) -> MovementRow {
    MovementRow {
        no: count(no),
        movement: m.movement,
        movement_label: m.movement.label().to_owned(),
        employee_no: m.employee_no.to_string(),
        kana_name: m.kana_name.to_string(),
        kanji_name: m.kanji_name.to_string(),
        item_code: m.item_code.to_string(),
        item_name: m.item_name.clone(),
        previous_amount: m.previous,
        current_amount: m.current,
        difference: m.difference(),
    }
}

impl CheckData {
    /// One page of the list with the totals over every row.
    pub fn page(
        &self,
        occasion: cjs_domain::schedule::Occasion,
        month: YearMonth,
        list: CheckList,
        page: u32,
        per_page: u32,
    ) -> CheckPage {
        let (offset, limit) = super::slice(page, per_page);
        let range = |n: usize| {
            let from = usize::try_from(offset).unwrap_or(usize::MAX).min(n);
            let to = from
                .saturating_add(usize::try_from(limit).unwrap_or(usize::MAX))
                .min(n);
            from..to
        };
        let mut out = CheckPage {
            occasion,
            month,
            list,
            title: list.label().to_owned(),
            previous_month: None,
            total: 0,
            page,
            per_page,
            breakdown: Vec::new(),
            items: Vec::new(),
            movements: Vec::new(),
            totals: CheckTotals::default(),
        };
        match self {
            CheckData::Breakdown {
                lines,
                periods,
                totals,
            } => {
                out.total = count(lines.len());
                out.breakdown = range(lines.len())
                    .map(|i| breakdown_row(i + 1, &lines[i], periods))
                    .collect();
                out.totals.employees = totals.employees;
                out.totals.count = totals.count;
                out.totals.amount = totals.amount;
            }
            CheckData::Items(items) => {
                out.total = count(items.len());
                out.items = range(items.len())
                    .map(|i| {
                        let t = &items[i];
                        ItemTotalRow {
                            no: count(i + 1),
                            item_code: t.item.code.to_string(),
                            item_name: t.item.name.to_string(),
                            kind: t.item.kind,
                            kind_label: t.item.kind.label().to_owned(),
                            count: t.count,
                            amount: t.amount,
                        }
                    })
                    .collect();
                out.totals.count = items.iter().map(|t| t.count).sum();
                out.totals.amount = items.iter().map(|t| t.amount).sum();
            }
            CheckData::Movements { rows, previous } => {
                out.previous_month = *previous;
                out.total = count(rows.len());
                out.movements = range(rows.len())
                    .map(|i| movement_row(i + 1, &rows[i]))
                    .collect();
                out.totals.count = count(rows.len());
                out.totals.difference = rows.iter().map(run::MovementRow::difference).sum();
                out.totals.movements = Movement::ALL
                    .iter()
                    .map(|&m| {
                        let of: Vec<&run::MovementRow> =
                            rows.iter().filter(|r| r.movement == m).collect();
                        MovementTotal {
                            movement: m,
                            label: m.label().to_owned(),
                            count: count(of.len()),
                            difference: of.iter().map(|r| r.difference()).sum(),
                        }
                    })
                    .collect();
            }
        }
        out
    }
}

// ---- 労金控除賃控元帳依頼 ----

/// The combined request of a cycle: per employee, the 労金控除 rows and the ledger's.
pub struct CombinedData {
    pub deduction_data: bool,
    pub employees: Vec<EmployeeBlock>,
    pub totals: CombinedTotals,
}

/// The cycle's combined request, or E1034 without the ledger's run.
pub fn combined(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<Result<CombinedData, AppError>> {
    let (_, rows) = match run_rows(c, key, RunList::All)? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let ledger: Vec<RunLine> = rows.iter().map(RunLineRow::run_line).collect();
    let deduction: Option<Vec<DeductionRow>> = runs::deduction_rows(c, key)?;
    let bank_data = deduction.is_some();
    let (employees, totals) =
        combined::combine(deduction.as_deref().unwrap_or_default(), &ledger, bank_data);
    Ok(Ok(CombinedData {
        deduction_data: bank_data,
        employees,
        totals,
    }))
}

pub fn combined_request(
    data: &CombinedData,
    group: &str,
    group_name: &str,
    path: CyclePath,
) -> CombinedRequest {
    CombinedRequest {
        payment_group: group.to_owned(),
        payment_group_name: group_name.to_owned(),
        occasion: path.occasion,
        occasion_label: path.occasion.label().to_owned(),
        month: path.month,
        deduction_data: data.deduction_data,
        employees: data.employees.clone(),
        totals: data.totals,
    }
}
