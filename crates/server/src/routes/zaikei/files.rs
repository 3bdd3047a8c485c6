//! 財形積立明細書出力 (ZK102101: 財形積立明細書, and 財形積立変更明細書 of a 預入依頼書) and
//! 財形積立明細データエクスポート (ZK103101: 財形積立明細データ, 財形積立変更明細データ), laid out by
//! `cjs_reports::zaikei` (`docs/zaikei.md` §4, §5). Each goes through [`super::paper`]: logged,
//! the kept cycle checked (E1061 / E1062 / E1063 / E1060), the whole cycle read in `line_no`
//! (`change_no`) order, rendered off the workers.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::zaikei::{ExportQuery, screen};
use cjs_reports::zaikei::changes_csv::ChangesCsv;
use cjs_reports::zaikei::statement_csv::StatementCsv;
use cjs_reports::zaikei::{
    self as rep, CHANGES_DATA, ListHeader, STATEMENT_DATA, changes_list, document_part, statement,
};
use cjs_store::zaikei::{self as store, ChangeRow, CycleRow, KindTotals, LineRow};
use cjs_store::{DbConnection, StoreResult};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::{report_change, report_line, report_totals};
use super::{Clerk, DocPath, Paper, Sheet, Want, employer_only, kept_cycle, paper};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::routes::ledger::{Format, RenderError, Rendered};
use crate::state::AppState;

/// Rows read per query while a whole cycle is loaded.
const BATCH: i64 = 5_000;

const PRINT: &str = "財形積立明細書出力";
const EXPORT: &str = "財形積立明細データエクスポート";

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(statement_pdf)
        .service(changes_pdf)
        .service(statement_csv)
        .service(changes_csv);
}

/// A cycle's every line and its totals.
struct Statement {
    cycle: CycleRow,
    lines: Vec<LineRow>,
    totals: KindTotals,
}

/// A cycle's every 変更明細.
struct Changes {
    cycle: CycleRow,
    rows: Vec<ChangeRow>,
}

fn all_lines(c: &mut DbConnection, key: &store::CycleKey<'_>) -> StoreResult<Vec<LineRow>> {
    let mut out: Vec<LineRow> = Vec::new();
    loop {
        let after = out.last().map_or(0, |l| l.line_no);
        let batch = store::lines_after(c, key, after, BATCH)?;
        let done = (batch.len() as i64) < BATCH;
        out.extend(batch);
        if done {
            return Ok(out);
        }
    }
}

fn all_changes(c: &mut DbConnection, key: &store::CycleKey<'_>) -> StoreResult<Vec<ChangeRow>> {
    let mut out: Vec<ChangeRow> = Vec::new();
    loop {
        let after = out.last().map_or(0, |r| r.change_no);
        let batch = store::changes_after(c, key, after, BATCH)?;
        let done = (batch.len() as i64) < BATCH;
        out.extend(batch);
        if done {
            return Ok(out);
        }
    }
}

/// The loader of a statement: the kept cycle, its lines and totals.
fn load_statement(
    auth: &Clerk,
    path: DocPath,
    keep: u32,
) -> impl FnOnce(&mut DbConnection, &str) -> StoreResult<Result<Statement, AppError>> + use<> {
    let scope = Scope::of(auth);
    move |c, group| {
        let cycle = match scope.kept(c, group, path, keep, Want::Lines)? {
            Ok(cycle) => cycle,
            Err(e) => return Ok(Err(e)),
        };
        let key = path.key(group);
        let lines = all_lines(c, &key)?;
        let totals = store::totals_by_kind(c, &key)?;
        Ok(Ok(Statement {
            cycle,
            lines,
            totals,
        }))
    }
}

fn load_changes(
    auth: &Clerk,
    path: DocPath,
    keep: u32,
) -> impl FnOnce(&mut DbConnection, &str) -> StoreResult<Result<Changes, AppError>> + use<> {
    let scope = Scope::of(auth);
    move |c, group| {
        let cycle = match scope.kept(c, group, path, keep, Want::Changes)? {
            Ok(cycle) => cycle,
            Err(e) => return Ok(Err(e)),
        };
        let rows = all_changes(c, &path.key(group))?;
        Ok(Ok(Changes { cycle, rows }))
    }
}

/// What the loader needs of the clerk on the database thread (the extractor's result stays on
/// the worker): the contract's kind and the group's services.
struct Scope {
    employer: Result<(), AppError>,
    services: Vec<cjs_domain::Service>,
}

impl Scope {
    fn of(auth: &Clerk) -> Scope {
        Scope {
            employer: employer_only(auth),
            services: auth.services.clone(),
        }
    }

    fn kept(
        self,
        c: &mut DbConnection,
        group: &str,
        path: DocPath,
        keep: u32,
        want: Want,
    ) -> StoreResult<Result<CycleRow, AppError>> {
        if let Err(e) = self.employer {
            return Ok(Err(e));
        }
        kept_cycle(c, &self.services, group, path, keep, want)
    }
}

fn header(sheet: &Sheet, path: DocPath, cycle: &CycleRow) -> ListHeader {
    ListHeader {
        employer_name: sheet.employer_name.clone(),
        group_no: sheet.group_no.clone(),
        group_name: sheet.group_name.clone(),
        branch: sheet.branch.clone(),
        document: path.doc,
        base_date: cycle.base_date,
        deposit_date: cycle.deposit_date,
        created_at: sheet.created_at,
    }
}

fn csv_encoding(format: Format) -> cjs_reports::CsvEncoding {
    match format {
        Format::Csv(e) => e,
        Format::Pdf => cjs_reports::CsvEncoding::Cp932,
    }
}

fn render_statement(
    data: Statement,
    sheet: &Sheet,
    path: DocPath,
) -> Result<Rendered, RenderError> {
    let lines: Vec<rep::Line> = data.lines.iter().map(report_line).collect();
    let bytes = statement::render(
        &header(sheet, path, &data.cycle),
        &lines,
        &report_totals(&data.totals),
    )?;
    Ok((bytes, lines.len()))
}

fn render_changes(data: Changes, sheet: &Sheet, path: DocPath) -> Result<Rendered, RenderError> {
    let rows: Vec<rep::Change> = data.rows.iter().map(report_change).collect();
    let bytes = changes_list::render(
        &header(sheet, path, &data.cycle),
        data.cycle.previous_base_date,
        &rows,
    )?;
    Ok((bytes, rows.len()))
}

fn write_statement(
    data: Statement,
    format: Format,
    path: DocPath,
) -> Result<Rendered, RenderError> {
    let mut w = StatementCsv::new(
        Vec::new(),
        csv_encoding(format),
        path.doc,
        data.cycle.base_date,
        data.cycle.deposit_date,
    )?;
    for l in &data.lines {
        w.line(&report_line(l))?;
    }
    Ok((w.finish()?, data.lines.len()))
}

fn write_changes(data: Changes, format: Format, path: DocPath) -> Result<Rendered, RenderError> {
    let mut w = ChangesCsv::new(
        Vec::new(),
        csv_encoding(format),
        path.doc,
        data.cycle.base_date,
        data.cycle.previous_base_date,
    )?;
    for r in &data.rows {
        w.change(&report_change(r))?;
    }
    Ok((w.finish()?, data.rows.len()))
}

/// 財形積立明細書出力（財形積立明細書）
///
/// A kept cycle's 財形積立明細書 (`docs/zaikei.md` §4): 預入依頼書 A4 landscape with the totals per
/// 財形種類, 総合計, 入金予定日 and 「上記のとおり預入を依頼いたします。」; 加入者残高一覧表 and 奨励金
/// A4 portrait. Written to the operation log.
#[utoipa::path(tag = "zaikei", params(
    ("doc" = cjs_domain::schedule::EmployerDocument, Path, description = "帳票 (deposit_monthly / deposit_summer / deposit_year_end / balance / incentive_monthly / incentive_bonus)"),
    ("date" = chrono::NaiveDate, Path, description = "作成基準日 (YYYY-MM-DD)")
), security(("session" = [])), responses(
    (status = 200, description = "財形積立明細書 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "帳票・作成基準日の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "契約のない帳票 (E1061) / 権限なし・会員の契約・財形なし (E2302) / 仮のパスワードでログイン中 (E2301) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "保存されていない作成基準日 (E1060)", body = ApiError),
    (status = 409, description = "この帳票の財形積立明細をまだ受信していない (E1063)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/zaikei/documents/{doc}/{date}/statement.pdf")]
pub async fn statement_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk,
    path: Path<DocPath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let keep = state.settings.zaikei.keep_cycles;
    let sheet = Paper {
        screen: screen::STATEMENT,
        action: PRINT,
        title: rep::statement_title(path.doc),
        ascii: "statement",
        format: Format::Pdf,
        path,
    };
    let load = load_statement(&auth, path, keep);
    paper(&state, &ctx, &auth, sheet, load, move |data, sheet, _| {
        render_statement(data, &sheet, path)
    })
    .await
}

/// 財形積立明細書出力（財形積立変更明細書）
///
/// A kept 預入依頼書 cycle's 財形積立変更明細書 (A4 landscape, grouped by 変更区分 with 小計 件数,
/// 「比較対象：…」 in the header). Written to the operation log.
#[utoipa::path(tag = "zaikei", params(
    ("doc" = cjs_domain::schedule::EmployerDocument, Path, description = "帳票 (預入依頼書: deposit_monthly / deposit_summer / deposit_year_end)"),
    ("date" = chrono::NaiveDate, Path, description = "作成基準日 (YYYY-MM-DD)")
), security(("session" = [])), responses(
    (status = 200, description = "財形積立変更明細書 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "帳票・作成基準日の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "契約のない帳票 (E1061) / 権限なし・会員の契約・財形なし (E2302) / 仮のパスワードでログイン中 (E2301) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "保存されていない作成基準日 (E1060)", body = ApiError),
    (status = 409, description = "預入依頼書以外の帳票 (E1062) / この帳票の財形積立明細をまだ受信していない (E1063)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/zaikei/documents/{doc}/{date}/changes.pdf")]
pub async fn changes_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk,
    path: Path<DocPath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let keep = state.settings.zaikei.keep_cycles;
    let sheet = Paper {
        screen: screen::STATEMENT,
        action: PRINT,
        title: rep::changes_title(path.doc),
        ascii: "changes",
        format: Format::Pdf,
        path,
    };
    let load = load_changes(&auth, path, keep);
    paper(&state, &ctx, &auth, sheet, load, move |data, sheet, _| {
        render_changes(data, &sheet, path)
    })
    .await
}

/// 財形積立明細データエクスポート（財形積立明細データ）
///
/// A kept cycle's lines as CSV in the document's layout (`docs/zaikei.md` §5.1: CP932, or
/// `encoding=utf8` for UTF-8 with BOM). Written to the operation log.
#[utoipa::path(tag = "zaikei", params(
    ("doc" = cjs_domain::schedule::EmployerDocument, Path, description = "帳票 (deposit_monthly / deposit_summer / deposit_year_end / balance / incentive_monthly / incentive_bonus)"),
    ("date" = chrono::NaiveDate, Path, description = "作成基準日 (YYYY-MM-DD)"),
    ExportQuery), security(("session" = [])), responses(
    (status = 200, description = "財形積立明細データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "帳票・作成基準日・条件の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "契約のない帳票 (E1061) / 権限なし・会員の契約・財形なし (E2302) / 仮のパスワードでログイン中 (E2301) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "保存されていない作成基準日 (E1060)", body = ApiError),
    (status = 409, description = "この帳票の財形積立明細をまだ受信していない (E1063)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/zaikei/documents/{doc}/{date}/statement.csv")]
pub async fn statement_csv(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk,
    path: Path<DocPath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let keep = state.settings.zaikei.keep_cycles;
    let sheet = Paper {
        screen: screen::EXPORT,
        action: EXPORT,
        title: format!("{STATEMENT_DATA}（{}）", document_part(path.doc)),
        ascii: "statement",
        format: Format::csv(q.encoding),
        path,
    };
    let load = load_statement(&auth, path, keep);
    paper(&state, &ctx, &auth, sheet, load, move |data, _, format| {
        write_statement(data, format, path)
    })
    .await
}

/// 財形積立明細データエクスポート（財形積立変更明細データ）
///
/// A kept 預入依頼書 cycle's 変更明細 as CSV (`docs/zaikei.md` §5.2: CP932, or `encoding=utf8` for
/// UTF-8 with BOM). Written to the operation log.
#[utoipa::path(tag = "zaikei", params(
    ("doc" = cjs_domain::schedule::EmployerDocument, Path, description = "帳票 (預入依頼書: deposit_monthly / deposit_summer / deposit_year_end)"),
    ("date" = chrono::NaiveDate, Path, description = "作成基準日 (YYYY-MM-DD)"),
    ExportQuery), security(("session" = [])), responses(
    (status = 200, description = "財形積立変更明細データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "帳票・作成基準日・条件の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "契約のない帳票 (E1061) / 権限なし・会員の契約・財形なし (E2302) / 仮のパスワードでログイン中 (E2301) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "保存されていない作成基準日 (E1060)", body = ApiError),
    (status = 409, description = "預入依頼書以外の帳票 (E1062) / この帳票の財形積立明細をまだ受信していない (E1063)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/zaikei/documents/{doc}/{date}/changes.csv")]
pub async fn changes_csv(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk,
    path: Path<DocPath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let keep = state.settings.zaikei.keep_cycles;
    let sheet = Paper {
        screen: screen::EXPORT,
        action: EXPORT,
        title: format!("{CHANGES_DATA}（{}）", document_part(path.doc)),
        ascii: "changes",
        format: Format::csv(q.encoding),
        path,
    };
    let load = load_changes(&auth, path, keep);
    paper(&state, &ctx, &auth, sheet, load, move |data, _, format| {
        write_changes(data, format, path)
    })
    .await
}
