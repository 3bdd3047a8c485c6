//! The ledger's files as `cjs_reports::ledger` lays them out: the rows the routes load, mapped to
//! the report layer's plain structs, rendered (PDF) or written (CSV). Each function is a
//! renderer for [`super::paper`]: data, the sheet, the format in; bytes and the row count out.

use cjs_domain::ledger::Mismatch;
use cjs_reports::ledger::{
    self as rep, ItemTotal, Line, LineOutcome, ListHeader, MovementLine, breakdown_list, combined,
    failed_list, item_totals_list, lines_csv, mismatch_list, movement_list, request_list,
    requests_csv, result_list,
};
use cjs_store::ledger::lines::LineRow;
use cjs_store::ledger::runs::{RunLineRow, RunRow};

use super::views::{CheckData, CombinedData};
use super::{CyclePath, Format, RenderError, Rendered, Sheet};
use cjs_api_types::ledger::{CheckList, ResultList};

/// `(title, ASCII file name)` of every file.
pub const REQUEST_LIST: (&str, &str) = (request_list::TITLE, "ledger-request-list");
pub const MISMATCH_LIST: (&str, &str) = (mismatch_list::TITLE, "ledger-mismatch-list");
pub const REQUEST_DATA: (&str, &str) = ("賃控元帳控除依頼データ", "ledger-requests");
pub const RESULT_LIST: (&str, &str) = (result_list::TITLE, "ledger-result-list");
pub const FAILED_LIST: (&str, &str) = (failed_list::TITLE, "ledger-failed-list");
pub const COMBINED_LIST: (&str, &str) = (combined::TITLE, "combined-request-list");
pub const COMBINED_DATA: (&str, &str) = ("労金控除賃控元帳依頼データ", "combined-requests");
pub const LINES_DATA: (&str, &str) = ("賃控元帳明細データ", "ledger-lines");

pub fn check_title(list: CheckList) -> (&'static str, &'static str) {
    match list {
        CheckList::Breakdown => (breakdown_list::TITLE, "ledger-breakdown-list"),
        CheckList::Items => (item_totals_list::TITLE, "ledger-item-totals-list"),
        CheckList::Movements => (rep::movement_list::TITLE, "ledger-movement-list"),
    }
}

pub fn result_title(list: ResultList) -> (&'static str, &'static str) {
    match list {
        ResultList::All => RESULT_LIST,
        ResultList::Failed => FAILED_LIST,
    }
}

fn header(sheet: &Sheet, path: CyclePath) -> ListHeader {
    ListHeader {
        group_no: sheet.group_no.clone(),
        group_name: sheet.group_name.clone(),
        occasion: path.occasion,
        month: path.month,
        created_at: sheet.created_at,
        branch: sheet.branch.clone(),
    }
}

fn csv_encoding(format: Format) -> cjs_reports::CsvEncoding {
    match format {
        Format::Csv(e) => e,
        Format::Pdf => cjs_reports::CsvEncoding::Cp932,
    }
}

/// A run line with its result, as the lists print it.
fn run_line(r: &RunLineRow) -> Line {
    Line {
        line_no: r.line_no,
        employee_no: r.employee_no.to_string(),
        kana_name: r.kana_name.to_string(),
        kanji_name: r.kanji_name.to_string(),
        item_code: r.item_code.to_string(),
        item_name: r.item_name.clone(),
        item_kind: r.item_kind,
        amount: r.amount,
        start_month: None,
        end_month: None,
        result: None,
    }
    .with_result(LineOutcome::of(
        r.result,
        r.result_reason,
        r.result_text.clone(),
    ))
}

/// 確認リスト (PDF).
pub fn check_pdf(
    data: &CheckData,
    sheet: &Sheet,
    path: CyclePath,
) -> Result<Rendered, RenderError> {
    let header = header(sheet, path);
    Ok(match data {
        CheckData::Breakdown { lines, periods, .. } => {
            let lines: Vec<Line> = lines
                .iter()
                .map(|l| {
                    let line = Line::from(l);
                    match l.line_id.as_ref().and_then(|id| periods.get(id)) {
                        Some(&(start, end)) => line.with_period(start, end),
                        None => line,
                    }
                })
                .collect();
            (breakdown_list::render(&header, &lines)?, lines.len())
        }
        CheckData::Items(items) => {
            let items: Vec<ItemTotal> = items
                .iter()
                .map(|t| ItemTotal {
                    code: t.item.code.to_string(),
                    name: t.item.name.to_string(),
                    kind: t.item.kind,
                    count: t.count,
                    amount: t.amount,
                })
                .collect();
            (item_totals_list::render(&header, &items)?, items.len())
        }
        CheckData::Movements { rows, previous } => {
            let rows: Vec<MovementLine> = rows.iter().map(MovementLine::from).collect();
            (
                movement_list::render(&header, *previous, &rows)?,
                rows.len(),
            )
        }
    })
}

/// 賃控元帳控除依頼リスト (PDF).
pub fn request_list_pdf(
    (_, rows): &(RunRow, Vec<RunLineRow>),
    sheet: &Sheet,
    path: CyclePath,
) -> Result<Rendered, RenderError> {
    let lines: Vec<Line> = rows.iter().map(run_line).collect();
    Ok((
        request_list::render(&header(sheet, path), &lines)?,
        lines.len(),
    ))
}

/// 賃控元帳控除結果リスト / 賃控元帳控除不能リスト (PDF); each list picks its own lines.
pub fn result_list_pdf(
    (_, rows): &(RunRow, Vec<RunLineRow>),
    sheet: &Sheet,
    path: CyclePath,
    which: ResultList,
) -> Result<Rendered, RenderError> {
    let lines: Vec<Line> = rows.iter().map(run_line).collect();
    let header = header(sheet, path);
    Ok(match which {
        ResultList::All => (result_list::render(&header, &lines)?, lines.len()),
        ResultList::Failed => {
            let n = lines.iter().filter(|l| failed_list::selects(l)).count();
            (failed_list::render(&header, &lines)?, n)
        }
    })
}

/// 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト (PDF).
pub fn mismatch_list_pdf(
    rows: &[Mismatch],
    sheet: &Sheet,
    path: CyclePath,
) -> Result<Rendered, RenderError> {
    Ok((
        mismatch_list::render(&header(sheet, path), rows)?,
        rows.len(),
    ))
}

/// 賃控元帳控除依頼データ (CSV §6.1).
pub fn requests_csv(
    (_, rows): &(RunRow, Vec<RunLineRow>),
    format: Format,
    path: CyclePath,
) -> Result<Rendered, RenderError> {
    let bytes = requests_csv::write(
        Vec::new(),
        csv_encoding(format),
        path.occasion,
        path.month,
        rows.iter().map(run_line),
    )?;
    Ok((bytes, rows.len()))
}

/// 賃控元帳明細データ (CSV §6.2): every 有効 line, the current amounts.
pub fn lines_csv(rows: &[LineRow], format: Format) -> Result<Rendered, RenderError> {
    let bytes = lines_csv::write(
        Vec::new(),
        csv_encoding(format),
        rows.iter()
            .map(|r| lines_csv::DetailRow::from_line(&r.line(), r.item_name.as_str())),
    )?;
    Ok((bytes, rows.len()))
}

/// 労金控除賃控元帳依頼リスト (PDF).
pub fn combined_pdf(
    data: &CombinedData,
    sheet: &Sheet,
    path: CyclePath,
) -> Result<Rendered, RenderError> {
    let bytes = combined::render(&header(sheet, path), &data.employees, data.deduction_data)?;
    Ok((bytes, data.employees.len()))
}

/// 労金控除賃控元帳依頼データ (CSV §6.3).
pub fn combined_csv(
    data: &CombinedData,
    format: Format,
    path: CyclePath,
) -> Result<Rendered, RenderError> {
    let bytes = combined::write_csv(
        Vec::new(),
        csv_encoding(format),
        path.occasion,
        path.month,
        &data.employees,
    )?;
    Ok((bytes, data.employees.len()))
}
