//! 労金控除賃控元帳依頼リスト出力 (LR112101) and 労金控除賃控元帳依頼データエクスポート (LR113101):
//! per employee the cycle's 労金控除 request lines and the ledger run lines with the total payroll
//! deducts; ledger items of kind 労金 are left out when the cycle's 労金控除 data exists (the
//! bank's data is their source). PDF, CSV, and JSON for payroll programs.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use cjs_api_types::ApiError;
use cjs_api_types::ledger::{CombinedRequest, ExportQuery, screen};
use cjs_domain::schedule::Occasion;
use utoipa_actix_web::service_config::ServiceConfig;

use super::files;
use super::views::{self, combined_request};
use super::{Clerk, CyclePath, Format, Paper, audit, cycle_target, paper};
use crate::auth::Read;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(combined_json)
        .service(combined_csv)
        .service(combined_pdf);
}

/// 労金控除賃控元帳依頼データエクスポート
///
/// Per employee the rows payroll deducts (労金控除 and 賃控元帳) and the totals, as JSON for payroll
/// programs; written to the operation log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 200, description = "労金控除賃控元帳依頼データ", body = CombinedRequest),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "賃控元帳控除依頼データ未作成 (E1034)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/combined")]
pub async fn combined_json(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let group = auth.group.number.clone();
    let audit = audit(
        &auth,
        screen::COMBINED_EXPORT,
        "労金控除賃控元帳依頼データエクスポート",
        cycle_target(path),
    );
    let (number, name) = (auth.group.number.clone(), auth.group.name.clone());
    state
        .audited(&ctx, &auth, audit, async {
            let data = state
                .db(move |c| views::combined(c, &path.key(&group)))
                .await??;
            let out = combined_request(&data, &number, &name, path);
            let detail = format!("JSON {} 名", out.totals.employees);
            Ok(Done::new(
                HttpResponse::Ok()
                    .insert_header(("cache-control", "no-store"))
                    .json(out),
            )
            .detail(detail))
        })
        .await
}

/// 労金控除賃控元帳依頼データエクスポート（CSV）
///
/// The same as CSV (`docs/ledger.md` §6.3: one row per row, the employee's total on each; CP932,
/// or `encoding=utf8`).
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ExportQuery
), security(("session" = [])), responses(
    (status = 200, description = "労金控除賃控元帳依頼データ (CSV、添付ファイル)", content_type = "text/csv", body = String),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "賃控元帳控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/combined.csv")]
pub async fn combined_csv(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
    q: Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let sheet = Paper::of_cycle(
        &auth,
        path,
        screen::COMBINED_EXPORT,
        "労金控除賃控元帳依頼データエクスポート",
        files::COMBINED_DATA,
        Format::csv(q.encoding),
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| views::combined(c, &path.key(group)),
        move |data, _, format| files::combined_csv(&data, format, path),
    )
    .await
}

/// 労金控除賃控元帳依頼リスト出力
///
/// 労金控除賃控元帳依頼リスト as PDF (A4 landscape; 合計 per 職員番号); written to the operation log.
#[utoipa::path(tag = "ledger", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 200, description = "労金控除賃控元帳依頼リスト (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 400, description = "条件の形式の誤り (E1000)", body = ApiError),
    (status = 409, description = "賃控元帳控除依頼データ未作成 (E1034)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/ledger/cycles/{occasion}/{month}/combined.pdf")]
pub async fn combined_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let sheet = Paper::of_cycle(
        &auth,
        path,
        screen::COMBINED_LIST,
        "労金控除賃控元帳依頼リスト出力",
        files::COMBINED_LIST,
        Format::Pdf,
    );
    paper(
        &state,
        &ctx,
        &auth,
        sheet,
        move |c, group| views::combined(c, &path.key(group)),
        move |data, sheet, _| files::combined_pdf(&data, &sheet, path),
    )
    .await
}
