//! 労金控除明細照会 (DR101101: search; DR101201: one detail, 変更, 解除) and
//! 労金控除明細新規登録 (DR102101), with the form's 取引 list. The rules are
//! `cjs_domain::deduction::{input_window, plan_add, plan_change, plan_cancel}`; the store writes
//! the change and its history with the version checked in the update itself.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get, post, put};
use chrono::{DateTime, Utc};
use cjs_api_types::deduction::{
    DetailCancelRequest, DetailChangeRequest, DetailPage, DetailQuery, DetailSort, DetailView,
    ProductList, SortOrder, screen,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::deduction::{
    Change, DeductionConfig, DetailInput, Gate, Source, input_window, plan_add, plan_cancel,
    plan_change,
};
use cjs_domain::rules::Field;
use cjs_domain::{Service, kana};
use cjs_store::contracts::PaymentGroupRow;
use cjs_store::deduction::Writer;
use cjs_store::deduction::details::{self, DetailFilter, DetailRow};
use cjs_store::time::from_db;
use cjs_store::{DbConnection, StoreError, StoreResult, info};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{Clerk, cycle_of, refused};
use crate::auth::{Read, Write};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(change_detail)
        .service(cancel)
        .service(products);
}

pub fn detail_view(r: &DetailRow, config: &DeductionConfig) -> DetailView {
    DetailView::of(r.detail(), config, from_db(r.updated_at))
}

/// Whether the group may change its details on the Web now: 明細更新 and the input window
/// over every cycle of the group.
fn gate(c: &mut DbConnection, group: &PaymentGroupRow, now: DateTime<Utc>) -> StoreResult<Gate> {
    let cycles: Vec<_> = info::cycles_of(c, &group.number)?
        .iter()
        .map(cycle_of)
        .collect();
    Ok(Gate {
        source: Source::Web,
        detail_update: group.services.contains(&Service::RokinDetailUpdate),
        window: input_window(&cycles, now),
    })
}

/// E1003: an 有効 detail with the same 職員番号・取引・店番・口座番号 exists.
fn duplicate(what: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::E1003)
        .item("職員番号・取引・口座の明細")
        .details(serde_json::json!({ "field": "employee_no" }))
        .cause(what)
}

fn writer(auth: &Clerk<Write>) -> (String, String) {
    (auth.user.user_id.clone(), auth.user.user_name.clone())
}

fn summary(change: &Change) -> String {
    format!(
        "職員番号 {} 取引 {} 版 {}",
        change.fields.employee_no.as_str(),
        change.fields.product.as_str(),
        change.version
    )
}

fn input_summary(input: &DetailInput) -> String {
    format!("職員番号 {} 取引 {}", input.employee_no, input.product_code)
}

/// 労金控除明細照会
///
/// The group's details, searched (職員番号, カナ氏名 prefix, 取引, 状態), sorted and paged.
#[utoipa::path(tag = "deduction", params(DetailQuery), security(("session" = [])), responses(
    (status = 200, description = "明細の一覧 (1ページ分) と件数", body = DetailPage),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 422, description = "カナ氏名に使用できない文字 (E1009)", body = ApiError)
))]
#[get("/deduction/details")]
pub async fn list(
    state: Data<AppState>,
    req: HttpRequest,
    q: Query<DetailQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let kana_prefix = q
        .kana_prefix
        .as_deref()
        .map(|k| kana::search_prefix(Field::KanaName, k))
        .transpose()?
        .filter(|k| !k.is_empty());
    let (page, per_page) = (q.page(), q.per_page());
    let sort = match q.sort.unwrap_or_default() {
        DetailSort::EmployeeNo => details::DetailSort::EmployeeNo,
        DetailSort::KanaName => details::DetailSort::KanaName,
        DetailSort::Product => details::DetailSort::Product,
        DetailSort::UpdatedAt => details::DetailSort::UpdatedAt,
    };
    let descending = q.order.unwrap_or_default() == SortOrder::Desc;
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let (employee_no, product, detail_state) =
        (nonempty(q.employee_no), nonempty(q.product), q.state);
    let (_, (total, rows)) = Clerk::<Read>::read(&req, move |c, auth| {
        let filter = DetailFilter {
            employee_no: employee_no.as_deref(),
            kana_prefix: kana_prefix.as_deref(),
            product: product.as_deref(),
            state: detail_state,
            sort,
            descending,
            offset: i64::from(page - 1) * i64::from(per_page),
            limit: i64::from(per_page),
        };
        details::search(c, &auth.group.number, &filter)
    })
    .await?;
    let config = &state.settings.deduction;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(DetailPage {
            total,
            page,
            per_page,
            items: rows
                .into_iter()
                .map(|r| {
                    let at = from_db(r.updated_at);
                    DetailView::of(r.into_detail(), config, at)
                })
                .collect(),
        }))
}

/// 労金控除明細照会（明細）
///
/// One detail of the group.
#[utoipa::path(tag = "deduction", params(("id" = String, Path, description = "明細ID")), security(("session" = [])), responses(
    (status = 200, description = "明細", body = DetailView),
    (status = 404, description = "この入金グループの明細ではない (E9404)", body = ApiError)
))]
#[get("/deduction/details/{id}")]
pub async fn show(
    state: Data<AppState>,
    req: HttpRequest,
    path: Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (_, row) = Clerk::<Read>::read(&req, move |c, auth| {
        details::get(c, &auth.group.number, &id)
    })
    .await?;
    let row = row.ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(detail_view(&row, &state.settings.deduction)))
}

/// 労金控除明細新規登録
///
/// A new detail (有効, Web), while a cycle is 入力中.
#[utoipa::path(tag = "deduction", request_body = DetailInput, security(("session" = [])), responses(
    (status = 201, description = "登録した明細 (版 1)", body = DetailView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 409, description = "同じ職員番号・取引・口座の有効な明細がある (E1003) / 入力期間外・締切後 (E1011)", body = ApiError),
    (status = 422, description = "入力エラー (E1001 / E1002 / E1009) / 金額がすべて0 (E1019)", body = ApiError)
))]
#[post("/deduction/details")]
pub async fn create(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    body: Json<DetailInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let group = auth.group.clone();
    let audit = Audit::new(
        screen::DETAIL_NEW,
        "労金控除明細新規登録",
        format!("{}/{}", group.number, input.employee_no),
    )
    .function(auth.function());
    let journal = state.journal(&ctx, &auth, audit);
    let config = state.settings.deduction.clone();
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            let cfg = config.clone();
            let detail = input_summary(&input);
            let row = state
                .commit(&journal, detail, move |c| {
                    let change = match plan_add(gate(c, &group, now)?, &input, &cfg) {
                        Ok(ch) => ch,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    let by = Writer {
                        user_id: Some(&uid),
                        user_name: &uname,
                    };
                    match details::insert(c, &group.number, &change, by, now) {
                        Ok(row) => Ok(Ok(row)),
                        Err(StoreError::Conflict(what)) => Ok(Err(duplicate(what))),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            Ok(Done::new(
                HttpResponse::Created().json(detail_view(&row, &config)),
            ))
        })
        .await
}

/// A change (変更 or 解除) of a stored detail, planned and written in one transaction.
async fn apply(
    state: &AppState,
    ctx: &Ctx,
    auth: &Clerk<Write>,
    id: String,
    action: &'static str,
    plan: impl FnOnce(
        Gate,
        &cjs_domain::deduction::Detail,
        &DeductionConfig,
    ) -> Result<Change, cjs_domain::deduction::Refusal>
    + Send
    + 'static,
) -> Result<HttpResponse, AppError> {
    let group = auth.group.clone();
    let audit = Audit::new(
        screen::DETAIL_EDIT,
        action,
        format!("{}/{}", group.number, id),
    )
    .function(auth.function());
    let journal = state.journal(ctx, auth, audit);
    let config = state.settings.deduction.clone();
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(auth);
            let cfg = config.clone();
            let row = state
                .commit(&journal, "", move |c| {
                    let Some(current) = details::get(c, &group.number, &id)? else {
                        return Ok(Err(AppError::not_found()));
                    };
                    let change = match plan(gate(c, &group, now)?, &current.detail(), &cfg) {
                        Ok(ch) => ch,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    let by = Writer {
                        user_id: Some(&uid),
                        user_name: &uname,
                    };
                    match details::apply(c, &group.number, &id, &change, by, now) {
                        Ok(Ok(row)) => Ok(Ok((row, summary(&change)))),
                        Ok(Err(r)) => Ok(Err(refused(r))),
                        Err(StoreError::Conflict(what)) => Ok(Err(duplicate(what))),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            let (row, detail) = row;
            Ok(Done::new(HttpResponse::Ok().json(detail_view(&row, &config))).detail(detail))
        })
        .await
}

/// 労金控除明細照会（変更）
///
/// The detail as the form gives it, on the version read.
#[utoipa::path(tag = "deduction", params(("id" = String, Path, description = "明細ID")), request_body = DetailChangeRequest, security(("session" = [])), responses(
    (status = 200, description = "変更後の明細 (版 +1)", body = DetailView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "この入金グループの明細ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 入力期間外・締切後 (E1011) / 解除済 (E1012) / 同じ職員番号・取引・口座の有効な明細がある (E1003)", body = ApiError),
    (status = 422, description = "入力エラー (E1001 / E1002 / E1009) / 金額がすべて0 (E1019)", body = ApiError)
))]
#[put("/deduction/details/{id}")]
pub async fn change_detail(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<String>,
    body: Json<DetailChangeRequest>,
) -> Result<HttpResponse, AppError> {
    let DetailChangeRequest { version, detail } = body.into_inner();
    apply(
        &state,
        &ctx,
        &auth,
        path.into_inner(),
        "労金控除明細変更",
        move |gate, current, config| plan_change(gate, current, version, &detail, config),
    )
    .await
}

/// 労金控除明細照会（解除）
///
/// The detail 解除 (kept for its history), on the version read.
#[utoipa::path(tag = "deduction", params(("id" = String, Path, description = "明細ID")), request_body = DetailCancelRequest, security(("session" = [])), responses(
    (status = 200, description = "解除した明細 (版 +1)", body = DetailView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "この入金グループの明細ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 入力期間外・締切後 (E1011) / 解除済 (E1012)", body = ApiError)
))]
#[post("/deduction/details/{id}/cancel")]
pub async fn cancel(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<String>,
    body: Json<DetailCancelRequest>,
) -> Result<HttpResponse, AppError> {
    let version = body.version;
    apply(
        &state,
        &ctx,
        &auth,
        path.into_inner(),
        "労金控除明細解除",
        move |gate, current, config| plan_cancel(gate, current, version, config),
    )
    .await
}

/// 労金控除明細新規登録（取引一覧）
///
/// The 取引 the form offers.
#[utoipa::path(tag = "deduction", security(("session" = [])), responses(
    (status = 200, description = "取引の一覧", body = ProductList)
))]
#[get("/deduction/products")]
pub async fn products(state: Data<AppState>, _auth: Clerk<Read>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(ProductList {
        products: state.settings.deduction.products.clone(),
    }))
}
