//! 賃控元帳明細照会 (LR101101: search; LR101201: one line, 変更, 解除), 賃控元帳明細新規登録
//! (LR102101), 賃控元帳明細データエクスポート (LR109101) and インポート (LR110101). The rules are
//! `cjs_domain::ledger::{line, commands, import}`; the store writes each change with its history,
//! the version checked in the update itself, an import in one transaction.

use actix_web::web::{Data, Json, Path, Payload, Query};
use actix_web::{HttpRequest, HttpResponse, get, post, put};
use cjs_api_types::ledger::{
    ExportQuery, ImportMode, ImportQuery, ImportReport, LineCancelRequest, LineChangeRequest,
    LineInput, LinePage, LineQuery, LineSort, SortOrder, StateFilter, screen,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::kana;
use cjs_domain::ledger::commands::{Change, plan_add, plan_cancel, plan_change};
use cjs_domain::ledger::{Item, Refusal};
use cjs_domain::rules::Field;
use cjs_store::StoreError;
use cjs_store::ledger::items;
use cjs_store::ledger::lines::{self, LineFilter, LineRow};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::{self, line_view, stamp};
use super::{Clerk, Format, Paper, audit, file_body, paper, refused, slice, writer};
use crate::auth::{Read, Write};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(search)
        .service(create)
        .service(export)
        .service(import)
        .service(show)
        .service(change_line)
        .service(cancel);
}

/// E1003: an 有効 line with the same 職員番号・種目 exists.
fn duplicate(what: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::E1003)
        .item("職員番号・種目の明細")
        .details(serde_json::json!({ "field": "employee_no" }))
        .cause(what)
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// 賃控元帳明細照会
///
/// The group's lines, searched (職員番号, カナ氏名 prefix, 種目, 状態), sorted and paged.
#[utoipa::path(tag = "ledger", params(LineQuery), security(("session" = [])), responses(
    (status = 200, description = "明細の一覧 (1ページ分) と件数", body = LinePage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 422, description = "カナ氏名に使用できない文字 (E1009)", body = ApiError)
))]
#[get("/ledger/lines")]
pub async fn search(req: HttpRequest, q: Query<LineQuery>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let kana_prefix = q
        .kana_prefix
        .as_deref()
        .map(|k| kana::search_prefix(Field::KanaName, k))
        .transpose()?
        .filter(|k| !k.is_empty());
    let (page, per_page) = (q.page(), q.per_page());
    let sort = match q.sort.unwrap_or_default() {
        LineSort::EmployeeNo => lines::LineSort::EmployeeNo,
        LineSort::KanaName => lines::LineSort::KanaName,
        LineSort::Item => lines::LineSort::Item,
        LineSort::UpdatedAt => lines::LineSort::UpdatedAt,
    };
    let descending = q.order.unwrap_or_default() == SortOrder::Desc;
    let state = views::state_filter(q.state.unwrap_or(StateFilter::Active));
    let (employee_no, item_code) = (nonempty(q.employee_no), nonempty(q.item_code));
    let (offset, limit) = slice(page, per_page);
    let (_, (total, rows)) = Clerk::<Read>::read(&req, move |c, auth| {
        lines::search(
            c,
            &auth.group.number,
            &LineFilter {
                employee_no: employee_no.as_deref(),
                kana_prefix: kana_prefix.as_deref(),
                item_code: item_code.as_deref(),
                state,
                sort,
                descending,
                offset,
                limit,
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(LinePage {
            total,
            page,
            per_page,
            items: rows.iter().map(line_view).collect(),
        }))
}

/// 賃控元帳明細照会（明細）
///
/// One line of the group.
#[utoipa::path(tag = "ledger", params(("id" = String, Path, description = "明細ID")), security(("session" = [])), responses(
    (status = 200, description = "明細", body = cjs_api_types::ledger::LineView),
    (status = 404, description = "この入金グループの明細ではない (E9404)", body = ApiError)
))]
#[get("/ledger/lines/{id}")]
pub async fn show(req: HttpRequest, path: Path<String>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (_, row) =
        Clerk::<Read>::read(&req, move |c, auth| lines::get(c, &auth.group.number, &id)).await?;
    let row = row.ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(line_view(&row)))
}

/// 賃控元帳明細新規登録
///
/// A new line (有効, 版 1; 適用月 = 開始月).
#[utoipa::path(tag = "ledger", request_body = LineInput, security(("session" = [])), responses(
    (status = 201, description = "登録した明細", body = cjs_api_types::ledger::LineView),
    (status = 409, description = "同じ職員番号・種目の有効な明細がある (E1003)", body = ApiError),
    (status = 422, description = "入力エラー (E1001 / E1002 / E1009) / 金額がすべて0 (E1019) / 種目が認めない金額 (E1031) / 未登録の種目コード (E1041)", body = ApiError)
))]
#[post("/ledger/lines")]
pub async fn create(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    body: Json<LineInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::LINE_NEW,
            "賃控元帳明細新規登録",
            &input.employee_no,
        ),
    );
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            let detail = format!("職員番号 {} 種目 {}", input.employee_no, input.item_code);
            let row = state
                .commit(&journal, detail, move |c| {
                    let items = items::catalogue(c, &group)?;
                    let change = match plan_add(&input, &items) {
                        Ok(ch) => ch,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    let by = stamp(&uid, &uname, screen::LINE_NEW, now);
                    match lines::insert(c, &group, &change, &by) {
                        Ok(row) => Ok(Ok(row)),
                        Err(StoreError::Conflict(what)) => Ok(Err(duplicate(what))),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            Ok(Done::new(HttpResponse::Created().json(line_view(&row))))
        })
        .await
}

/// A change (変更 or 解除) of a stored line, planned and written in one transaction.
async fn apply<P>(
    state: &AppState,
    ctx: &Ctx,
    auth: &Clerk<Write>,
    id: String,
    action: &'static str,
    plan: P,
) -> Result<HttpResponse, AppError>
where
    P: FnOnce(&LineRow, &[Item]) -> Result<Change, Refusal> + Send + 'static,
{
    let group = auth.group.number.clone();
    let journal = state.journal(ctx, auth, audit(auth, screen::LINE_EDIT, action, &id));
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(auth);
            let row = state
                .commit(&journal, "", move |c| {
                    let Some(current) = lines::get(c, &group, &id)? else {
                        return Ok(Err(AppError::not_found()));
                    };
                    let items = items::catalogue(c, &group)?;
                    let change = match plan(&current, &items) {
                        Ok(ch) => ch,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    let by = stamp(&uid, &uname, screen::LINE_EDIT, now);
                    match lines::apply(c, &group, &id, &change, &by) {
                        Ok(Ok(row)) => Ok(Ok(row)),
                        Ok(Err(r)) => Ok(Err(refused(r))),
                        Err(StoreError::Conflict(what)) => Ok(Err(duplicate(what))),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            let detail = format!(
                "職員番号 {} 種目 {} 版 {}",
                row.employee_no, row.item_code, row.version
            );
            Ok(Done::new(HttpResponse::Ok().json(line_view(&row))).detail(detail))
        })
        .await
}

/// 賃控元帳明細照会（変更）
///
/// The line as the form gives it (職員番号 stays), on the version read; changed amounts apply
/// from 適用月, the months before keep the amounts they had.
#[utoipa::path(tag = "ledger", params(("id" = String, Path, description = "明細ID")), request_body = LineChangeRequest, security(("session" = [])), responses(
    (status = 200, description = "変更後の明細 (版 +1)", body = cjs_api_types::ledger::LineView),
    (status = 404, description = "この入金グループの明細ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 解除済 (E1012) / 同じ職員番号・種目の有効な明細がある (E1003)", body = ApiError),
    (status = 422, description = "入力エラー・適用月なし (E1001 / E1002 / E1009) / 金額がすべて0 (E1019) / 種目が認めない金額 (E1031) / 未登録の種目コード (E1041)", body = ApiError)
))]
#[put("/ledger/lines/{id}")]
pub async fn change_line(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<String>,
    body: Json<LineChangeRequest>,
) -> Result<HttpResponse, AppError> {
    let LineChangeRequest {
        version,
        line,
        amounts_from,
    } = body.into_inner();
    apply(
        &state,
        &ctx,
        &auth,
        path.into_inner(),
        "賃控元帳明細変更",
        move |current, items| {
            let from = views::month_opt(amounts_from.as_deref(), Field::AmountsFrom)?;
            plan_change(&current.line(), version, &line, from, items)
        },
    )
    .await
}

/// 賃控元帳明細照会（解除）
///
/// The line 解除 (kept for its history), on the version read.
#[utoipa::path(tag = "ledger", params(("id" = String, Path, description = "明細ID")), request_body = LineCancelRequest, security(("session" = [])), responses(
    (status = 200, description = "解除した明細 (版 +1)", body = cjs_api_types::ledger::LineView),
    (status = 404, description = "この入金グループの明細ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 解除済 (E1012)", body = ApiError)
))]
#[post("/ledger/lines/{id}/cancel")]
pub async fn cancel(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<String>,
    body: Json<LineCancelRequest>,
) -> Result<HttpResponse, AppError> {
    let version = body.version;
    apply(
        &state,
        &ctx,
        &auth,
        path.into_inner(),
        "賃控元帳明細解除",
        move |current, items| plan_cancel(&current.line(), version, items),
    )
    .await
}

/// 賃控元帳明細データエクスポート
///
/// Every 有効 line as CSV (`docs/ledger.md` §6.2: CP932, or `encoding=utf8` for UTF-8 with
/// BOM), sorted 職員番号, 種目表示順, 種目コード; the file imports back unchanged.
#[utoipa::path(tag = "ledger", params(ExportQuery), security(("session" = [])), responses(
    (status = 200, description = "賃控元帳明細データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/lines.csv")]
pub async fn export(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let today = cjs_domain::calendar::jst(state.clock.now())
        .format("%Y%m%d")
        .to_string();
    let group = auth.group.number.clone();
    let sheet = Paper {
        screen: screen::LINE_EXPORT,
        action: "賃控元帳明細データエクスポート",
        title: super::files::LINES_DATA.0,
        ascii: super::files::LINES_DATA.1,
        format: Format::csv(q.encoding),
        target: "lines".to_owned(),
        name_tail: format!("{group}_{today}"),
        ascii_tail: format!("{group}-{today}"),
    };
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        |c, group| Ok(Ok(views::export_rows(c, group)?)),
        |rows, _, format| super::files::lines_csv(&rows, format),
    )
    .await
}

/// 賃控元帳明細データインポート
///
/// The exported file, edited, back (the body is the file: CP932 or UTF-8 with or without BOM,
/// ≤ 32 MB). Rows match the 有効 line of the same 職員番号 + 種目コード: new, changed or unchanged
/// (importing the same file twice changes nothing). `mode=check` lists every problem by line and
/// column and writes nothing; `mode=apply` writes every row in one transaction, or nothing when
/// any row has a problem (E1038 with the same report).
#[utoipa::path(tag = "ledger", params(ImportQuery), request_body(content = String, content_type = "text/csv", description = "賃控元帳明細データ (`docs/ledger.md` §6.2)"), security(("session" = [])), responses(
    (status = 200, description = "取込結果 (check: 件数と問題の一覧; apply: 書き込んだ件数)", body = ImportReport),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 413, description = "ファイルが大きすぎる (E9413)", body = ApiError),
    (status = 422, description = "ファイルにエラーがある (E1038、details に取込結果) / 適用月の誤り (E1001 / E1002)", body = ApiError)
))]
#[post("/ledger/import")]
pub async fn import(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    q: Query<ImportQuery>,
    payload: Payload,
) -> Result<HttpResponse, AppError> {
    let ImportQuery { mode, amounts_from } = q.into_inner();
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::LINE_IMPORT,
            "賃控元帳明細データインポート",
            "import",
        ),
    );
    let started = std::time::Instant::now();
    let mut rows = None;
    let result = state
        .audited_in(&journal, async {
            let bytes = file_body(payload).await?;
            let from = views::month_required(amounts_from.as_deref(), Field::AmountsFrom)
                .map_err(refused)?;
            let file = actix_web::web::block(move || views::parse_lines_file(&bytes)).await?;
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            if mode == ImportMode::Apply {
                let detail = format!("取込 {} 行", file.rows());
                let report = state
                    .commit(&journal, detail, move |c| {
                        let by = stamp(&uid, &uname, screen::LINE_IMPORT, now);
                        views::import_lines(c, &group, &file, from, Some(&by))
                    })
                    .await?;
                rows = Some(report.rows);
                return Ok(Done::new(HttpResponse::Ok().json(&report)));
            }
            let report: ImportReport = state
                .db(move |c| views::import_lines(c, &group, &file, from, None))
                .await??;
            rows = Some(report.rows);
            let detail = format!(
                "確認 {} 行 新規 {} 変更 {} 変更なし {} エラー {}",
                report.rows,
                report.new,
                report.changed,
                report.unchanged,
                report.problems.len()
            );
            Ok(Done::new(
                HttpResponse::Ok()
                    .insert_header(("cache-control", "no-store"))
                    .json(&report),
            )
            .detail(detail))
        })
        .await;
    let outcome = rows
        .filter(|_| result.is_ok())
        .map(|r| usize::try_from(r).unwrap_or(0));
    state
        .metrics
        .import("ledger_lines", mode.key(), outcome, started);
    result
}
