//! まとめ入金: まとめ入金依頼入金中止設定 (DR108101: 入金中止 set / unset on a request line) and
//! まとめ入金確定 (DR109101: the lump sum as it stands or as fixed, 確定 and 確定の解除). The rules
//! are `cjs_domain::deduction::lump`; the store applies them in the transaction that writes.

use actix_web::web::{Data, Json, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put};
use cjs_api_types::ApiError;
use cjs_api_types::deduction::{
    LumpActionRequest, LumpTotals, LumpView, PayeeView, StopRequest, screen,
};
use cjs_domain::deduction::{LumpState, Stop, YearMonth};
use cjs_domain::schedule::Occasion;
use cjs_store::deduction::payees::{self, PayeeRow};
use cjs_store::deduction::runs::{self, RunRow};
use cjs_store::deduction::{CycleKey, Writer};
use cjs_store::time::opt_from_db;
use cjs_store::{DbConnection, StoreError, StoreResult};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{
    Clerk, CyclePath, cycle_lines, cycle_with_run, line_view, list_header, pdf, refused, render,
    report_line,
};
use crate::auth::{Read, Write};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};
use cjs_domain::deduction::LineList;
use cjs_reports::deduction::{lump_request, lump_updates};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(set_stop)
        .service(unset_stop)
        .service(lump)
        .service(confirm)
        .service(undo)
        .service(request_pdf)
        .service(updates_pdf)
        .service(web_updates_pdf);
}

/// `{occasion}/{month}/lines/{line_no}`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct LinePath {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub line_no: i32,
}

impl LinePath {
    fn cycle(&self) -> CyclePath {
        CyclePath {
            occasion: self.occasion,
            month: self.month,
        }
    }
}

fn payee_view(p: &PayeeRow) -> PayeeView {
    PayeeView {
        branch_no: p.branch_no.clone(),
        branch_name: p.branch_name.clone(),
        account_kind: p.account_kind,
        account_kind_label: p.account_kind.label().to_owned(),
        account_no: p.account_no.clone(),
        account_name_kana: p.account_name_kana.clone(),
    }
}

/// The 入金先 fixed on the run at 確定.
fn fixed_payee(run: &RunRow) -> Option<PayeeView> {
    let kind = run.payee_account_kind?;
    Some(PayeeView {
        branch_no: run.payee_branch_no.clone()?,
        branch_name: run.payee_branch_name.clone().unwrap_or_default(),
        account_kind: kind,
        account_kind_label: kind.label().to_owned(),
        account_no: run.payee_account_no.clone()?,
        account_name_kana: run.payee_account_name_kana.clone().unwrap_or_default(),
    })
}

/// The まとめ入金 as the clerk sees it: live totals and the registered 入金先 while 未確定,
/// what was fixed at 確定 afterwards.
pub fn lump_view(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    run: &RunRow,
    payday: chrono::NaiveDate,
) -> StoreResult<LumpView> {
    let (totals, payee) = if run.lump_state == LumpState::Open {
        let t = runs::lump_totals(c, key)?;
        (
            LumpTotals {
                count: t.count,
                amount: t.amount,
                excluded_count: t.excluded_count,
                excluded_amount: t.excluded_amount,
            },
            payees::find_payee(c, key.payment_group)?.map(|p| payee_view(&p)),
        )
    } else {
        (
            LumpTotals {
                count: run.confirmed_count.unwrap_or_default(),
                amount: run.confirmed_amount.unwrap_or_default(),
                excluded_count: run.excluded_count.unwrap_or_default(),
                excluded_amount: run.excluded_amount.unwrap_or_default(),
            },
            fixed_payee(run),
        )
    };
    Ok(LumpView {
        occasion: key.occasion,
        month: key.month,
        state: run.lump_state,
        state_label: run.lump_state.label().to_owned(),
        version: run.version,
        payday,
        totals,
        payee,
        confirmed_by: run.confirmed_by.clone(),
        confirmed_at: opt_from_db(run.confirmed_at),
        taken_at: opt_from_db(run.taken_at),
    })
}

/// 入金中止 set (`Some`) or unset on one line, audited.
async fn stop(
    state: &AppState,
    ctx: &Ctx,
    auth: &Clerk<Write>,
    path: LinePath,
    stop: Option<Stop>,
) -> Result<HttpResponse, AppError> {
    let group = auth.group.number.clone();
    let cycle = path.cycle();
    let action = if stop.is_some() {
        "入金中止設定"
    } else {
        "入金中止解除"
    };
    let audit = Audit::new(
        screen::STOPS,
        action,
        format!("{}/{}", cycle.target(&group), path.line_no),
    )
    .function(auth.function());
    let journal = state.journal(ctx, auth, audit);
    let detail = stop.as_ref().map_or_else(String::new, |s| match &s.text {
        Some(t) => format!("{}（{t}）", s.reason.label()),
        None => s.reason.label().to_owned(),
    });
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    let (uid, uname) = (auth.user.user_id.clone(), auth.user.user_name.clone());
    state
        .audited_in(&journal, async {
            let line = state
                .commit(&journal, detail, move |c| {
                    if let Err(e) = cycle_with_run(c, &group, cycle, keep, now)? {
                        return Ok(Err(e));
                    }
                    let by = Writer {
                        user_id: Some(&uid),
                        user_name: &uname,
                    };
                    match runs::set_stop(
                        c,
                        &cycle.key(&group),
                        path.line_no,
                        stop.as_ref(),
                        by,
                        now,
                    ) {
                        Ok(Ok(line)) => Ok(Ok(line)),
                        Ok(Err(r)) => Ok(Err(refused(r))),
                        Err(StoreError::NotFound) => Ok(Err(AppError::not_found())),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            Ok(Done::new(HttpResponse::Ok().json(line_view(&line))))
        })
        .await
}

/// まとめ入金依頼入金中止設定
///
/// 入金中止 with its reason on a request line, from the 支給日 on, while the まとめ入金 is 未確定.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ("line_no" = i32, Path, description = "行番号")
), request_body = StopRequest, security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "入金中止を設定した明細", body = cjs_api_types::deduction::LineView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "表示できる控除年月・行番号ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018) / 確定済 (E1013) / 支給日前 (E1014) / 金庫受付済 (E1015) / 解除またはエラーの明細 (E1016) / 他のユーザーが更新済 (E1010)", body = ApiError),
    (status = 422, description = "理由の入力エラー: その他で理由なし (E1001) / 40文字超 (E1002) / 使用できない文字 (E1009)", body = ApiError)
))]
#[put("/deduction/cycles/{occasion}/{month}/lines/{line_no}/stop")]
pub async fn set_stop(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<LinePath>,
    body: Json<StopRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let parsed = Stop::parse(body.reason, body.text.as_deref());
    let path = path.into_inner();
    match parsed {
        Ok(s) => stop(&state, &ctx, &auth, path, Some(s)).await,
        Err(e) => {
            // A refused form is logged like any refused change.
            let audit = Audit::new(
                screen::STOPS,
                "入金中止設定",
                format!(
                    "{}/{}",
                    path.cycle().target(&auth.group.number),
                    path.line_no
                ),
            )
            .function(auth.function());
            state
                .audited(&ctx, &auth, audit, async { Err(AppError::from(e)) })
                .await
        }
    }
}

/// まとめ入金依頼入金中止設定（解除）
///
/// The 入金中止 of a request line removed.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$"),
    ("line_no" = i32, Path, description = "行番号")
), security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "入金中止を解除した明細", body = cjs_api_types::deduction::LineView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "表示できる控除年月・行番号ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018) / 確定済 (E1013) / 支給日前 (E1014) / 金庫受付済 (E1015) / 解除またはエラーの明細 (E1016) / 他のユーザーが更新済 (E1010)", body = ApiError)
))]
#[delete("/deduction/cycles/{occasion}/{month}/lines/{line_no}/stop")]
pub async fn unset_stop(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<LinePath>,
) -> Result<HttpResponse, AppError> {
    stop(&state, &ctx, &auth, path.into_inner(), None).await
}

/// まとめ入金確定（照会）
///
/// The lump sum (件数, 入金額, 除外件数・金額, 入金予定日, 入金先) and its state with the version to send back.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "まとめ入金", body = LumpView),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/lump")]
pub async fn lump(
    state: Data<AppState>,
    req: HttpRequest,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    let (_, view) = Clerk::<Read>::read(&req, move |c, auth| {
        let group = auth.group.number.as_str();
        let (cycle, run) = match cycle_with_run(c, group, path, keep, now)? {
            Ok(x) => x,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok(lump_view(c, &path.key(group), &run, cycle.payday)?))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(view?))
}

#[derive(Clone, Copy)]
enum LumpAction {
    Confirm,
    Undo,
}

async fn act(
    state: &AppState,
    ctx: &Ctx,
    auth: &Clerk<Write>,
    path: CyclePath,
    version: i32,
    action: LumpAction,
) -> Result<HttpResponse, AppError> {
    let group = auth.group.number.clone();
    let name = match action {
        LumpAction::Confirm => "まとめ入金確定",
        LumpAction::Undo => "まとめ入金確定の解除",
    };
    let audit = Audit::new(screen::LUMP, name, path.target(&group)).function(auth.function());
    let journal = state.journal(ctx, auth, audit);
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    let uname = auth.user.user_name.clone();
    let uid = auth.user.user_id.clone();
    state
        .audited_in(&journal, async {
            let view = state
                .commit(&journal, format!("版 {version}"), move |c| {
                    let (cycle, _) = match cycle_with_run(c, &group, path, keep, now)? {
                        Ok(x) => x,
                        Err(e) => return Ok(Err(e)),
                    };
                    let key = path.key(&group);
                    let by = Writer {
                        user_id: Some(&uid),
                        user_name: &uname,
                    };
                    let done = match action {
                        LumpAction::Confirm => runs::confirm(c, &key, version, by, now)?,
                        LumpAction::Undo => runs::undo(c, &key, version)?,
                    };
                    match done {
                        Ok(run) => Ok(Ok(lump_view(c, &key, &run, cycle.payday)?)),
                        Err(r) => Ok(Err(refused(r))),
                    }
                })
                .await?;
            let detail = format!(
                "件数 {} 入金額 {} 除外 {} 件 {} 円",
                view.totals.count,
                view.totals.amount,
                view.totals.excluded_count,
                view.totals.excluded_amount
            );
            Ok(Done::new(HttpResponse::Ok().json(view)).detail(detail))
        })
        .await
}

/// まとめ入金確定
///
/// The lump sum fixed (totals summed by the database, the 入金先 copied), from the 支給日 on, on the
/// version the clerk saw.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), request_body = LumpActionRequest, security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "確定したまとめ入金", body = LumpView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 確定済 (E1013) / 支給日前 (E1014) / 金庫受付済 (E1015) / 入金先未登録 (E1017) / 控除依頼データ未作成 (E1018)", body = ApiError)
))]
#[post("/deduction/cycles/{occasion}/{month}/lump/confirm")]
pub async fn confirm(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<CyclePath>,
    body: Json<LumpActionRequest>,
) -> Result<HttpResponse, AppError> {
    act(
        &state,
        &ctx,
        &auth,
        path.into_inner(),
        body.version,
        LumpAction::Confirm,
    )
    .await
}

/// まとめ入金確定（確定の解除）
///
/// Back to 未確定 until the bank has taken it.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), request_body = LumpActionRequest, security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "未確定に戻したまとめ入金", body = LumpView),
    (status = 403, description = "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 労金控除の契約なし・非表示 (E2302) / 閲覧のみ・入金グループに明細更新の契約なし (E2303) / 入金グループ未選択 (E2305)", body = ApiError),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "他のユーザーが更新済 (E1010) / 金庫受付済 (E1015) / 控除依頼データ未作成 (E1018) / 確定されていない (E1020)", body = ApiError)
))]
#[post("/deduction/cycles/{occasion}/{month}/lump/undo")]
pub async fn undo(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Write>,
    path: Path<CyclePath>,
    body: Json<LumpActionRequest>,
) -> Result<HttpResponse, AppError> {
    act(
        &state,
        &ctx,
        &auth,
        path.into_inner(),
        body.version,
        LumpAction::Undo,
    )
    .await
}

/// まとめ入金確定（まとめ入金依頼書）
///
/// The lump sum, where to pay it and by when (A4 portrait, one page): as fixed at 確定, or the live
/// figures marked 未確定; written to the operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "まとめ入金依頼書 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/lump/request.pdf")]
pub async fn request_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let group = auth.group.number.clone();
    let audit = Audit::new(screen::LUMP, "まとめ入金依頼書出力", path.target(&group))
        .function(auth.function());
    let now = state.clock.now();
    let keep = state.settings.deduction.keep_cycles;
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let g = group.clone();
            let view = state
                .db(move |c| {
                    let (cycle, run) = match cycle_with_run(c, &g, path, keep, now)? {
                        Ok(x) => x,
                        Err(e) => return Ok(Err(e)),
                    };
                    Ok(Ok(lump_view(c, &path.key(&g), &run, cycle.payday)?))
                })
                .await??;
            let header = list_header(&auth, path, now);
            let state_label = view.state_label.clone();
            let bytes = render(move || {
                let form = lump_request::LumpForm {
                    state: view.state,
                    count: view.totals.count,
                    amount: view.totals.amount,
                    excluded_count: view.totals.excluded_count,
                    excluded_amount: view.totals.excluded_amount,
                    payday: view.payday,
                    payee: view.payee.map(|p| lump_request::Payee {
                        branch_no: p.branch_no,
                        branch_name: p.branch_name,
                        account_kind: p.account_kind,
                        account_no: p.account_no,
                        account_name_kana: p.account_name_kana,
                    }),
                    confirmed_by: view.confirmed_by,
                    confirmed_at: view.confirmed_at,
                    taken_at: view.taken_at,
                };
                lump_request::render(&header, &form)
            })
            .await?;
            state
                .metrics
                .export("deduction", "lump-request", "pdf", 1, started);
            Ok(Done::new(pdf(
                bytes,
                lump_request::TITLE,
                "lump-request",
                &group,
                path,
            ))
            .detail(state_label))
        })
        .await
}

/// まとめ入金確定（まとめ入金更新明細書（Web依頼済））
///
/// The 入金中止 lines, then the lines changed on the Web (新規, 変更, 解除), with 件数 and 金額 per 区分; written
/// to the operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "まとめ入金更新明細書 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/lump/updates.pdf")]
pub async fn updates_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::LUMP,
        "まとめ入金更新明細書出力",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (_, _, rows) =
                cycle_lines(&state, group.clone(), path, LineList::WebUpdates).await?;
            let n = rows.len();
            let header = list_header(&auth, path, state.clock.now());
            let bytes = render(move || {
                let lines: Vec<_> = rows.iter().map(report_line).collect();
                lump_updates::render(&header, &lines)
            })
            .await?;
            state
                .metrics
                .export("deduction", "lump-updates", "pdf", n, started);
            Ok(Done::new(pdf(
                bytes,
                lump_updates::TITLE,
                "lump-updates",
                &group,
                path,
            ))
            .detail(format!("{n} 件")))
        })
        .await
}

/// まとめ入金WEB更新依頼明細書出力
///
/// What was sent with the まとめ入金 (入金中止 and Web changes), titled with the 確定日時; only for a 確定 or
/// 金庫受付済 cycle; written to the operation log.
#[utoipa::path(tag = "deduction", params(
    ("occasion" = Occasion, Path, description = "支給区分 (monthly / summer / year_end)"),
    ("month" = String, Path, description = "控除年月 (YYYY-MM)", pattern = r"^[2-9][0-9]{3}-(0[1-9]|1[0-2])$")
), security(("session" = [])), responses(
    (status = 400, description = "支給区分・控除年月・行番号の形式の誤り (E1000)", body = ApiError),
    (status = 200, description = "まとめ入金WEB更新依頼明細書 (PDF、添付ファイル)", content_type = "application/pdf", body = Vec<u8>),
    (status = 404, description = "表示できる控除年月ではない (E9404)", body = ApiError),
    (status = 409, description = "控除依頼データ未作成 (E1018) / まとめ入金が確定されていない (E1020)", body = ApiError),
    (status = 422, description = "帳票で印刷できない文字を含む (E1002)", body = ApiError)
))]
#[get("/deduction/cycles/{occasion}/{month}/lump/web-updates.pdf")]
pub async fn web_updates_pdf(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Clerk<Read>,
    path: Path<CyclePath>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let group = auth.group.number.clone();
    let audit = Audit::new(
        screen::LUMP_WEB_UPDATES,
        "まとめ入金WEB更新依頼明細書出力",
        path.target(&group),
    )
    .function(auth.function());
    let started = std::time::Instant::now();
    state
        .audited(&ctx, &auth, audit, async {
            let (_, run, rows) =
                cycle_lines(&state, group.clone(), path, LineList::WebUpdates).await?;
            let Some(confirmed_at) = run
                .confirmed_at
                .filter(|_| run.lump_state != LumpState::Open)
            else {
                return Err(refused(cjs_domain::deduction::Refusal::NotConfirmed));
            };
            let confirmed_at = cjs_store::time::from_db(confirmed_at);
            let n = rows.len();
            let header = list_header(&auth, path, state.clock.now());
            let bytes = render(move || {
                let lines: Vec<_> = rows.iter().map(report_line).collect();
                lump_updates::render_web(&header, confirmed_at, &lines)
            })
            .await?;
            state
                .metrics
                .export("deduction", "lump-web-updates", "pdf", n, started);
            Ok(Done::new(pdf(
                bytes,
                lump_updates::WEB_TITLE,
                "lump-web-updates",
                &group,
                path,
            ))
            .detail(format!("{n} 件")))
        })
        .await
}
