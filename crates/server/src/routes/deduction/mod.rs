//! 労金控除事務 (`/api/v1/deduction/...`): the eleven functions of the manual's menu. Paths,
//! access, types and error codes: `docs/deduction.md` §7.
//!
//! Every handler takes `Scoped<RokinDeduction, Read|Write>` (the payment group with 労金控除,
//! changes only with 明細更新 and a user who is not 閲覧のみ), applies the domain's rules
//! (`cjs_domain::deduction`) and the store's (`cjs_store::deduction`); every change, print and
//! export is written to the operation log.
//!
//! - `details`: 労金控除明細照会 (search, one, 変更, 解除), 労金控除明細新規登録, the form's data;
//! - `history`: 労金控除明細更新履歴照会;
//! - `cycles`: the cycles, the request lines (依頼リスト, 入金中止 candidates, results), the
//!   request and employer lists and exports;
//! - `lump`: 入金中止, まとめ入金確定 / 確定の解除 and their papers;
//! - `results`: 労金控除結果リスト出力.

use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use cjs_api_types::ErrorCode;
use cjs_api_types::deduction::{
    CsvCharset, DeductionCycleView, LineView, ResultView, RunSummary, StopView, refusal_code,
};
use cjs_domain::deduction::{DeductionConfig, LineList, Refusal, YearMonth};
use cjs_domain::schedule::{Cycle, InputState, Occasion};
use cjs_reports::deduction as rep;
use cjs_store::deduction::CycleKey;
use cjs_store::deduction::runs::{self, LineRow, RunRow};
use cjs_store::info::{self, CycleRow};
use cjs_store::time::{from_db, opt_from_db};
use cjs_store::{DbConnection, StoreResult};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::scope::RokinDeduction;
use crate::auth::{Read, Scoped};
use crate::error::AppError;
use crate::state::AppState;

pub mod cycles;
pub mod details;
pub mod history;
pub mod lump;
pub mod results;

/// The OpenAPI tag of the menu.
pub const TAG: &str = "deduction";

pub fn routes(cfg: &mut ServiceConfig) {
    details::routes(cfg);
    history::routes(cfg);
    cycles::routes(cfg);
    lump::routes(cfg);
    results::routes(cfg);
}

/// A clerk of the session's payment group, for 労金控除事務.
pub type Clerk<A = Read> = Scoped<RokinDeduction, A>;

/// A domain refusal as the catalogue's error (`docs/deduction.md` §7).
pub fn refused(r: Refusal) -> AppError {
    match refusal_code(&r) {
        Some((code, items)) => items
            .into_iter()
            .fold(AppError::new(code), |e, item| e.item(item)),
        None => match r {
            Refusal::Rule(e) => e.into(),
            other => AppError::internal(format!("refusal without a code: {other:?}")),
        },
    }
}

/// `{occasion}/{month}` of the cycle paths.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct CyclePath {
    pub occasion: Occasion,
    pub month: YearMonth,
}

impl CyclePath {
    pub fn key<'a>(&self, group: &'a str) -> CycleKey<'a> {
        CycleKey {
            payment_group: group,
            occasion: self.occasion,
            month: self.month,
        }
    }

    /// `group/occasion/YYYY-MM`, the operation log's target.
    pub fn target(&self, group: &str) -> String {
        self.key(group).target()
    }
}

pub fn cycle_of(r: &CycleRow) -> Cycle {
    crate::routes::info::cycle_of(r)
}

/// The cycles of one occasion a clerk may look at, newest first: the next one open for input
/// and those before it, at most `keep` (`DeductionConfig::keep_cycles`). Cycles published
/// further ahead are not shown yet.
pub fn viewable(
    rows: &[CycleRow],
    occasion: Occasion,
    keep: u32,
    now: DateTime<Utc>,
) -> Vec<&CycleRow> {
    let mut of: Vec<&CycleRow> = rows.iter().filter(|r| r.occasion == occasion).collect();
    of.sort_by_key(|r| std::cmp::Reverse(r.month));
    let next_open = of
        .iter()
        .filter(|r| cycle_of(r).input_state(now) == InputState::Open)
        .map(|r| r.month)
        .min();
    of.into_iter()
        .filter(|r| next_open.is_none_or(|m| r.month <= m))
        .take(usize::try_from(keep).unwrap_or(usize::MAX))
        .collect()
}

/// The cycle at `path` and its request data: 404 (E9404) for a cycle the group does not have
/// or may no longer view, 409 (E1018) before the request data is made.
pub fn cycle_with_run(
    c: &mut DbConnection,
    group: &str,
    path: CyclePath,
    keep: u32,
    now: DateTime<Utc>,
) -> StoreResult<Result<(CycleRow, RunRow), AppError>> {
    let rows = info::cycles_of(c, group)?;
    let Some(cycle) = viewable(&rows, path.occasion, keep, now)
        .into_iter()
        .find(|r| r.month == path.month.first_day())
        .cloned()
    else {
        return Ok(Err(AppError::not_found()));
    };
    match runs::find_run(c, &path.key(group))? {
        Some(run) => Ok(Ok((cycle, run))),
        None => Ok(Err(refused(Refusal::NoRun))),
    }
}

pub fn run_summary(run: &RunRow, line_count: i64, error_count: i64) -> RunSummary {
    RunSummary {
        origin: run.origin,
        created_at: from_db(run.created_at),
        lump_state: run.lump_state,
        lump_state_label: run.lump_state.label().to_owned(),
        version: run.version,
        line_count,
        error_count,
        results_loaded_at: opt_from_db(run.results_loaded_at),
    }
}

pub fn cycle_view(r: &CycleRow, run: Option<RunSummary>, now: DateTime<Utc>) -> DeductionCycleView {
    DeductionCycleView {
        occasion: r.occasion,
        occasion_label: r.occasion.label().to_owned(),
        month: YearMonth::of(r.month),
        deadline: r.deadline,
        payday: r.payday,
        input: cycle_of(r).input_state(now),
        request_received: r.request_received,
        result_received: r.result_received,
        run,
    }
}

pub fn line_view(r: &LineRow) -> LineView {
    LineView {
        line_no: r.line_no,
        detail_id: r.detail_id.clone(),
        employee_no: r.employee_no.as_str().to_owned(),
        kana_name: r.kana_name.as_str().to_owned(),
        kanji_name: r.kanji_name.as_ref().map(|k| k.as_str().to_owned()),
        product_code: r.product_code.as_str().to_owned(),
        product_name: r.product_name.clone(),
        branch_no: r.branch_no.as_str().to_owned(),
        account_no: r.account_no.as_str().to_owned(),
        amount: r.amount,
        previous_amount: r.previous_amount,
        movement: r.movement,
        movement_label: r.movement.label().to_owned(),
        counter: r.counter,
        error: r.error,
        error_label: r.error.map(|e| e.label().to_owned()),
        stop: r.stop_reason.map(|reason| StopView {
            reason,
            reason_label: reason.label().to_owned(),
            text: r.stop_text.clone(),
            stopped_by: r.stopped_by.clone().unwrap_or_default(),
            stopped_at: r.stopped_at.map(from_db).unwrap_or_default(),
        }),
        result: r.result.map(|outcome| ResultView {
            outcome,
            outcome_label: outcome.label().to_owned(),
            reason: r.result_reason,
            reason_label: r.result_reason.map(|x| x.label().to_owned()),
            reason_text: r.result_text.clone(),
            bank_kana: r.bank_kana.clone(),
            kana_mismatch: r.kana_mismatch,
        }),
    }
}

/// The product's name as the lists show it (a code no longer configured still reads back).
pub fn product_name(config: &DeductionConfig, code: &str) -> String {
    config.display_name(code)
}

pub use crate::views::download;

/// A request line as the lists and the CSV print it.
pub fn report_line(r: &LineRow) -> rep::Line {
    rep::Line {
        line_no: r.line_no,
        employee_no: r.employee_no.as_str().to_owned(),
        kana_name: r.kana_name.as_str().to_owned(),
        kanji_name: r
            .kanji_name
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        product_code: r.product_code.as_str().to_owned(),
        product_name: r.product_name.clone(),
        branch_no: r.branch_no.as_str().to_owned(),
        account_no: r.account_no.as_str().to_owned(),
        amount: r.amount,
        previous_amount: r.previous_amount,
        movement: r.movement,
        counter: r.counter,
        error: r.error,
        stop: r.stop_reason.map(|reason| rep::LineStop {
            reason,
            text: r.stop_text.clone(),
        }),
        result: r.result.map(|outcome| rep::LineOutcome {
            outcome,
            reason: r.result_reason,
            reason_text: r.result_text.clone(),
            bank_kana: r.bank_kana.clone(),
            kana_mismatch: r.kana_mismatch.unwrap_or(false),
        }),
    }
}

/// The header block of every list: the session's group, the cycle, now, the contract's
/// お取引店.
pub fn list_header<A: crate::auth::scope::AccessKind>(
    auth: &Clerk<A>,
    path: CyclePath,
    now: DateTime<Utc>,
) -> rep::ListHeader {
    rep::ListHeader {
        group_no: auth.group.number.clone(),
        group_name: auth.group.name.clone(),
        occasion: path.occasion,
        month: path.month,
        created_at: now,
        branch: auth.contract.branch.clone(),
    }
}

/// The cycle (checked as `cycle_with_run`), its request data and the lines of `list` in the
/// list's order.
pub async fn cycle_lines(
    state: &AppState,
    group: String,
    path: CyclePath,
    list: LineList,
) -> Result<(CycleRow, RunRow, Vec<LineRow>), AppError> {
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    state
        .db(move |c| {
            let (cycle, run) = match cycle_with_run(c, &group, path, keep, now)? {
                Ok(x) => x,
                Err(e) => return Ok(Err(e)),
            };
            let lines = all_lines_of(c, &path.key(&group), list)?;
            Ok(Ok((cycle, run, lines)))
        })
        .await?
}

/// Lines read per query when a whole list is printed or exported.
const CHUNK: i64 = 5_000;

/// Every line of a list in the list's order, read in chunks.
pub fn all_lines_of(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    list: LineList,
) -> StoreResult<Vec<LineRow>> {
    let mut out: Vec<LineRow> = Vec::new();
    loop {
        let offset = i64::try_from(out.len()).unwrap_or(i64::MAX);
        let (_, rows) = runs::lines_page(c, key, list, offset, CHUNK)?;
        let n = i64::try_from(rows.len()).unwrap_or(0);
        out.extend(rows);
        if n < CHUNK {
            return Ok(out);
        }
    }
}

/// A PDF a list's renderer refused (a character the font lacks): E1002 naming row and column;
/// anything else is ours.
pub fn pdf_error(e: cjs_reports::pdf::PdfError) -> AppError {
    match e {
        cjs_reports::pdf::PdfError::Unprintable { .. } => AppError::new(ErrorCode::E1002)
            .item("印刷データ")
            .item("帳票で印刷できる文字")
            .details(serde_json::json!({ "reason": e.to_string() }))
            .cause(e),
        other => AppError::internal(other),
    }
}

/// A PDF to download, named `{title}_{group}_{支給区分}_{YYYYMM}.pdf` (and an ASCII fallback).
pub fn pdf(bytes: Vec<u8>, title: &str, ascii: &str, group: &str, path: CyclePath) -> HttpResponse {
    download(
        "application/pdf",
        &format!(
            "{ascii}-{group}-{}-{}.pdf",
            path.occasion.as_str(),
            path.month.compact()
        ),
        &format!(
            "{title}_{group}_{}_{}.pdf",
            path.occasion.label(),
            path.month.compact()
        ),
        bytes,
    )
}

/// Renders off the async workers.
pub async fn render<F>(f: F) -> Result<Vec<u8>, AppError>
where
    F: FnOnce() -> Result<Vec<u8>, cjs_reports::pdf::PdfError> + Send + 'static,
{
    actix_web::web::block(f).await?.map_err(pdf_error)
}

/// The CSV encoding asked for (`?encoding=`; CP932 unless `utf8`).
pub fn csv_encoding(e: Option<CsvCharset>) -> cjs_reports::CsvEncoding {
    match e.unwrap_or_default() {
        CsvCharset::Cp932 => cjs_reports::CsvEncoding::Cp932,
        CsvCharset::Utf8 => cjs_reports::CsvEncoding::Utf8Bom,
    }
}

/// A CSV the encoding cannot hold (a character CP932 lacks): E1002 naming the row and column.
pub fn csv_error(e: cjs_reports::csv::CsvError) -> AppError {
    AppError::new(ErrorCode::E1002)
        .item("出力データ")
        .item("CP932で表せる文字")
        .details(serde_json::json!({ "reason": e.to_string() }))
        .cause(e)
}

/// `YYYYMMDDHHMM` in Japan, for file names.
pub fn stamp(now: DateTime<Utc>) -> String {
    cjs_domain::calendar::jst(now)
        .format("%Y%m%d%H%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn row(o: Occasion, m: u32, deadline: (u32, u32)) -> CycleRow {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).expect("date");
        CycleRow {
            payment_group: "10000001".into(),
            occasion: o,
            month: d(m, 1),
            deadline: d(deadline.0, deadline.1),
            request_received: None,
            result_received: None,
            payday: d(deadline.0, 25),
            updated_at: d(1, 1).and_hms_opt(0, 0, 0).expect("time"),
        }
    }

    #[test]
    fn the_clerk_sees_the_next_open_cycle_and_the_latest_before_it() {
        let rows: Vec<CycleRow> = (3..=9)
            .map(|m| row(Occasion::Monthly, m, (m, 10)))
            .chain([row(Occasion::Summer, 6, (6, 10))])
            .collect();
        let now = Utc
            .with_ymd_and_hms(2024, 6, 1, 0, 0, 0)
            .single()
            .expect("t");
        let months: Vec<u32> = viewable(&rows, Occasion::Monthly, 3, now)
            .iter()
            .map(|r| chrono::Datelike::month(&r.month))
            .collect();
        assert_eq!(months, [6, 5, 4]);
        assert_eq!(viewable(&rows, Occasion::Summer, 3, now).len(), 1);
        assert!(viewable(&rows, Occasion::YearEnd, 3, now).is_empty());
    }

    #[test]
    fn every_refusal_is_answered_with_its_code() {
        assert_eq!(refused(Refusal::Stale).code, ErrorCode::E1010);
        assert_eq!(refused(Refusal::NoRun).code, ErrorCode::E1018);
        let d = NaiveDate::from_ymd_opt(2024, 6, 25).expect("date");
        let e = refused(Refusal::BeforePayday(d));
        assert_eq!((e.code, e.items.len()), (ErrorCode::E1014, 1));
    }
}
