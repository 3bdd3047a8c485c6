//! 労金控除結果リスト出力 (DR111101): the lines with the bank's results are read through
//! `GET …/lines?list=results|failed|kana_mismatch` (`cycles`); the three lists' PDFs are here.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::deduction::{ResultList, screen};
use cjs_domain::deduction::LineList;
use cjs_domain::schedule::Occasion;
use cjs_reports::deduction::{failed_list, kana_mismatch_list, result_list};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{Clerk, CyclePath, cycle_lines, list_header, pdf, render, report_line};
use crate::auth::Read;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(results_pdf);
}

/// `?list=` of the result lists.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultListQuery {
    /// `all` 控除結果リスト (省略時) / `failed` 控除不能リスト / `kana_mismatch` カナ氏名不一致リスト.
    pub list: Option<ResultList>,
}

/// 労金控除結果リスト出力
///
/// 控除結果リスト, 控除不能リスト or カナ氏名不一致リスト as PDF (A4 landscape); written to the operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ResultListQuery
), security(("session" = [])), responses(
    (status = 200, description = "結果リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/results.pdf")]
pub async fn results_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<ResultListQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let which = q.list.unwrap_or_default();
    let (title, ascii) = match which {
        ResultList::All => (result_list::TITLE, "result-list"),
        ResultList::Failed => (failed_list::TITLE, "failed-list"),
        ResultList::KanaMismatch => (kana_mismatch_list::TITLE, "kana-mismatch-list"),
    };
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::RESULT_LISTS,
        "労金控除結果リスト出力",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (_, _, rows) =
                cycle_lines(&state, group.clone(), path, LineList::from(which)).await?;
            let n = rows.len();
            let header = list_header(&auth, path, state.clock.now());
            let bytes = render(move || {
                let lines: Vec<_> = rows.iter().map(report_line).collect();
                match which {
                    ResultList::All => result_list::render(&header, &lines),
                    ResultList::Failed => failed_list::render(&header, &lines),
                    ResultList::KanaMismatch => kana_mismatch_list::render(&header, &lines),
                }
            })
            .await?;
            state.metrics.export("deduction", ascii, "pdf", n, started);
            Ok(Done::new(pdf(bytes, title, ascii, &group, path)).detail(format!("{title} {n} 件")))
        })
        .await
}
