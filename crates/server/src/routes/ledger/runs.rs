//! 控除依頼 (run) of a cycle: 作成 / 作成し直し, the runs to choose from, the run lines
//! (賃控元帳控除依頼リスト出力's preview and the result lists'), 賃控元帳控除依頼リスト and
//! 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト (LR105101), 賃控元帳控除依頼データエクスポート
//! (LR106101).

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get, post};
use cjs_api_types::ApiError;
use cjs_api_types::ledger::{
    ExportQuery, MismatchList, RunCreateRequest, RunLinePage, RunLineQuery, Runs, screen,
};
use cjs_domain::ledger::RunList;
use cjs_domain::schedule::Occasion;
use cjs_store::ledger::runs;
use utoipa_actix_web::service_config::ServiceConfig;

use super::files;
use super::views::{self, stamp};
use super::{Clerk, CyclePath, Format, Paper, audit, cycle_target, paper, refused, writer};
use crate::auth::{Read, Write};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_runs)
        .service(show_run)
        .service(create_run)
        .service(run_lines)
        .service(request_list_pdf)
        .service(mismatches)
        .service(mismatch_list_pdf)
        .service(requests_csv);
}

/// 賃控元帳控除依頼リスト出力（控除依頼一覧）
///
/// The group's runs, newest 控除年月 first, with their totals by result.
#[utoipa::path(tag = "ledger", security(("session" = [])), responses(
    (status = 200, description = "控除依頼の一覧", body = Runs)
))]
#[get("/ledger/runs")]
pub async fn list_runs(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (_, runs) =
        Clerk::<Read>::read(&req, move |c, auth| views::runs_of(c, &auth.group.number)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(Runs { runs }))
}

/// 賃控元帳控除依頼リスト出力（控除依頼）
///
/// The cycle's run with its totals by result.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 200, description = "控除依頼", body = cjs_api_types::ledger::RunView),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/run")]
pub async fn show_run(req: HttpRequest, path: Path<CyclePath>) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let (_, run) = Clerk::<Read>::read(&req, move |c, auth| {
        views::run_of(c, &path.key(&auth.group.number))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(run?))
}

/// 賃控元帳控除依頼リスト出力（作成）
///
/// The cycle's run made from the ledger as it is now (every line giving an amount for the
/// 支給区分 and 控除年月), or made again (`replace`) until a result is recorded.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), request_body = RunCreateRequest, security(("session" = [])), responses(
    (status = 201, description = "作成した控除依頼", body = cjs_api_types::ledger::RunView),
    (status = 409, description = "結果登録済で作成し直せない (E1035) / 作成済 (E1036)", body = ApiError),
    (status = 422, description = "対象の明細がない (E1037)", body = ApiError)
))]
#[post("/ledger/cycles/{occasion}/{month}/run")]
pub async fn create_run(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<CyclePath>,
    body: Json<RunCreateRequest>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let replace = body.replace;
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::REQUEST_LISTS,
            "賃控元帳控除依頼データ作成",
            cycle_target(path),
        ),
    );
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            let detail = if replace { "作成し直し" } else { "作成" };
            let run = state
                .commit(&journal, detail, move |c| {
                    let by = stamp(&uid, &uname, screen::REQUEST_LISTS, now);
                    let key = path.key(&group);
                    if let Err(r) = runs::create(c, &key, replace, &by)? {
                        return Ok(Err(refused(r)));
                    }
                    views::run_of(c, &key)
                })
                .await?;
            Ok(Done::new(HttpResponse::Created().json(run)))
        })
        .await
}

/// 賃控元帳控除依頼リスト出力（明細）
///
/// One page of the run's lines with the run's totals (summed by the database). `list=results`
/// and `list=failed` give the lines of 賃控元帳結果リスト出力.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    RunLineQuery), security(("session" = [])), responses(
    (status = 200, description = "明細 (1ページ分)・件数・合計", body = RunLinePage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/lines")]
pub async fn run_lines(
    req: HttpRequest,
    path: Path<CyclePath>,
    q: Query<RunLineQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let (list, page, per_page) = (q.list(), q.page(), q.per_page());
    let (_, out) = Clerk::<Read>::read(&req, move |c, auth| {
        views::run_line_page(c, &path.key(&auth.group.number), list, page, per_page)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(out?))
}

/// 賃控元帳控除依頼リスト出力
///
/// 賃控元帳控除依頼リスト as PDF (A4 landscape; 小計 per 職員番号 with 2+ lines); written to the
/// operation log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 200, description = "賃控元帳控除依頼リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/request-list.pdf")]
pub async fn request_list_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let sheet = Paper::of_cycle(
        &auth,
        path,
        screen::REQUEST_LISTS,
        "賃控元帳控除依頼リスト出力",
        files::REQUEST_LIST,
        Format::Pdf,
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| views::run_rows(c, &path.key(group), RunList::All),
        move |rows, sheet, _| files::request_list_pdf(&rows, &sheet, path),
    )
    .await
}

/// 賃控元帳控除依頼リスト出力（相違）
///
/// The run's lines whose 職員番号 has a different カナ氏名 in the group's 有効 労金控除 details, or
/// equals one there as a number but not in its digits (lost leading zeros).
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 200, description = "相違の一覧", body = MismatchList),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/mismatches")]
pub async fn mismatches(req: HttpRequest, path: Path<CyclePath>) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let (_, out) = Clerk::<Read>::read(&req, move |c, auth| {
        views::mismatches(c, &path.key(&auth.group.number))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(views::mismatch_list(&out?, path)))
}

/// 賃控元帳控除依頼リスト出力（相違リスト）
///
/// 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト as PDF; written to the operation log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 200, description = "相違リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/mismatch-list.pdf")]
pub async fn mismatch_list_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let sheet = Paper::of_cycle(
        &auth,
        path,
        screen::REQUEST_LISTS,
        "賃控元帳控除依頼リスト出力",
        files::MISMATCH_LIST,
        Format::Pdf,
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| views::mismatches(c, &path.key(group)),
        move |rows, sheet, _| files::mismatch_list_pdf(&rows, &sheet, path),
    )
    .await
}

/// 賃控元帳控除依頼データエクスポート
///
/// The run's lines as CSV (`docs/ledger.md` §6.1: CP932, or `encoding=utf8` for UTF-8 with BOM);
/// written to the operation log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ExportQuery), security(("session" = [])), responses(
    (status = 200, description = "賃控元帳控除依頼データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/requests.csv")]
pub async fn requests_csv(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let sheet = Paper::of_cycle(
        &auth,
        path,
        screen::REQUEST_EXPORT,
        "賃控元帳控除依頼データエクスポート",
        files::REQUEST_DATA,
        Format::csv(q.encoding),
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| views::run_rows(c, &path.key(group), RunList::All),
        move |rows, _, format| files::requests_csv(&rows, format, path),
    )
    .await
}
