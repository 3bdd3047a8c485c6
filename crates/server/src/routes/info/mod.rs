//! インフォメーション (DC671101), schedules, お知らせ and マニュアル照会. What a contract sees
//! follows its kind, its payment group's services and the user's restrictions.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use chrono::{DateTime, Utc};
use cjs_api_types::ApiError;
use cjs_api_types::auth::PaymentGroupView;
use cjs_api_types::info::{
    CycleView, EmployerDocumentView, InfoResponse, ManualListResponse, ManualView, NoticeView,
    RunView, ScheduleBlock, ScheduleList, ScheduleListResponse,
};
use cjs_domain::schedule::{
    Audience, Cycle, EmployerDocument, Occasion, info_rows, notice_current,
};
use cjs_domain::{Access, ContractKind, Function, Service};
use cjs_store::info::{self, CycleRow, NoticeRow};
use cjs_store::sessions;
use cjs_store::time::{from_db, opt_from_db};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::scope::{Common, CommonInGroup, allowed};
use crate::auth::{Authenticated, Scoped};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(information)
        .service(schedules)
        .service(notices)
        .service(manuals)
        .service(manual_file);
}

pub fn cycle_of(r: &CycleRow) -> Cycle {
    Cycle {
        month: r.month,
        deadline: r.deadline,
        request_received: r.request_received,
        result_received: r.result_received,
        payday: r.payday,
    }
}

fn cycle_view(c: &Cycle, now: DateTime<Utc>) -> CycleView {
    CycleView {
        month: c.month.format("%Y-%m").to_string(),
        input: c.input_state(now),
        deadline: c.deadline,
        request_received: c.request_received,
        result_received: c.result_received,
        payday: c.payday,
    }
}

pub fn audience(row: &NoticeRow) -> Audience {
    match (&row.target_contract, &row.target_kind) {
        (Some(c), _) => Audience::Contract(c.clone()),
        (None, Some(k)) => Audience::Kind(*k),
        (None, None) => Audience::Everyone,
    }
}

async fn notices_for(state: &AppState, auth: &Authenticated) -> Result<Vec<NoticeView>, AppError> {
    let today = cjs_domain::jst(state.clock.now()).date_naive();
    let rows = state.db(move |c| info::live_notices(c, today)).await?;
    let kind = auth.contract.kind;
    Ok(rows
        .iter()
        .filter(|n| notice_current(n.published_on, n.until, today))
        .filter(|n| audience(n).reaches(kind, &auth.contract.contract_number))
        .map(|n| NoticeView {
            id: n.id.clone(),
            published_on: n.published_on,
            subject: n.subject.clone(),
            body: n.body.clone(),
        })
        .collect())
}

/// DC671101 インフォメーション: what the manual's information screen shows for the chosen group.
#[utoipa::path(tag = "information", security(("session" = [])), responses(
    (status = 200, description = "インフォメーション", body = InfoResponse),
    (status = 403, description = "入金グループ未選択 (E2305)", body = ApiError)
))]
#[get("/info")]
pub async fn information(
    state: Data<AppState>,
    auth: Scoped<CommonInGroup>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let group = auth.group.clone();
    let services = auth.services.clone();
    let kind = auth.contract.kind;
    let (g, uid, sid) = (
        group.number.clone(),
        auth.user.user_id.clone(),
        auth.session.id.clone(),
    );
    let (cycles, run, documents, previous) = state
        .db(move |c| {
            Ok((
                info::cycles_of(c, &g)?,
                info::latest_run(c, &g)?,
                info::employer_documents_of(c, &g)?,
                sessions::previous_login(c, &uid, &sid)?,
            ))
        })
        .await?;
    let member_schedules = kind == ContractKind::Member
        && (services.contains(&Service::RokinDeduction) || services.contains(&Service::Ledger));
    let blocks = if member_schedules {
        Occasion::ALL
            .iter()
            .map(|o| {
                let list: Vec<Cycle> = cycles
                    .iter()
                    .filter(|r| r.occasion == *o)
                    .map(cycle_of)
                    .collect();
                let rows = info_rows(&list, now);
                ScheduleBlock {
                    occasion: *o,
                    label: o.label().to_owned(),
                    closed: rows.closed.map(|c| cycle_view(c, now)),
                    open: rows.open.map(|c| cycle_view(c, now)),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let shows_collective_savings =
        allowed(&auth, &services, Function::CollectiveSavings, Access::Read).is_ok();
    let employer_documents = if kind == ContractKind::Employer {
        EmployerDocument::ALL
            .iter()
            .filter(|d| services.contains(&d.service()))
            .map(|d| EmployerDocumentView {
                document: *d,
                label: d.label().to_owned(),
                base_date: documents
                    .iter()
                    .find(|(doc, _)| doc == d)
                    .map(|(_, date)| *date),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(InfoResponse {
            payment_group: Some(PaymentGroupView {
                number: group.number.clone(),
                name: group.name.clone(),
                name_kana: group.name_kana.clone(),
                services,
            }),
            previous_login_at: opt_from_db(previous),
            schedules: blocks,
            shows_collective_savings,
            collective_savings_latest: run.filter(|_| shows_collective_savings).map(|r| {
                let kind = r.kind;
                RunView {
                    run_no: r.run_no,
                    name: r.name,
                    received_on: r.received_on,
                    kind,
                    kind_label: kind.label().to_owned(),
                }
            }),
            employer_documents,
            notices: notices_for(&state, &auth).await?,
        }))
}

/// Every cycle of the chosen payment group, per occasion (the schedule in full).
#[utoipa::path(tag = "information", security(("session" = [])), responses(
    (status = 200, description = "控除スケジュール", body = ScheduleListResponse),
    (status = 403, description = "入金グループ未選択 (E2305)", body = ApiError)
))]
#[get("/schedules")]
pub async fn schedules(
    state: Data<AppState>,
    auth: Scoped<CommonInGroup>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let group = &auth.group;
    let g = group.number.clone();
    let rows = state.db(move |c| info::cycles_of(c, &g)).await?;
    Ok(HttpResponse::Ok().json(ScheduleListResponse {
        payment_group: group.number.clone(),
        occasions: Occasion::ALL
            .iter()
            .map(|o| ScheduleList {
                occasion: *o,
                label: o.label().to_owned(),
                cycles: rows
                    .iter()
                    .filter(|r| r.occasion == *o)
                    .map(|r| cycle_view(&cycle_of(r), now))
                    .collect(),
            })
            .collect(),
    }))
}

/// お知らせ for this contract (to everyone, to its kind, or to it alone), newest first.
#[utoipa::path(tag = "information", security(("session" = [])), responses((status = 200, description = "お知らせ", body = Vec<NoticeView>)))]
#[get("/notices")]
pub async fn notices(
    state: Data<AppState>,
    auth: Scoped<Common>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(notices_for(&state, &auth).await?))
}

fn manual_visible(target_kind: Option<ContractKind>, kind: ContractKind) -> bool {
    target_kind.is_none_or(|k| k == kind)
}

/// マニュアル照会: the documents the bank registered for everyone or this contract's kind.
#[utoipa::path(tag = "information", security(("session" = [])), responses((status = 200, description = "マニュアル一覧", body = ManualListResponse)))]
#[get("/manuals")]
pub async fn manuals(
    state: Data<AppState>,
    auth: Scoped<Common>,
) -> Result<HttpResponse, AppError> {
    let kind = auth.contract.kind;
    let rows = state.db(info::live_manuals).await?;
    Ok(HttpResponse::Ok().json(ManualListResponse {
        manuals: rows
            .into_iter()
            .filter(|m| manual_visible(m.target_kind, kind))
            .map(|m| ManualView {
                id: m.id,
                name: m.name,
                comment: m.comment,
                size: m.size,
                registered_at: from_db(m.created_at),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ManualQuery {
    /// `true`: as a download (attachment) instead of inline.
    pub download: Option<bool>,
}

/// One manual as PDF, inline (or as a download); every access is logged.
#[utoipa::path(tag = "information", params(("id" = String, Path, description = "マニュアルID"), ManualQuery), security(("session" = [])), responses(
    (status = 200, description = "PDF", content_type = "application/pdf", body = Vec<u8>),
    (status = 404, description = "なし (E9404)", body = ApiError)
))]
#[get("/manuals/{id}")]
pub async fn manual_file(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Scoped<Common>,
    path: Path<String>,
    q: Query<ManualQuery>,
) -> Result<HttpResponse, AppError> {
    let kind = auth.contract.kind;
    let id = path.into_inner();
    let lookup = id.clone();
    let row = state
        .db(move |c| info::find_manual(c, &lookup))
        .await?
        .filter(|m| manual_visible(m.target_kind, kind))
        .ok_or_else(AppError::not_found)?;
    let download = q.download.unwrap_or(false);
    let audit =
        Audit::new("CM000003", "マニュアル照会", row.name.clone()).function(auth.function());
    state
        .audited(&ctx, &auth, audit, async {
            let file = crate::manuals::path_of(&state.settings, &row.id);
            let bytes = actix_web::web::block(move || std::fs::read(file))
                .await?
                .map_err(|e| AppError::not_found().cause(e))?;
            let disposition = if download { "attachment" } else { "inline" };
            // RFC 5987 for the Japanese file name, an ASCII fallback for old clients.
            let encoded = percent_encoding::utf8_percent_encode(
                &row.file_name,
                percent_encoding::NON_ALPHANUMERIC,
            );
            let response = HttpResponse::Ok()
                .insert_header((CONTENT_TYPE, "application/pdf"))
                .insert_header((
                    CONTENT_DISPOSITION,
                    format!(
                        "{disposition}; filename=\"manual-{id}.pdf\"; filename*=UTF-8''{encoded}"
                    ),
                ))
                .insert_header(("cache-control", "private, no-cache"))
                .body(bytes);
            Ok(Done::new(response).detail(if download {
                "ダウンロード"
            } else {
                "表示"
            }))
        })
        .await
}
