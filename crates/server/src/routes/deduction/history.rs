//! 労金控除明細更新履歴照会 (DR103101): who changed which detail when, what (before → after) and
//! from where (Web / 窓口), newest first.

use actix_web::web::Query;
use actix_web::{HttpRequest, HttpResponse, get};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use cjs_api_types::ApiError;
use cjs_api_types::deduction::{HistoryChangeView, HistoryPage, HistoryQuery, HistoryView};
use cjs_domain::calendar::JST;
use cjs_store::deduction::details::{self, HistoryFilter, HistoryRow};
use cjs_store::time::from_db;
use utoipa_actix_web::service_config::ServiceConfig;

use super::Clerk;
use crate::auth::Read;
use crate::error::AppError;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(history);
}

/// Midnight at the start of `d` in Japan, in UTC.
pub fn jst_midnight(d: NaiveDate) -> Option<chrono::DateTime<Utc>> {
    JST.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn history_view(h: HistoryRow) -> HistoryView {
    HistoryView {
        detail_id: h.detail_id,
        version: h.version,
        at: from_db(h.at),
        user_id: h.user_id,
        user_name: h.user_name,
        action: h.action,
        action_label: h.action.label().to_owned(),
        source: h.source,
        source_label: h.source.label().to_owned(),
        employee_no: h.employee_no,
        kana_name: h.kana_name,
        changes: h.changes.iter().map(HistoryChangeView::from).collect(),
    }
}

/// 労金控除明細更新履歴照会
///
/// The group's changes (職員番号, 明細, 更新日 in Japan), newest first.
#[utoipa::path(tag = "deduction", params(HistoryQuery), security(("session" = [])), responses(
    (status = 200, description = "更新履歴 (1ページ分) と件数", body = HistoryPage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError)
))]
#[get("/deduction/history")]
pub async fn history(req: HttpRequest, q: Query<HistoryQuery>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let (page, per_page) = (q.page(), q.per_page());
    let from = q.from.and_then(jst_midnight);
    let to =
        q.to.and_then(|d| d.checked_add_days(Days::new(1)))
            .and_then(jst_midnight);
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let (employee_no, detail_id) = (nonempty(q.employee_no), nonempty(q.detail_id));
    let (_, (total, rows)) = Clerk::<Read>::read(&req, move |c, auth| {
        details::history(
            c,
            &auth.group.number,
            &HistoryFilter {
                employee_no: employee_no.as_deref(),
                detail_id: detail_id.as_deref(),
                from,
                to,
                offset: i64::from(page - 1) * i64::from(per_page),
                limit: i64::from(per_page),
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
