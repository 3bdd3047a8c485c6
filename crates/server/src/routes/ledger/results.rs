//! 賃控元帳結果リスト出力 (LR107101): the clerk records which run lines payroll deducted or could
//! not (on screen, or payroll's CSV imported), all or nothing; 賃控元帳控除結果リスト and
//! 賃控元帳控除不能リスト as PDF. The lines with their results are read through
//! `GET …/lines?list=results|failed` (`runs`). Rules: `cjs_domain::ledger::results`.

use actix_web::web::{Data, Json, Path, Payload, Query};
use actix_web::{HttpResponse, get, post, put};
use cjs_api_types::ApiError;
use cjs_api_types::ledger::{
    ImportMode, ImportQuery, ImportReport, ResultListQuery, ResultsRequest, screen,
};
use cjs_domain::ledger::RunList;
use cjs_domain::schedule::Occasion;
use utoipa_actix_web::service_config::ServiceConfig;

use super::files;
use super::views::{self, stamp};
use super::{Clerk, CyclePath, Format, Paper, audit, cycle_target, file_body, paper, writer};
use crate::auth::{Read, Write};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(record).service(import).service(results_pdf);
}

/// 賃控元帳結果リスト出力（結果登録）
///
/// The results of the named lines (済, 不能 with its reason, or null to clear), on the run's
/// version; all or nothing, lines not named keep theirs.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), request_body = ResultsRequest, security(("session" = [])), responses(
    (status = 200, description = "結果登録後の控除依頼 (版 +1)", body = cjs_api_types::ledger::RunView),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "誤りのある結果がある (E1038、details に行ごとの理由)", body = ApiError)
))]
#[put("/ledger/cycles/{occasion}/{month}/results")]
pub async fn record(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<CyclePath>,
    body: Json<ResultsRequest>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let ResultsRequest { version, results } = body.into_inner();
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::RESULT_LISTS,
            "賃控元帳控除結果登録",
            cycle_target(path),
        ),
    );
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            let detail = format!("{} 件 版 {version}", results.len());
            let run = state
                .commit(&journal, detail, move |c| {
                    let by = stamp(&uid, &uname, screen::RESULT_LISTS, now);
                    views::record_results(c, &path.key(&group), version, &results, &by)
                })
                .await?;
            Ok(Done::new(HttpResponse::Ok().json(run)))
        })
        .await
}

/// 賃控元帳結果リスト出力（結果データ取込）
///
/// Payroll's result file (`docs/ledger.md` §6.4: 職員番号,種目コード,結果,不能理由,不能理由（その他）;
/// CP932 or UTF-8) matched to the run lines by 職員番号 + 種目コード. `mode=check` lists every
/// problem and writes nothing; `mode=apply` records every row in one transaction, or nothing
/// when any row has a problem (E1038 with the same report).
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ImportQuery
), request_body(content = String, content_type = "text/csv", description = "控除結果データ (`docs/ledger.md` §6.4)"), security(("session" = [])), responses(
    (status = 200, description = "取込結果", body = ImportReport),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 413, description = "ファイルが大きすぎる (E9413)", body = ApiError),
    (status = 422, description = "ファイルにエラーがある (E1038、details に取込結果)", body = ApiError)
))]
#[post("/ledger/cycles/{occasion}/{month}/results/import")]
pub async fn import(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<CyclePath>,
    q: Query<ImportQuery>,
    payload: Payload,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let mode = q.mode;
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::RESULT_LISTS,
            "賃控元帳控除結果データ取込",
            cycle_target(path),
        ),
    );
    let started = std::time::Instant::now();
    let mut rows = None;
    let result = state
        .audited_in(&journal, async {
            let bytes = file_body(payload).await?;
            let parsed = actix_web::web::block(move || views::parse_results_file(&bytes)).await?;
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            if mode == ImportMode::Apply {
                let detail = format!("取込 {} 行", parsed.rows());
                let report = state
                    .commit(&journal, detail, move |c| {
                        let by = stamp(&uid, &uname, screen::RESULT_LISTS, now);
                        views::import_results(c, &path.key(&group), &parsed, Some(&by))
                    })
                    .await?;
                rows = Some(report.rows);
                return Ok(Done::new(HttpResponse::Ok().json(report)));
            }
            let report: ImportReport = state
                .db(move |c| views::import_results(c, &path.key(&group), &parsed, None))
                .await??;
            rows = Some(report.rows);
            let detail = format!("確認 {} 行 エラー {}", report.rows, report.problems.len());
            Ok(Done::new(
                HttpResponse::Ok()
                    .insert_header(("cache-control", "no-store"))
                    .json(report),
            )
            .detail(detail))
        })
        .await;
    let outcome = rows
        .filter(|_| result.is_ok())
        .map(|r| usize::try_from(r).unwrap_or(0));
    state
        .metrics
        .import("ledger_results", mode.key(), outcome, started);
    result
}

/// 賃控元帳結果リスト出力
///
/// 賃控元帳控除結果リスト or 賃控元帳控除不能リスト as PDF (A4 landscape); written to the operation
/// log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ResultListQuery
), security(("session" = [])), responses(
    (status = 200, description = "結果リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/results.pdf")]
pub async fn results_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<ResultListQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let which = q.list.unwrap_or_default();
    let sheet = Paper::of_cycle(
        &auth,
        path,
        screen::RESULT_LISTS,
        "賃控元帳結果リスト出力",
        files::result_title(which),
        Format::Pdf,
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| views::run_rows(c, &path.key(group), RunList::All),
        move |rows, sheet, _| files::result_list_pdf(&rows, &sheet, path, which),
    )
    .await
}
