//! システム管理機能: ユーザー情報の照会 (every user, their own), and for the master the
//! contract's users: 契約ユーザー情報照会 (DM493101), 変更 (DM492101), 一般ユーザーの登録と削除.
//! The rules are `cjs_domain::admin::users`; handlers extract, plan, store and respond.

use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, post, put};
use cjs_api_types::users::{
    UserCreateRequest, UserListResponse, UserStatus, UserUpdateRequest, UserView,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::admin::users::{
    Actor, CreateRequest, Refusal, Subject, UpdateRequest, plan_create, plan_delete, plan_update,
};
use cjs_domain::{Field, Role};
use cjs_store::time::from_db;
use cjs_store::users::UserRow;
use cjs_store::{certificates, sessions, users};
use secrecy::SecretString;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::lockout::{Target, lift_blocking};
use crate::auth::scope::{SystemAdmin, UserManagement};
use crate::auth::{Authenticated, Read, Scoped, Write, password};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};
use crate::views;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(update)
        .service(remove);
}

async fn view_of(state: &AppState, u: &UserRow) -> Result<UserView, AppError> {
    let uid = u.user_id.clone();
    let cert = state
        .db(move |c| certificates::latest_unrevoked(c, &uid))
        .await?;
    Ok(views::user(
        u,
        state.clock.now(),
        &state.settings.policy,
        cert.map(|c| from_db(c.not_after)),
    ))
}

/// A user of the caller's contract, or 404 (another contract's users do not exist for them).
async fn user_in_contract(
    state: &AppState,
    auth: &Authenticated,
    user_id: &str,
) -> Result<UserRow, AppError> {
    let id = user_id.to_owned();
    let contract = auth.contract.contract_number.clone();
    state
        .db(move |c| users::find(c, &id))
        .await?
        .filter(|u| u.contract_number == contract)
        .ok_or_else(AppError::not_found)
}

fn actor(auth: &Authenticated) -> Actor<'_> {
    Actor {
        user_id: &auth.user.user_id,
        role: auth.user.role,
        contract: &auth.contract.contract_number,
    }
}

fn subject(u: &UserRow) -> Subject<'_> {
    Subject {
        user_id: &u.user_id,
        role: u.role,
    }
}

/// A domain refusal as the API's error.
fn refused(r: Refusal) -> AppError {
    match r {
        Refusal::NotAllowed(why) => AppError::new(ErrorCode::E2302).cause(why),
        Refusal::TooManyUsers { max } => AppError::new(ErrorCode::E1007).item(max.to_string()),
        Refusal::Rule(e) => e.into(),
    }
}

/// DM493101: the contract's users.
#[utoipa::path(tag = "users", security(("session" = [])), responses(
    (status = 200, description = "ユーザー一覧", body = UserListResponse),
    (status = 403, description = "マスターユーザーのみ (E2302)", body = ApiError)
))]
#[get("/users")]
pub async fn list(
    state: Data<AppState>,
    auth: Scoped<UserManagement, Read>,
) -> Result<HttpResponse, AppError> {
    let contract = auth.contract.contract_number.clone();
    let rows = state
        .db(move |c| users::list_by_contract(c, &contract))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(view_of(&state, r).await?);
    }
    Ok(HttpResponse::Ok().json(UserListResponse {
        users: out,
        max_general_users: state.settings.policy.max_general_users,
    }))
}

/// 一般ユーザーの追加: a temporary password the user must change at the first login.
#[utoipa::path(tag = "users", request_body = UserCreateRequest, security(("session" = [])), responses(
    (status = 201, description = "登録した", body = UserView),
    (status = 409, description = "ユーザーID登録済 (E1003) / 上限 (E1007)", body = ApiError),
    (status = 422, description = "入力エラー", body = ApiError)
))]
#[post("/users")]
pub async fn create(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Scoped<UserManagement, Write>,
    body: Json<UserCreateRequest>,
) -> Result<HttpResponse, AppError> {
    let audit =
        Audit::new("DM492101", "一般ユーザー登録", body.user_id.clone()).function(auth.function());
    let journal = state.journal(&ctx, &auth, audit);
    state
        .audited_in(&journal, async {
            let policy = &state.settings.policy;
            let contract = auth.contract.contract_number.clone();
            let count = state
                .db(move |c| users::count_general(c, &contract))
                .await?;
            let plan = plan_create(
                actor(&auth),
                &CreateRequest {
                    user_id: &body.user_id,
                    user_name: &body.user_name,
                    password: &body.password,
                    password_confirmation: &body.password_confirmation,
                    email: &body.email,
                    email_confirmation: &body.email_confirmation,
                    restrictions: body.restrictions,
                },
                &policy.mobile_email_domains,
                policy.max_general_users,
                u32::try_from(count).unwrap_or(u32::MAX),
            )
            .map_err(refused)?;
            let hash = password::hash(SecretString::from(
                plan.temporary_password.expose().to_owned(),
            ))
            .await?;
            let contract = auth.contract.contract_number.clone();
            let max = i64::from(policy.max_general_users);
            let now = state.clock.now();
            // The user and the log entry commit together.
            let created = state
                .commit(&journal, "", move |c| {
                    cjs_store::try_transaction(
                        c,
                        |c| -> cjs_store::StoreResult<Result<UserRow, AppError>> {
                            let uid = plan.user_id.as_str();
                            if users::find(c, uid)?.is_some() {
                                return Ok(Err(AppError::new(ErrorCode::E1003)
                                    .item(Field::UserId.label())
                                    .details(serde_json::json!({"field": "user_id"}))));
                            }
                            // Counted again inside the transaction: two adds at once never
                            // pass the limit together.
                            if users::count_general(c, &contract)? >= max {
                                return Ok(Err(
                                    AppError::new(ErrorCode::E1007).item(max.to_string())
                                ));
                            }
                            users::insert(
                                c,
                                &users::NewUser {
                                    user_id: uid,
                                    contract_number: &contract,
                                    role: Role::General,
                                    user_name: plan.user_name.as_str(),
                                    email: plan.email.as_str(),
                                    password_hash: &hash,
                                    must_change_password: true,
                                    restrictions: plan.restrictions,
                                },
                                now,
                            )?;
                            Ok(users::find(c, uid)?.ok_or(AppError::internal("user vanished")))
                        },
                    )
                })
                .await
                .map_err(|e| {
                    if e.code == ErrorCode::E1003 && e.items.is_empty() {
                        e.item(Field::UserId.label())
                    } else {
                        e
                    }
                })?;
            Ok(Done::new(
                HttpResponse::Created().json(view_of(&state, &created).await?),
            ))
        })
        .await
}

/// One user of the contract (ユーザー情報の照会).
#[utoipa::path(tag = "users", params(("user_id" = String, Path, description = "ユーザーID (6～12桁の半角英数字、英字と数字の両方を含む)", min_length = 6, max_length = 12, pattern = r"^[A-Za-z0-9]{6,12}$")), security(("session" = [])), responses(
    (status = 200, description = "ユーザー", body = UserView),
    (status = 404, description = "なし (E9404)", body = ApiError)
))]
#[get("/users/{user_id}")]
pub async fn show(
    state: Data<AppState>,
    auth: Scoped<SystemAdmin, Read>,
    path: Path<String>,
) -> Result<HttpResponse, AppError> {
    // Every user may look at themselves; the master at everyone in the contract.
    if path.as_str() != auth.user.user_id {
        Scoped::<UserManagement, Read>::from_auth(auth.auth.clone())?;
    }
    let u = user_in_contract(&state, &auth, &path).await?;
    Ok(HttpResponse::Ok().json(view_of(&state, &u).await?))
}

/// DM492101: name, e-mail, a new temporary password, restrictions, status back to 正常. The
/// master changes their own name, e-mail and password here too, never their own status or
/// restrictions. All changes of one request apply together or not at all.
#[utoipa::path(tag = "users", params(("user_id" = String, Path, description = "ユーザーID (6～12桁の半角英数字、英字と数字の両方を含む)", min_length = 6, max_length = 12, pattern = r"^[A-Za-z0-9]{6,12}$")), request_body = UserUpdateRequest, security(("session" = [])), responses(
    (status = 200, description = "変更した", body = UserView),
    (status = 403, description = "許可されない変更 (E2302)", body = ApiError),
    (status = 404, description = "この契約のユーザーではない (E9404)", body = ApiError),
    (status = 409, description = "メールアドレス等が登録済 (E1003)", body = ApiError),
    (status = 422, description = "入力エラー", body = ApiError)
))]
#[put("/users/{user_id}")]
pub async fn update(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Scoped<UserManagement, Write>,
    path: Path<String>,
    body: Json<UserUpdateRequest>,
) -> Result<HttpResponse, AppError> {
    let target = user_in_contract(&state, &auth, &path).await?;
    let audit = Audit::new("DM492101", "ユーザー情報変更", target.user_id.clone())
        .function(auth.function());
    let journal = state.journal(&ctx, &auth, audit);
    state
        .audited_in(&journal, async {
            let change = plan_update(
                actor(&auth),
                subject(&target),
                &UpdateRequest {
                    user_name: body.user_name.as_deref(),
                    email: body
                        .email
                        .as_deref()
                        .map(|e| (e, body.email_confirmation.as_deref().unwrap_or(""))),
                    password: body
                        .password
                        .as_deref()
                        .map(|p| (p, body.password_confirmation.as_deref().unwrap_or(""))),
                    restrictions: body.restrictions,
                    status_normal: body.status.map(|s| s == UserStatus::Normal),
                },
                &state.settings.policy.mobile_email_domains,
            )
            .map_err(refused)?;
            let summary = change.summary();
            let hash = match &change.password {
                Some(p) => Some((
                    password::hash(SecretString::from(p.password.expose().to_owned())).await?,
                    p.temporary,
                )),
                None => None,
            };
            let uid = target.user_id.clone();
            let name = change
                .user_name
                .map(|n| n.as_str().to_owned())
                .unwrap_or(target.user_name.clone());
            let email = change
                .email
                .map(|e| e.as_str().to_owned())
                .unwrap_or(target.email.clone());
            let restrictions = change.restrictions;
            let lift = change.lift_lock;
            let now = state.clock.now();
            let updated = state
                .commit(&journal, summary.clone(), move |c| {
                    Ok(Ok({
                        users::update_profile(c, &uid, &name, &email, now)?;
                        if let Some((h, temporary)) = &hash {
                            users::set_password(c, &uid, h, *temporary, now)?;
                        }
                        if let Some(r) = &restrictions {
                            users::set_restrictions(c, &uid, r, now)?;
                        }
                        if lift {
                            lift_blocking(c, &Target::User(uid.clone()), now)?;
                        }
                        users::find(c, &uid)?.ok_or(cjs_store::StoreError::NotFound)?
                    }))
                })
                .await?;
            Ok(
                Done::new(HttpResponse::Ok().json(view_of(&state, &updated).await?))
                    .detail(summary),
            )
        })
        .await
}

/// 一般ユーザーの削除: sessions end, the certificate is revoked (and the CRL refreshed).
#[utoipa::path(tag = "users", params(("user_id" = String, Path, description = "ユーザーID (6～12桁の半角英数字、英字と数字の両方を含む)", min_length = 6, max_length = 12, pattern = r"^[A-Za-z0-9]{6,12}$")), security(("session" = [])), responses(
    (status = 204, description = "削除した"),
    (status = 403, description = "マスターユーザーは削除できない (E2302)", body = ApiError),
    (status = 404, description = "この契約のユーザーではない (E9404)", body = ApiError)
))]
#[delete("/users/{user_id}")]
pub async fn remove(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Scoped<UserManagement, Write>,
    path: Path<String>,
) -> Result<HttpResponse, AppError> {
    let target = user_in_contract(&state, &auth, &path).await?;
    let audit = Audit::new("DM493101", "一般ユーザー削除", target.user_id.clone())
        .function(auth.function());
    let journal = state.journal(&ctx, &auth, audit);
    state
        .audited_in(&journal, async {
            plan_delete(actor(&auth), subject(&target)).map_err(refused)?;
            let uid = target.user_id.clone();
            let now = state.clock.now();
            let revoked = state
                .commit(&journal, "", move |c| {
                    sessions::end_all_for_user(c, &uid, cjs_domain::EndReason::Deleted, now)?;
                    let revoked = certificates::revoke_all_for_user(c, &uid, "user deleted", now)?;
                    users::delete(c, &uid)?;
                    Ok(Ok(revoked))
                })
                .await?;
            if !revoked.is_empty() {
                crate::crl::publish(&state).await?;
            }
            Ok(Done::new(HttpResponse::NoContent().finish()))
        })
        .await
}
