//! The group's cycles and their request data: the cycles to choose from, the lines of a list
//! (労金控除依頼リスト出力's preview, the 入金中止 candidates, the result lists), 労金控除依頼データ
//! エクスポート (CSV) and 企業宛控除依頼データエクスポート (JSON, CSV).

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::deduction::{
    DeductionCycleList, EmployerQuery, EmployerRequest, EmployerRow, EmployerScope, ExportQuery,
    LinePage, LineQuery, LineTotals, screen,
};
use cjs_domain::deduction::{LineList, YearMonth};
use cjs_domain::schedule::Occasion;
use cjs_reports::deduction::requests_csv as requests_file;
use cjs_reports::deduction::{counter_list, employer, error_list, movement_list, request_list};
use cjs_store::deduction::runs::{self, EmployeeRow};
use cjs_store::info;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{
    Clerk, CyclePath, csv_encoding, csv_error, cycle_lines, cycle_view, cycle_with_run, download,
    line_view, list_header, pdf, render, report_line, run_summary, viewable,
};
use crate::auth::Read;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(cycles)
        .service(list_lines)
        .service(requests_csv)
        .service(request_list_pdf)
        .service(employer_request)
        .service(employer_request_csv)
        .service(employer_request_pdf);
}

/// 労金控除依頼リスト出力（控除年月）
///
/// The cycles a clerk may choose, per 支給区分 the next one open for input and the latest before it (3
/// per 支給区分), newest first, with their request data once made.
#[utoipa::path(tag = "deduction", security(("session" = [])), responses(
    (status = 200, description = "控除年月の一覧", body = DeductionCycleList)
))]
#[get("/deduction/cycles")]
pub async fn cycles(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    let (_, list) = Clerk::<Read>::read(&req, move |c, auth| {
        let group = auth.group.number.as_str();
        let rows = info::cycles_of(c, group)?;
        let mut out = Vec::new();
        for o in Occasion::ALL {
            for r in viewable(&rows, o, keep, now) {
                let key = CyclePath {
                    occasion: o,
                    month: YearMonth::of(r.month),
                }
                .key(group);
                let run = match runs::find_run(c, &key)? {
                    Some(run) => {
                        let t = runs::totals(c, &key, LineList::All)?;
                        Some(run_summary(&run, t.lines, t.error_count))
                    }
                    None => None,
                };
                out.push(cycle_view(r, run, now));
            }
        }
        Ok(out)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(DeductionCycleList { cycles: list }))
}

/// 労金控除依頼リスト出力（明細）
///
/// One page of a list of the cycle's request lines with the list's totals (summed by the database).
/// `list=stoppable` gives the candidates of まとめ入金依頼入金中止設定, `results|failed|kana_mismatch` the lines
/// of 労金控除結果リスト出力.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    LineQuery), security(("session" = [])), responses(
    (status = 200, description = "明細 (1ページ分)・件数・合計", body = LinePage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/lines")]
pub async fn list_lines(
    state: Data<AppState>,
    req: HttpRequest,
    path: Path<CyclePath>,
    q: Query<LineQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let q = q.into_inner();
    let (list, page, per_page) = (q.list(), q.page(), q.per_page());
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    let (_, out) = Clerk::<Read>::read(&req, move |c, auth| {
        let group = auth.group.number.as_str();
        if let Err(e) = cycle_with_run(c, group, path, keep, now)? {
            return Ok(Err(e));
        }
        let key = path.key(group);
        let (total, rows) = runs::lines_page(
            c,
            &key,
            list,
            i64::from(page - 1) * i64::from(per_page),
            i64::from(per_page),
        )?;
        let t = runs::totals(c, &key, list)?;
        Ok(Ok((total, rows, t)))
    })
    .await?;
    let (total, rows, t) = out?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(LinePage {
            occasion: path.occasion,
            month: path.month,
            list,
            title: list.label().to_owned(),
            total,
            page,
            per_page,
            items: rows.iter().map(line_view).collect(),
            totals: LineTotals {
                lines: t.lines,
                count: t.count,
                amount: t.amount,
                error_count: t.error_count,
                stopped_count: t.stopped_count,
                stopped_amount: t.stopped_amount,
            },
        }))
}

/// 労金控除依頼データエクスポート
///
/// The lines of a list as CSV (CP932, or `encoding=utf8` for UTF-8 with BOM), in the list's order;
/// written to the operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ExportQuery), security(("session" = [])), responses(
    (status = 200, description = "労金控除依頼データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/requests.csv")]
pub async fn requests_csv(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let list = q.list.unwrap_or_default();
    let encoding = csv_encoding(q.encoding);
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::REQUEST_EXPORT,
        "労金控除依頼データエクスポート",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (_, _, rows) = cycle_lines(&state, group.clone(), path, list).await?;
            let n = rows.len();
            let bytes = actix_web::web::block(move || {
                requests_file::write(
                    Vec::new(),
                    encoding,
                    path.occasion,
                    path.month,
                    rows.iter().map(report_line),
                )
            })
            .await?
            .map_err(csv_error)?;
            let name = format!(
                "労金控除依頼データ_{}_{}_{}.csv",
                path.occasion.label(),
                path.month.compact(),
                list.label()
            );
            let ascii = format!(
                "deduction-requests-{group}-{}-{}.csv",
                path.occasion.as_str(),
                path.month.compact()
            );
            let response = download(
                &format!("text/csv; charset={}", encoding.charset()),
                &ascii,
                &name,
                bytes,
            );
            state
                .metrics
                .export("deduction", "requests", "csv", n, started);
            Ok(Done::new(response).detail(format!("{} {n} 件", list.label())))
        })
        .await
}

/// 企業宛控除依頼: the rows of the employees (全件 or 異動分) and the totals.
fn employer_of(
    auth: &Clerk<Read>,
    path: CyclePath,
    scope: EmployerScope,
    rows: Vec<EmployeeRow>,
    payday: chrono::NaiveDate,
) -> EmployerRequest {
    let rows: Vec<EmployerRow> = rows
        .into_iter()
        .filter(|r| scope == EmployerScope::Movements || r.count > 0)
        .map(|r| EmployerRow {
            employee_no: r.employee_no,
            kana_name: r.kana_name,
            kanji_name: r.kanji_name,
            total: r.total,
            count: r.count,
            moved: r.moved != 0,
        })
        .collect();
    EmployerRequest {
        payment_group: auth.group.number.clone(),
        payment_group_name: auth.group.name.clone(),
        occasion: path.occasion,
        occasion_label: path.occasion.label().to_owned(),
        month: path.month,
        payday,
        scope,
        employee_count: i64::try_from(rows.len()).unwrap_or(i64::MAX),
        total: rows.iter().map(|r| r.total).sum(),
        rows,
    }
}

/// The employees of a cycle (企業宛控除依頼書), after the cycle and its data are checked.
async fn employees(
    state: &AppState,
    group: String,
    path: CyclePath,
    scope: EmployerScope,
) -> Result<(Vec<EmployeeRow>, chrono::NaiveDate), AppError> {
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    state
        .db(move |c| {
            let (cycle, _) = match cycle_with_run(c, &group, path, keep, now)? {
                Ok(x) => x,
                Err(e) => return Ok(Err(e)),
            };
            let rows = runs::employees(
                c,
                &path.key(&group),
                scope == EmployerScope::Movements,
                0,
                100_000,
            )?;
            Ok(Ok((rows, cycle.payday)))
        })
        .await?
}

/// 企業宛控除依頼データエクスポート
///
/// Per employee the total to deduct (解除 and error lines excluded), 全件 or 異動分, as JSON for payroll
/// programs.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    EmployerQuery), security(("session" = [])), responses(
    (status = 200, description = "企業宛控除依頼データ", body = EmployerRequest),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/employer-request")]
pub async fn employer_request(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<EmployerQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let scope = q.scope.unwrap_or_default();
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::EMPLOYER_EXPORT,
        "企業宛控除依頼データエクスポート",
        path.target(&group),
    )
    .function(auth.function());
    state
        .audited(&ctx, &auth, audit, async {
            let (rows, payday) = employees(&state, group.clone(), path, scope).await?;
            let out = employer_of(&auth, path, scope, rows, payday);
            let detail = format!("JSON {} {} 名", scope.label(), out.employee_count);
            Ok(Done::new(
                HttpResponse::Ok()
                    .insert_header(("cache-control", "no-store"))
                    .json(out),
            )
            .detail(detail))
        })
        .await
}

/// 企業宛控除依頼データエクスポート（CSV）
///
/// The same as CSV (CP932, or `encoding=utf8`).
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    EmployerQuery), security(("session" = [])), responses(
    (status = 200, description = "企業宛控除依頼データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/employer-request.csv")]
pub async fn employer_request_csv(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<EmployerQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let scope = q.scope.unwrap_or_default();
    let encoding = csv_encoding(q.encoding);
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::EMPLOYER_EXPORT,
        "企業宛控除依頼データエクスポート",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (rows, payday) = employees(&state, group.clone(), path, scope).await?;
            let out = employer_of(&auth, path, scope, rows, payday);
            let n = out.employee_count;
            let header = list_header(&auth, path, state.clock.now());
            let bytes = actix_web::web::block(move || {
                employer::write_csv(
                    Vec::new(),
                    encoding,
                    &header,
                    out.rows.iter().map(employer_row),
                )
            })
            .await?
            .map_err(csv_error)?;
            let name = format!(
                "企業宛控除依頼データ_{}_{}_{}.csv",
                path.occasion.label(),
                path.month.compact(),
                scope.label()
            );
            let ascii = format!(
                "employer-request-{group}-{}-{}.csv",
                path.occasion.as_str(),
                path.month.compact()
            );
            let response = download(
                &format!("text/csv; charset={}", encoding.charset()),
                &ascii,
                &name,
                bytes,
            );
            state
                .metrics
                .export("deduction", "employer-request", "csv", n, started);
            Ok(Done::new(response).detail(format!("CSV {} {n} 名", scope.label())))
        })
        .await
}

fn employer_row(r: &EmployerRow) -> employer::EmployerRow {
    employer::EmployerRow {
        employee_no: r.employee_no.clone(),
        kana_name: r.kana_name.clone(),
        kanji_name: r.kanji_name.clone().unwrap_or_default(),
        total: r.total,
        count: r.count,
        moved: r.moved,
    }
}

/// `?list=` of 労金控除依頼リスト出力's PDF.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestListQuery {
    /// `all` 控除依頼リスト (省略時) / `counter` 窓口扱い控除依頼内容変更リスト / `errors`
    /// 控除依頼明細エラーリスト / `movements` 控除依頼異動分リスト.
    #[param(value_type = Option<String>, pattern = "^(all|counter|errors|movements)$")]
    pub list: Option<LineList>,
}

/// 労金控除依頼リスト出力
///
/// 控除依頼リスト, 窓口扱い控除依頼内容変更リスト, 控除依頼明細エラー リスト or 控除依頼異動分リスト as PDF (A4 landscape); written to the
/// operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    RequestListQuery
), security(("session" = [])), responses(
    (status = 200, description = "リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り・依頼リストではない list (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/request-list.pdf")]
pub async fn request_list_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<RequestListQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let list = q.list.unwrap_or_default();
    let (title, ascii): (&str, &str) = match list {
        LineList::All => (request_list::TITLE, "request-list"),
        LineList::Counter => (counter_list::TITLE, "counter-list"),
        LineList::Errors => (error_list::TITLE, "error-list"),
        LineList::Movements => (movement_list::TITLE, "movement-list"),
        _ => {
            return Err(AppError::new(cjs_api_types::ErrorCode::E1000).details(
                serde_json::json!({ "reason": "list: all, counter, errors or movements" }),
            ));
        }
    };
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::REQUEST_LISTS,
        "労金控除依頼リスト出力",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (_, _, rows) = cycle_lines(&state, group.clone(), path, list).await?;
            let n = rows.len();
            let header = list_header(&auth, path, state.clock.now());
            let bytes = render(move || {
                let lines: Vec<_> = rows.iter().map(report_line).collect();
                match list {
                    LineList::Counter => counter_list::render(&header, &lines),
                    LineList::Errors => error_list::render(&header, &lines),
                    LineList::Movements => movement_list::render(&header, &lines),
                    _ => request_list::render(&header, &lines),
                }
            })
            .await?;
            state.metrics.export("deduction", ascii, "pdf", n, started);
            Ok(Done::new(pdf(bytes, title, ascii, &group, path)).detail(format!("{title} {n} 件")))
        })
        .await
}

/// 企業宛控除依頼書出力
///
/// One row per employee with the total to deduct, addressed to the employer's payroll (A4
/// portrait), 全件 or 異動分; written to the operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    EmployerQuery
), security(("session" = [])), responses(
    (status = 200, description = "企業宛控除依頼書 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/employer-request.pdf")]
pub async fn employer_request_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<EmployerQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let scope = q.scope.unwrap_or_default();
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::EMPLOYER_LIST,
        "企業宛控除依頼書出力",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (rows, payday) = employees(&state, group.clone(), path, scope).await?;
            let out = employer_of(&auth, path, scope, rows, payday);
            let n = out.employee_count;
            let header = list_header(&auth, path, state.clock.now());
            let bytes = render(move || {
                let rows: Vec<_> = out.rows.iter().map(employer_row).collect();
                let scope = match scope {
                    EmployerScope::All => employer::Scope::All,
                    EmployerScope::Movements => employer::Scope::Movements,
                };
                employer::render(&header, scope, &rows)
            })
            .await?;
            state
                .metrics
                .export("deduction", "employer-request", "pdf", n, started);
            Ok(Done::new(pdf(
                bytes,
                employer::TITLE,
                "employer-request",
                &group,
                path,
            ))
            .detail(format!("{} {n} 名", scope.label())))
        })
        .await
}
