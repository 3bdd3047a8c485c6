//! 賃控元帳明細一括更新 (LR108101): for one 種目, a new amount or a difference per 支給区分, for all
//! or filtered 有効 lines, from 適用月. `preview` lists every line it changes (before → after),
//! every line it cannot change and a fingerprint of the lines; `apply` recomputes the plan inside
//! its transaction and writes all of it, or nothing when the lines changed since (E1040) or any
//! line has a problem (E1039). The rules are `cjs_domain::ledger::bulk`.

use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, post};
use cjs_api_types::ApiError;
use cjs_api_types::ledger::{BulkApplyRequest, BulkPreview, BulkRequest, BulkResult, screen};
use cjs_store::ledger::lines;
use utoipa_actix_web::service_config::ServiceConfig;

use super::views::{self, bulk_preview, stamp};
use super::{Clerk, audit, refused, writer};
use crate::auth::Write;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(preview).service(apply);
}

/// 賃控元帳明細一括更新（確認）
///
/// Every line the request changes with its amounts before → after, the lines it cannot change
/// (and why), and the fingerprint `apply` sends back. Writes nothing.
#[utoipa::path(tag = "ledger", request_body = BulkRequest, security(("session" = [])), responses(
    (status = 200, description = "対象の明細 (変更前 → 変更後)・更新できない明細・fingerprint", body = BulkPreview),
    (status = 422, description = "入力エラー (E1001 / E1002) / 未登録の種目コード (E1041)", body = ApiError)
))]
#[post("/ledger/bulk/preview")]
pub async fn preview(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    body: Json<BulkRequest>,
) -> Result<HttpResponse, AppError> {
    let request = body.into_inner();
    let group = auth.group.number.clone();
    let audit = audit(
        &auth,
        screen::BULK,
        "賃控元帳明細一括更新（確認）",
        format!("bulk/{}", request.item_code),
    );
    state
        .audited(&ctx, &auth, audit, async {
            let plan = state
                .db(move |c| views::bulk_plan(c, &group, &request))
                .await?
                .map_err(refused)?;
            let out = bulk_preview(&plan);
            let detail = format!("対象 {} 件 エラー {} 件", out.count, out.problems.len());
            Ok(Done::new(
                HttpResponse::Ok()
                    .insert_header(("cache-control", "no-store"))
                    .json(out),
            )
            .detail(detail))
        })
        .await
}

/// 賃控元帳明細一括更新
///
/// The previewed change written in one transaction (history operation 一括更新), when the lines
/// are still those previewed and none has a problem.
#[utoipa::path(tag = "ledger", request_body = BulkApplyRequest, security(("session" = [])), responses(
    (status = 200, description = "更新した件数", body = BulkResult),
    (status = 409, description = "確認後に対象の明細が変更された (E1040)", body = ApiError),
    (status = 422, description = "入力エラー (E1001 / E1002) / 未登録の種目コード (E1041) / 更新できない明細がある (E1039) / 対象の明細がない (E1042)", body = ApiError)
))]
#[post("/ledger/bulk/apply")]
pub async fn apply(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    body: Json<BulkApplyRequest>,
) -> Result<HttpResponse, AppError> {
    let BulkApplyRequest {
        request,
        fingerprint,
    } = body.into_inner();
    let group = auth.group.number.clone();
    let journal = state.journal(
        &ctx,
        &auth,
        audit(
            &auth,
            screen::BULK,
            "賃控元帳明細一括更新",
            format!("bulk/{}", request.item_code),
        ),
    );
    state
        .audited_in(&journal, async {
            let now = state.clock.now();
            let (uid, uname) = writer(&auth);
            let detail = format!("種目 {} 適用月 {}", request.item_code, request.amounts_from);
            let changed = state
                .commit(&journal, detail, move |c| {
                    let spec = match views::bulk_spec(c, &group, &request)? {
                        Ok(s) => s,
                        Err(r) => return Ok(Err(refused(r))),
                    };
                    let by = stamp(&uid, &uname, screen::BULK, now);
                    Ok(lines::apply_bulk(c, &group, &spec, &fingerprint, &by)?.map_err(refused))
                })
                .await?;
            Ok(Done::new(HttpResponse::Ok().json(BulkResult {
                changed: i64::try_from(changed).unwrap_or(i64::MAX),
            })))
        })
        .await
}
