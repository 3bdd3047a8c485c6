//! 賃控元帳明細更新履歴照会 (LR104101): who changed which line when, on which screen (新規登録,
//! 変更, 解除, 一括更新, インポート) and what (before → after), newest first.

use actix_web::web::Query;
use actix_web::{HttpRequest, HttpResponse, get};
use chrono::Days;
use cjs_api_types::ApiError;
use cjs_api_types::ledger::{HistoryPage, HistoryQuery};
use cjs_store::ledger::lines::{self, HistoryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::history_view;
use super::{Clerk, slice};
use crate::auth::Read;
use crate::error::AppError;
use crate::routes::deduction::history::jst_midnight;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(history);
}

/// 賃控元帳明細更新履歴照会
///
/// The group's changes (職員番号, 明細, 種目, 更新日 in Japan), newest first.
#[utoipa::path(tag = "ledger", params(HistoryQuery), security(("session" = [])), responses(
    (status = 200, description = "更新履歴 (1ページ分) と件数", body = HistoryPage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError)
))]
#[get("/ledger/history")]
pub async fn history(req: HttpRequest, q: Query<HistoryQuery>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let (page, per_page) = (q.page(), q.per_page());
    let from = q.from.and_then(jst_midnight);
    let to =
        q.to.and_then(|d| d.checked_add_days(Days::new(1)))
            .and_then(jst_midnight);
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let (employee_no, line_id, item_code) = (
        nonempty(q.employee_no),
        nonempty(q.line_id),
        nonempty(q.item_code),
    );
    let (offset, limit) = slice(page, per_page);
    let (_, (total, rows)) = Clerk::<Read>::read(&req, move |c, auth| {
        lines::history(
            c,
            &auth.group.number,
            &HistoryFilter {
                employee_no: employee_no.as_deref(),
                line_id: line_id.as_deref(),
                item_code: item_code.as_deref(),
                from,
                to,
                offset,
                limit,
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(HistoryPage {
            total,
            page,
            per_page,
            items: rows.into_iter().map(history_view).collect(),
        }))
}
