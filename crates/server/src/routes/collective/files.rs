//! 一斉積立内訳明細表出力 (CS102101: 一斉積立内訳明細表, 一斉積立変更明細表 as PDF) and
//! 一斉積立内訳明細データエクスポート (CS103101: 一斉積立内訳明細データ, 一斉積立変更明細データ as
//! CSV, `docs/collective.md` §5). Every file goes through [`super::paper`] (operation log,
//! function 一斉積立事務, target `group/014`).

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::collective::{ExportQuery, screen, title};
use cjs_reports::collective::{
    ChangeFoot, ListHeader, RunHeading, change_list, changes_csv, line_list, lines_csv,
};
use cjs_store::collective::{self as store, ChangeRow, LineRow, RunKey, Totals};
use cjs_store::{DbConnection, StoreResult};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::{
    all_changes, all_lines, heading, previous_of, report_change, report_line, report_totals,
};
use super::{Clerk, Paper, RunPath, find_with_lines, paper};
use crate::auth::Read;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::routes::ledger::{Format, RenderError, Rendered, Sheet};
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(line_list_pdf)
        .service(change_list_pdf)
        .service(lines_export)
        .service(changes_export);
}

/// `(title, ASCII file name)` of every file.
pub const LINE_LIST: (&str, &str) = (title::LINE_LIST, "collective-line-list");
pub const CHANGE_LIST: (&str, &str) = (title::CHANGE_LIST, "collective-change-list");
pub const LINE_DATA: (&str, &str) = (title::LINE_DATA, "collective-lines");
pub const CHANGE_DATA: (&str, &str) = (title::CHANGE_DATA, "collective-changes");

const PRINT: &str = "一斉積立内訳明細表出力";
const EXPORT: &str = "一斉積立内訳明細データエクスポート";

/// A run's lines and their totals, as the 内訳明細表 and the 内訳明細データ need them.
pub struct LinesData {
    pub run: RunHeading,
    pub lines: Vec<LineRow>,
    pub totals: Totals,
}

/// A run's 変更明細, the run it was compared with and the foot's totals.
pub struct ChangesData {
    pub run: RunHeading,
    pub previous: Option<RunHeading>,
    pub changes: Vec<ChangeRow>,
    pub foot: ChangeFoot,
}

fn load_lines(c: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Result<LinesData, AppError>> {
    cjs_store::transaction(c, |c| {
        let run = match find_with_lines(c, key)? {
            Ok(run) => run,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok(LinesData {
            run: heading(&run),
            lines: all_lines(c, key)?,
            totals: store::totals(c, key)?,
        }))
    })
}

fn load_changes(
    c: &mut DbConnection,
    key: &RunKey<'_>,
) -> StoreResult<Result<ChangesData, AppError>> {
    cjs_store::transaction(c, |c| {
        let run = match find_with_lines(c, key)? {
            Ok(run) => run,
            Err(e) => return Ok(Err(e)),
        };
        let t = store::change_totals(c, key)?;
        Ok(Ok(ChangesData {
            run: heading(&run),
            previous: previous_of(c, &run)?.as_ref().map(heading),
            changes: all_changes(c, key)?,
            foot: ChangeFoot {
                previous: report_totals(t.previous),
                current: report_totals(t.current),
            },
        }))
    })
}

fn list_header(sheet: Sheet, run: RunHeading) -> ListHeader {
    ListHeader {
        group_no: sheet.group_no,
        group_name: sheet.group_name,
        branch: sheet.branch,
        run,
        created_at: sheet.created_at,
    }
}

fn csv_encoding(format: Format) -> cjs_reports::CsvEncoding {
    match format {
        Format::Csv(e) => e,
        Format::Pdf => cjs_reports::CsvEncoding::Cp932,
    }
}

fn render_line_list(d: LinesData, sheet: Sheet) -> Result<Rendered, RenderError> {
    let lines: Vec<_> = d.lines.iter().map(report_line).collect();
    let bytes = line_list::render(&list_header(sheet, d.run), &lines, report_totals(d.totals))?;
    Ok((bytes, lines.len()))
}

fn render_change_list(d: ChangesData, sheet: Sheet) -> Result<Rendered, RenderError> {
    let rows: Vec<_> = d.changes.iter().map(report_change).collect();
    let bytes = change_list::render(
        &list_header(sheet, d.run),
        d.previous.as_ref(),
        &rows,
        d.foot,
    )?;
    Ok((bytes, rows.len()))
}

fn write_lines(d: LinesData, format: Format) -> Result<Rendered, RenderError> {
    let bytes = lines_csv::write(
        Vec::new(),
        csv_encoding(format),
        &d.run,
        d.lines.iter().map(report_line),
    )?;
    Ok((bytes, d.lines.len()))
}

fn write_changes(d: ChangesData, format: Format) -> Result<Rendered, RenderError> {
    let bytes = changes_csv::write(
        Vec::new(),
        csv_encoding(format),
        &d.run,
        d.changes.iter().map(report_change),
    )?;
    Ok((bytes, d.changes.len()))
}

/// 一斉積立内訳明細表出力（内訳明細表）
///
/// 一斉積立内訳明細表 (A4 portrait): every line of the run and 合計 N件 / 積立金額; written to
/// the operation log.
#[utoipa::path(tag = "collective", params(
    ("no" = i32, Path, description = "番号 (1～999)", minimum = 1, maximum = 999)
), security(("session" = [])), responses(
    (status = 200, description = "一斉積立内訳明細表 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "番号の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "指定された番号の一斉積立データがない (E1051)", body = ApiError),
    (status = 409, description = "一斉積立データを受信していない (E1050) / 受信情報のみで明細がない (E1052)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/collective/runs/{no}/lines.pdf")]
pub async fn line_list_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<RunPath>,
) -> Result<HttpResponse, AppError> {
    let sheet = Paper {
        screen: screen::LISTS,
        action: PRINT,
        title: LINE_LIST,
        format: Format::Pdf,
        run_no: path.no,
    };
    paper(&state, &ctx, &auth, sheet, load_lines, |d, sheet, _| {
        render_line_list(d, sheet)
    })
    .await
}

/// 一斉積立内訳明細表出力（変更明細表）
///
/// 一斉積立変更明細表 (A4 landscape): the run's 変更明細 by 変更区分 with a 小計 each (0件
/// included), 前回 / 今回 / 差額, and the run compared with in the header; written to the
/// operation log.
#[utoipa::path(tag = "collective", params(
    ("no" = i32, Path, description = "番号 (1～999)", minimum = 1, maximum = 999)
), security(("session" = [])), responses(
    (status = 200, description = "一斉積立変更明細表 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "番号の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "指定された番号の一斉積立データがない (E1051)", body = ApiError),
    (status = 409, description = "一斉積立データを受信していない (E1050) / 受信情報のみで明細がない (E1052)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/collective/runs/{no}/changes.pdf")]
pub async fn change_list_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<RunPath>,
) -> Result<HttpResponse, AppError> {
    let sheet = Paper {
        screen: screen::LISTS,
        action: PRINT,
        title: CHANGE_LIST,
        format: Format::Pdf,
        run_no: path.no,
    };
    paper(&state, &ctx, &auth, sheet, load_changes, |d, sheet, _| {
        render_change_list(d, sheet)
    })
    .await
}

/// 一斉積立内訳明細データエクスポート（内訳明細データ）
///
/// 一斉積立内訳明細データ (CSV: 番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,
/// 口座番号,積立金額), CP932 or UTF-8 with BOM; written to the operation log.
#[utoipa::path(tag = "collective", params(
    ("no" = i32, Path, description = "番号 (1～999)", minimum = 1, maximum = 999),
    ExportQuery
), security(("session" = [])), responses(
    (status = 200, description = "一斉積立内訳明細データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "番号・文字コード指定の誤り (E1000)", body = ApiError),
    (status = 404, description = "指定された番号の一斉積立データがない (E1051)", body = ApiError),
    (status = 409, description = "一斉積立データを受信していない (E1050) / 受信情報のみで明細がない (E1052)", body = ApiError),
    (status = 422, description = "指定の文字コードで出力できない文字を含む (E1002)", body = ApiError)
))]
#[get("/collective/runs/{no}/lines.csv")]
pub async fn lines_export(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<RunPath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let sheet = Paper {
        screen: screen::EXPORT,
        action: EXPORT,
        title: LINE_DATA,
        format: Format::csv(q.encoding),
        run_no: path.no,
    };
    paper(&state, &ctx, &auth, sheet, load_lines, |d, _, format| {
        write_lines(d, format)
    })
    .await
}

/// 一斉積立内訳明細データエクスポート（変更明細データ）
///
/// 一斉積立変更明細データ (CSV: 番号,名称,受信日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,
/// 変更前店番,変更前口座番号,変更前積立金額,変更後店番,変更後口座番号,変更後積立金額), CP932 or
/// UTF-8 with BOM; written to the operation log.
#[utoipa::path(tag = "collective", params(
    ("no" = i32, Path, description = "番号 (1～999)", minimum = 1, maximum = 999),
    ExportQuery
), security(("session" = [])), responses(
    (status = 200, description = "一斉積立変更明細データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "番号・文字コード指定の誤り (E1000)", body = ApiError),
    (status = 404, description = "指定された番号の一斉積立データがない (E1051)", body = ApiError),
    (status = 409, description = "一斉積立データを受信していない (E1050) / 受信情報のみで明細がない (E1052)", body = ApiError),
    (status = 422, description = "指定の文字コードで出力できない文字を含む (E1002)", body = ApiError)
))]
#[get("/collective/runs/{no}/changes.csv")]
pub async fn changes_export(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<RunPath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let sheet = Paper {
        screen: screen::EXPORT,
        action: EXPORT,
        title: CHANGE_DATA,
        format: Format::csv(q.encoding),
        run_no: path.no,
    };
    paper(&state, &ctx, &auth, sheet, load_changes, |d, _, format| {
        write_changes(d, format)
    })
    .await
}
