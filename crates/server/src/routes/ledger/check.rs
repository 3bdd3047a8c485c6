//! 賃控元帳確認リスト出力 (LR103101): the live ledger for a chosen cycle, before any 控除依頼 is
//! made — 賃控元帳内訳リスト (per person, every item), 賃控元帳種目合計リスト (per item) and
//! 賃控元帳異動分リスト (against the last run of the same 支給区分 before the month). A JSON
//! preview (paged) and the PDF.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::ledger::{CheckList, CheckPage, PageQuery, screen};
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use super::files;
use super::views::{self, CheckData};
use super::{Clerk, CyclePath, Format, Paper, paper};
use crate::auth::Read;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    // The PDF first: `{list}` alone would take `breakdown.pdf` as a list name.
    cfg.service(check_pdf).service(check_page);
}

/// `{occasion}/{month}/check/{list}`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct CheckPath {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub list: CheckList,
}

impl CheckPath {
    fn cycle(self) -> CyclePath {
        CyclePath {
            occasion: self.occasion,
            month: self.month,
        }
    }
}

/// 賃控元帳確認リスト出力（明細）
///
/// One page of a 確認リスト for the cycle, computed from the ledger as it is now, with the
/// list's totals (summed over every row).
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ("list" = CheckList, Path, description = "breakdown 内訳 / items 種目合計 / movements 異動分"),
    PageQuery), security(("session" = [])), responses(
    (status = 200, description = "リストの行 (1ページ分)・合計", body = CheckPage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/check/{list}")]
pub async fn check_page(
    req: HttpRequest,
    path: Path<CheckPath>,
    q: Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let (page, per_page) = (q.page(), q.per_page());
    let (_, data) = Clerk::<Read>::read(&req, move |c, auth| {
        views::check_data(c, &auth.group.number, path.cycle(), path.list)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(data.page(path.occasion, path.month, path.list, page, per_page)))
}

/// 賃控元帳確認リスト出力
///
/// 賃控元帳内訳リスト, 賃控元帳種目合計リスト (A4 portrait) or 賃控元帳異動分リスト as PDF; written to the
/// operation log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ("list" = CheckList, Path, description = "breakdown 内訳 / items 種目合計 / movements 異動分")
), security(("session" = [])), responses(
    (status = 200, description = "確認リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/check/{list}.pdf")]
pub async fn check_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CheckPath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let (cycle, list) = (path.cycle(), path.list);
    let sheet = Paper::of_cycle(
        &auth,
        cycle,
        screen::CHECK_LISTS,
        "賃控元帳確認リスト出力",
        files::check_title(list),
        Format::Pdf,
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| Ok(Ok(views::check_data(c, group, cycle, list)?)),
        move |data: CheckData, sheet, _| files::check_pdf(&data, &sheet, cycle),
    )
    .await
}
