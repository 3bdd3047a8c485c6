//! 一斉積立内訳明細照会 (CS101101): the group's runs (newest first, with 件数 / 合計), one run's
//! lines (職員番号, カナ氏名 prefix, 店番; sorted from a whitelist; paged) and its 変更明細 (one
//! 変更区分 or all, paged, with the totals of every 変更区分 and 前回 / 今回 / 差額).

use actix_web::web::{Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::collective::{
    ChangePage, ChangeQuery, LinePage, LineQuery, LineSort, RunList, SortOrder,
};
use cjs_domain::kana;
use cjs_domain::rules::Field;
use cjs_store::collective::{self as store, LineFilter};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::{
    change_totals, change_view, line_view, previous_of, run_summary, summary_of, totals,
};
use super::{Clerk, RunPath, find_with_lines, slice};
use crate::auth::Read;
use crate::error::AppError;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(run_list).service(lines).service(changes);
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn ok_json(body: impl serde::Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(body)
}

/// 一斉積立内訳明細照会
///
/// The group's 一斉積立データ, newest first (受信日, then 番号), each with its 件数 and
/// 積立金額合計; empty when the bank has sent none.
#[utoipa::path(tag = "collective", security(("session" = [])), responses(
    (status = 200, description = "一斉積立データの一覧 (新しい順)", body = RunList)
))]
#[get("/collective/runs")]
pub async fn run_list(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (_, runs) =
        Clerk::<Read>::read(&req, move |c, auth| store::runs(c, &auth.group.number)).await?;
    Ok(ok_json(RunList {
        runs: runs.iter().map(|s| run_summary(&s.run, s.totals)).collect(),
    }))
}

/// 一斉積立内訳明細照会（内訳明細）
///
/// One page of a run's lines that match (職員番号, カナ氏名 prefix, 店番), sorted (行番号,
/// 職員番号, カナ氏名 or 積立金額), with the run's 件数 and 積立金額合計.
#[utoipa::path(tag = "collective", params(
    ("no" = i32, Path, description = "番号 (1～999)", minimum = 1, maximum = 999),
    LineQuery), security(("session" = [])), responses(
    (status = 200, description = "内訳明細 (1ページ分)・件数・合計", body = LinePage),
    (status = 400, description = "番号・条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "指定された番号の一斉積立データがない (E1051)", body = ApiError),
    (status = 409, description = "一斉積立データを受信していない (E1050) / 受信情報のみで明細がない (E1052)", body = ApiError),
    (status = 422, description = "カナ氏名に使用できない文字 (E1009)", body = ApiError)
))]
#[get("/collective/runs/{no}/lines")]
pub async fn lines(
    req: HttpRequest,
    path: Path<RunPath>,
    q: Query<LineQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let q = q.into_inner();
    let kana_prefix = q
        .kana_prefix
        .as_deref()
        .map(|k| kana::search_prefix(Field::KanaName, k))
        .transpose()?
        .filter(|k| !k.is_empty());
    let (page, per_page) = (q.page(), q.per_page());
    let sort = match q.sort.unwrap_or_default() {
        LineSort::LineNo => store::LineSort::LineNo,
        LineSort::EmployeeNo => store::LineSort::EmployeeNo,
        LineSort::KanaName => store::LineSort::KanaName,
        LineSort::Amount => store::LineSort::Amount,
    };
    let descending = q.order.unwrap_or_default() == SortOrder::Desc;
    let (employee_no, branch_no) = (nonempty(q.employee_no), nonempty(q.branch_no));
    let (offset, limit) = slice(page, per_page);
    let (_, found) = Clerk::<Read>::read(&req, move |c, auth| {
        let key = path.key(&auth.group.number);
        let run = match find_with_lines(c, &key)? {
            Ok(run) => run,
            Err(e) => return Ok(Err(e)),
        };
        let sums = store::totals(c, &key)?;
        let (total, rows) = store::lines_page(
            c,
            &key,
            &LineFilter {
                employee_no: employee_no.as_deref(),
                kana_prefix: kana_prefix.as_deref(),
                branch_no: branch_no.as_deref(),
                sort,
                descending,
                offset,
                limit,
            },
        )?;
        Ok(Ok(LinePage {
            run: run_summary(&run, sums),
            total,
            page,
            per_page,
            items: rows.iter().map(line_view).collect(),
            totals: totals(sums),
        }))
    })
    .await?;
    Ok(ok_json(found?))
}

/// 一斉積立内訳明細照会（変更明細）
///
/// One page of a run's 変更明細 against the run it was compared with (one 変更区分 or all, in
/// 変更区分 then 職員番号 order), with the 件数 of every 変更区分 (0件 included) and 前回 / 今回 /
/// 差額.
#[utoipa::path(tag = "collective", params(
    ("no" = i32, Path, description = "番号 (1～999)", minimum = 1, maximum = 999),
    ChangeQuery), security(("session" = [])), responses(
    (status = 200, description = "変更明細 (1ページ分)・変更区分ごとの件数・前回/今回/差額", body = ChangePage),
    (status = 400, description = "番号・条件の形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "指定された番号の一斉積立データがない (E1051)", body = ApiError),
    (status = 409, description = "一斉積立データを受信していない (E1050) / 受信情報のみで明細がない (E1052)", body = ApiError)
))]
#[get("/collective/runs/{no}/changes")]
pub async fn changes(
    req: HttpRequest,
    path: Path<RunPath>,
    q: Query<ChangeQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let q = q.into_inner();
    let (page, per_page) = (q.page(), q.per_page());
    let (offset, limit) = slice(page, per_page);
    let (_, found) = Clerk::<Read>::read(&req, move |c, auth| {
        let key = path.key(&auth.group.number);
        let run = match find_with_lines(c, &key)? {
            Ok(run) => run,
            Err(e) => return Ok(Err(e)),
        };
        let sums = store::change_totals(c, &key)?;
        let previous = match previous_of(c, &run)? {
            Some(p) => Some(summary_of(c, &p)?),
            None => None,
        };
        let (total, rows) = store::changes_page(c, &key, q.kind, offset, limit)?;
        Ok(Ok(ChangePage {
            run: run_summary(&run, sums.current),
            previous_run: previous,
            total,
            page,
            per_page,
            items: rows.iter().map(change_view).collect(),
            totals: change_totals(&sums),
        }))
    })
    .await?;
    Ok(ok_json(found?))
}
