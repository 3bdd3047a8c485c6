//! 賃控元帳種目情報照会 (LR111101: the items with their use; LR111201: 登録, 変更, 削除). The rules
//! are `cjs_domain::ledger::item`; the store checks the version, the flags in use and the lines
//! using an item inside the statement that changes it.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put};
use cjs_api_types::ledger::{
    ItemChangeRequest, ItemDeleteQuery, ItemInput, ItemList, ItemView, screen,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::ledger::ItemFields;
use cjs_store::StoreError;
use cjs_store::ledger::items;
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::item_view;
use super::{Clerk, audit, refused};
use crate::auth::{Read, Write};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(change)
        .service(remove);
}

/// E1003: the group has an item with this code.
fn duplicate(what: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::E1003)
        .item("種目コード")
        .details(serde_json::json!({ "field": "code" }))
        .cause(what)
}

/// 賃控元帳種目情報照会
///
/// The group's items in 表示順 then code, each with the count of lines using it.
#[utoipa::path(tag = "ledger", security(("session" = [])), responses(
    (status = 200, description = "種目の一覧", body = ItemList)
))]
#[get("/ledger/items")]
pub async fn list(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (_, rows) = Clerk::<Read>::read(&req, move |c, auth| {
        items::list_with_usage(c, &auth.group.number)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(ItemList {
            items: rows.iter().map(|(r, n)| item_view(r, *n)).collect(),
        }))
}

/// 賃控元帳種目情報照会（登録）
///
/// A new item of the group (版 1).
#[utoipa::path(tag = "ledger", request_body = ItemInput, security(("session" = [])), responses(
    (status = 201, description = "登録した種目", body = ItemView),
    (status = 409, description = "同じ種目コードが登録済 (E1003)", body = ApiError),
    (status = 422, description = "入力エラー (E1001 / E1002 / E1009) / 月例・賞与のどちらもない (E1033)", body = ApiError)
))]
#[post("/ledger/items")]
pub async fn create(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    body: Json<ItemInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::ITEM_EDIT,
            "賃控元帳種目登録",
            &input.item_code,
        ),
    );
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let detail = format!("種目 {} {}", input.item_code, input.item_name);
            let row = state
                .commit(&journal, detail, move |c| {
                    let fields = match ItemFields::parse(&input) {
                        Ok(f) => f,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    match items::insert(c, &group, &fields, now) {
                        Ok(row) => Ok(Ok(row)),
                        Err(StoreError::Conflict(what)) => Ok(Err(duplicate(what))),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            Ok(Done::new(HttpResponse::Created().json(item_view(&row, 0))))
        })
        .await
}

/// 賃控元帳種目情報照会（変更）
///
/// The item as the form gives it (the code stays), on the version read; turning 月例 or 賞与 off
/// is refused while 有効 lines have such an amount.
#[utoipa::path(tag = "ledger", params(("id" = String, Path, description = "種目ID")), request_body = ItemChangeRequest, security(("session" = [])), responses(
    (status = 200, description = "変更後の種目 (版 +1)", body = ItemView),
    (status = 404, description = "この入金グループの種目ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 明細が使用している月例・賞与をなしにする (E1032)", body = ApiError),
    (status = 422, description = "入力エラー (E1001 / E1002 / E1009) / 月例・賞与のどちらもない (E1033)", body = ApiError)
))]
#[put("/ledger/items/{id}")]
pub async fn change(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<String>,
    body: Json<ItemChangeRequest>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let ItemChangeRequest { version, item } = body.into_inner();
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::ITEM_EDIT,
            "賃控元帳種目変更",
            &item.item_code,
        ),
    );
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let detail = format!("種目 {} {} 版 {version}", item.item_code, item.item_name);
            let (row, used_by) = state
                .commit(&journal, detail, move |c| {
                    let row = match items::update(c, &group, &id, version, &item, now)? {
                        Ok(row) => row,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    let used_by = items::used_by(c, &id)?;
                    Ok(Ok((row, used_by)))
                })
                .await?;
            Ok(Done::new(HttpResponse::Ok().json(item_view(&row, used_by))))
        })
        .await
}

/// 賃控元帳種目情報照会（削除）
///
/// The item removed, on the version read; refused while any line (有効 or 解除) uses it.
#[utoipa::path(tag = "ledger", params(("id" = String, Path, description = "種目ID"), ItemDeleteQuery), security(("session" = [])), responses(
    (status = 204, description = "削除した"),
    (status = 400, description = "版の指定がない・形式の誤り (E1000)", body = ApiError),
    (status = 404, description = "この入金グループの種目ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 明細が使用している (E1030)", body = ApiError)
))]
#[delete("/ledger/items/{id}")]
pub async fn remove(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<String>,
    q: Query<ItemDeleteQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let version = q.version;
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(&auth, screen::ITEM_EDIT, "賃控元帳種目削除", &id),
    );
    state
        .audited_in(&journal, async {
            state
                .commit(&journal, format!("版 {version}"), move |c| {
                    Ok(items::delete(c, &group, &id, version)?.map_err(refused))
                })
                .await?;
            Ok(Done::new(HttpResponse::NoContent().finish()))
        })
        .await
}
