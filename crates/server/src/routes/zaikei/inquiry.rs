//! 財形積立明細照会 (ZK101101): the contracted documents with their kept cycles, a cycle's lines
//! (searched, sorted, paged; with the totals per 財形種類 and 総合計 the database sums) and a
//! 預入依頼書's 財形積立変更明細 (with the 件数 per 変更区分).

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::zaikei::{
    AmountColumnsView, ChangePage, ChangeQuery, DocumentList, LinePage, LineQuery, LineSort,
    SortOrder,
};
use cjs_domain::kana;
use cjs_domain::rules::Field;
use cjs_domain::zaikei::DocumentKind;
use cjs_store::zaikei::{self as store, LineFilter};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::{change_counts, change_view, documents, line_view, totals_view};
use super::{DocPath, Want, kept_cycle, read};
use crate::error::AppError;
use crate::routes::ledger::slice;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_documents)
        .service(list_lines)
        .service(list_changes);
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// 財形積立明細照会
///
/// The documents the payment group contracted (預入依頼書 per occasion, 加入者残高一覧表, 奨励金 per
/// occasion), each with its kept cycles newest first: 作成基準日, 入金予定日, 比較対象, 件数.
#[utoipa::path(tag = "zaikei", security(("session" = [])), responses(
    (status = 200, description = "契約している帳票と保存されている作成基準日", body = DocumentList)
))]
#[get("/zaikei/documents")]
pub async fn list_documents(
    state: Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let keep = state.settings.zaikei.keep_cycles;
    let (auth, cycles) = read(&req, move |c, auth| {
        Ok(Ok(store::cycles_of(c, &auth.group.number)?))
    })
    .await?;
    let documents = documents(|d| auth.services.contains(&d.service()), &cycles, keep);
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(DocumentList {
            payment_group: auth.group.number.clone(),
            payment_group_name: auth.group.name.clone(),
            documents,
        }))
}

/// 財形積立明細照会（明細）
///
/// One page of a kept cycle's lines, searched (職員番号, カナ氏名 prefix, 財形種類) and sorted, with
/// the cycle's totals per 財形種類 (一般, 住宅, 年金; 0件 included) and 総合計.
#[utoipa::path(tag = "zaikei", params(
    ("doc" = cjs_domain::schedule::EmployerDocument, Path, description = "帳票 (deposit_monthly / deposit_summer / deposit_year_end / balance / incentive_monthly / incentive_bonus)"),
    ("date" = chrono::NaiveDate, Path, description = "作成基準日 (YYYY-MM-DD)"),
    LineQuery), security(("session" = [])), responses(
    (status = 200, description = "明細 (1ページ分)・件数・財形種類ごとの合計", body = LinePage),
    (status = 400, description = "帳票・作成基準日・条件の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "契約のない帳票 (E1061) / 権限なし・会員の契約・財形なし (E2302) / 仮のパスワードでログイン中 (E2301) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "保存されていない作成基準日 (E1060)", body = ApiError),
    (status = 409, description = "この帳票の財形積立明細をまだ受信していない (E1063)", body = ApiError),
    (status = 422, description = "カナ氏名に使用できない文字 (E1009)", body = ApiError)
))]
#[get("/zaikei/documents/{doc}/{date}/lines")]
pub async fn list_lines(
    state: Data<AppState>,
    req: HttpRequest,
    path: Path<DocPath>,
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
        LineSort::Kind => store::LineSort::Kind,
        LineSort::Amount => store::LineSort::Amount,
    };
    let descending = q.order.unwrap_or_default() == SortOrder::Desc;
    let employee_no = nonempty(q.employee_no);
    let savings = q.kind;
    let (offset, limit) = slice(page, per_page);
    let keep = state.settings.zaikei.keep_cycles;
    let (_, (cycle, total, rows, totals)) = read(&req, move |c, auth| {
        let cycle = match kept_cycle(
            c,
            &auth.services,
            &auth.group.number,
            path,
            keep,
            Want::Lines,
        )? {
            Ok(cycle) => cycle,
            Err(e) => return Ok(Err(e)),
        };
        let key = path.key(&auth.group.number);
        let (total, rows) = store::lines_page(
            c,
            &key,
            &LineFilter {
                employee_no: employee_no.as_deref(),
                kana_prefix: kana_prefix.as_deref(),
                kind: savings,
                sort,
                descending,
                offset,
                limit,
            },
        )?;
        let totals = store::totals_by_kind(c, &key)?;
        Ok(Ok((cycle, total, rows, totals)))
    })
    .await?;
    let kind = DocumentKind::of(path.doc);
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(LinePage {
            document: path.doc,
            name: path.doc.label().to_owned(),
            kind,
            base_date: cycle.base_date,
            deposit_date: cycle.deposit_date,
            previous_base_date: cycle.previous_base_date,
            columns: AmountColumnsView::of(kind),
            total,
            page,
            per_page,
            items: rows.iter().map(|r| line_view(r, kind)).collect(),
            totals: totals_view(&totals, kind),
        }))
}

/// 財形積立明細照会（変更明細）
///
/// One page of a 預入依頼書 cycle's 財形積立変更明細 against the previous cycle of the same document
/// (変更区分 新規, 口座変更, 金額変更, 解約; optionally of one), with the 件数 per 変更区分.
#[utoipa::path(tag = "zaikei", params(
    ("doc" = cjs_domain::schedule::EmployerDocument, Path, description = "帳票 (預入依頼書: deposit_monthly / deposit_summer / deposit_year_end)"),
    ("date" = chrono::NaiveDate, Path, description = "作成基準日 (YYYY-MM-DD)"),
    ChangeQuery), security(("session" = [])), responses(
    (status = 200, description = "変更明細 (1ページ分)・件数・変更区分ごとの件数", body = ChangePage),
    (status = 400, description = "帳票・作成基準日・条件の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "契約のない帳票 (E1061) / 権限なし・会員の契約・財形なし (E2302) / 仮のパスワードでログイン中 (E2301) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "保存されていない作成基準日 (E1060)", body = ApiError),
    (status = 409, description = "預入依頼書以外の帳票 (E1062) / この帳票の財形積立明細をまだ受信していない (E1063)", body = ApiError)
))]
#[get("/zaikei/documents/{doc}/{date}/changes")]
pub async fn list_changes(
    state: Data<AppState>,
    req: HttpRequest,
    path: Path<DocPath>,
    q: Query<ChangeQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let q = q.into_inner();
    let (page, per_page) = (q.page(), q.per_page());
    let (offset, limit) = slice(page, per_page);
    let change_kind = q.change_kind;
    let keep = state.settings.zaikei.keep_cycles;
    let (_, (cycle, total, rows, counts)) = read(&req, move |c, auth| {
        let cycle = match kept_cycle(
            c,
            &auth.services,
            &auth.group.number,
            path,
            keep,
            Want::Changes,
        )? {
            Ok(cycle) => cycle,
            Err(e) => return Ok(Err(e)),
        };
        let key = path.key(&auth.group.number);
        let (total, rows) = store::changes_page(c, &key, change_kind, offset, limit)?;
        let counts = store::change_counts(c, &key)?;
        Ok(Ok((cycle, total, rows, counts)))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(ChangePage {
            document: path.doc,
            name: path.doc.label().to_owned(),
            base_date: cycle.base_date,
            deposit_date: cycle.deposit_date,
            previous_base_date: cycle.previous_base_date,
            total,
            page,
            per_page,
            items: rows.iter().map(change_view).collect(),
            counts: change_counts(&counts),
        }))
}
