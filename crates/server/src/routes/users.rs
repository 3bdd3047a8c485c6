//! システム管理機能: 契約ユーザー情報照会 (DM493101), 変更 (DM492101), 一般ユーザーの登録と削除,
//! and the 操作ログ照会. Master only, decided by `authorize(SystemAdmin)`.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, post, put};
use chrono::{DateTime, Utc};
use cjs_api_types::users::{
    OperationLogEntry, OperationLogResponse, UserCreateRequest, UserListResponse, UserStatus,
    UserUpdateRequest, UserView,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::{Access, Email, Field, Function, Password, UserId, UserName, confirm};
use cjs_store::time::from_db;
use cjs_store::users::UserRow;
use cjs_store::{certificates, oplog, sessions, users};
use secrecy::SecretString;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::lockout::{Target, lift_blocking};
use crate::auth::{Active, authorize, password};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use crate::views;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(update)
        .service(remove)
        .service(operation_log);
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
    auth: &Active,
    user_id: &str,
) -> Result<UserRow, AppError> {
    let id = user_id.to_owned();
    state
        .db(move |c| users::find(c, &id))
        .await?
        .filter(|u| u.contract_number == auth.contract.contract_number)
        .ok_or_else(AppError::not_found)
}

fn entry_for(
    ctx: &Ctx,
    auth: &Active,
    now: DateTime<Utc>,
    screen: &str,
    action: &str,
    target: &str,
) -> oplog::Entry {
    let mut e = ctx.entry(now, screen, action);
    e.user_id = Some(auth.user.user_id.clone());
    e.contract_number = Some(auth.contract.contract_number.clone());
    e.target = target.to_owned();
    e
}

/// DM493101: the contract's users.
#[utoipa::path(tag = "users", responses(
    (status = 200, description = "ユーザー一覧", body = UserListResponse),
    (status = 403, description = "マスターユーザーのみ (E2302)", body = ApiError)
))]
#[get("/users")]
pub async fn list(state: Data<AppState>, auth: Active) -> Result<HttpResponse, AppError> {
    authorize(&auth, None, Function::SystemAdmin, Access::Read)?;
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
#[utoipa::path(tag = "users", request_body = UserCreateRequest, responses(
    (status = 201, description = "登録した", body = UserView),
    (status = 409, description = "ユーザーID登録済 (E1003) / 上限 (E1007)", body = ApiError),
    (status = 422, description = "入力エラー", body = ApiError)
))]
#[post("/users")]
pub async fn create(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Active,
    body: Json<UserCreateRequest>,
) -> Result<HttpResponse, AppError> {
    authorize(&auth, None, Function::SystemAdmin, Access::Write)?;
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    let entry = entry_for(
        &ctx,
        &auth,
        now,
        "DM492101",
        "一般ユーザー登録",
        &body.user_id,
    );
    let result: Result<HttpResponse, AppError> = async {
        let user_id = UserId::parse(&body.user_id)?;
        let name = UserName::parse(&body.user_name)?;
        let pw = Password::parse(&body.password)?;
        confirm(Field::Password, &body.password, &body.password_confirmation)?;
        let email = Email::parse(&body.email, &policy.mobile_email_domains)?;
        confirm(Field::Email, &body.email, &body.email_confirmation)?;
        body.restrictions.validate()?;
        let hash = password::hash(SecretString::from(pw.expose().to_owned())).await?;
        let contract = auth.contract.contract_number.clone();
        let max = i64::from(policy.max_general_users);
        let (uid, n, e, r) = (
            user_id.as_str().to_owned(),
            name.as_str().to_owned(),
            email.as_str().to_owned(),
            views::restriction_columns(&body.restrictions),
        );
        let created = state
            .db(move |c| {
                cjs_store::transaction(
                    c,
                    |c| -> cjs_store::StoreResult<Result<UserRow, AppError>> {
                        if users::find(c, &uid)?.is_some() {
                            return Ok(Err(AppError::new(ErrorCode::E1003)
                                .item(Field::UserId.label())
                                .details(serde_json::json!({"field": "user_id"}))));
                        }
                        if users::count_general(c, &contract)? >= max {
                            return Ok(Err(AppError::new(ErrorCode::E1007).item(max.to_string())));
                        }
                        users::insert(
                            c,
                            &users::NewUser {
                                user_id: &uid,
                                contract_number: &contract,
                                role: "general",
                                user_name: &n,
                                email: &e,
                                password_hash: &hash,
                                must_change_password: true,
                                restrictions: r,
                            },
                            now,
                        )?;
                        Ok(users::find(c, &uid)?.ok_or(AppError::internal("user vanished")))
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
            })??;
        Ok(HttpResponse::Created().json(view_of(&state, &created).await?))
    }
    .await;
    state.finish(entry, result).await
}

/// One user of the contract (ユーザー情報の照会).
#[utoipa::path(tag = "users", params(("user_id" = String, Path, description = "ユーザーID")), responses(
    (status = 200, description = "ユーザー", body = UserView),
    (status = 404, description = "なし (E9404)", body = ApiError)
))]
#[get("/users/{user_id}")]
pub async fn show(
    state: Data<AppState>,
    auth: Active,
    path: Path<String>,
) -> Result<HttpResponse, AppError> {
    // A general user may look at themselves; the master at everyone in the contract.
    if path.as_str() != auth.user.user_id {
        authorize(&auth, None, Function::SystemAdmin, Access::Read)?;
    }
    let u = user_in_contract(&state, &auth, &path).await?;
    Ok(HttpResponse::Ok().json(view_of(&state, &u).await?))
}

/// DM492101: name, e-mail, a new temporary password, restrictions, status back to 正常. The
/// master changes their own name, e-mail and password here too, never their own status or
/// restrictions. All changes of one request apply together or not at all.
#[utoipa::path(tag = "users", params(("user_id" = String, Path, description = "ユーザーID")), request_body = UserUpdateRequest, responses(
    (status = 200, description = "変更した", body = UserView),
    (status = 403, description = "許可されない変更 (E2302)", body = ApiError),
    (status = 422, description = "入力エラー", body = ApiError)
))]
#[put("/users/{user_id}")]
pub async fn update(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Active,
    path: Path<String>,
    body: Json<UserUpdateRequest>,
) -> Result<HttpResponse, AppError> {
    authorize(&auth, None, Function::SystemAdmin, Access::Write)?;
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    let target = user_in_contract(&state, &auth, &path).await?;
    let mut entry = entry_for(
        &ctx,
        &auth,
        now,
        "DM492101",
        "ユーザー情報変更",
        &target.user_id,
    );
    let result: Result<HttpResponse, AppError> = async {
        let is_self = target.user_id == auth.user.user_id;
        if target.is_master() && !is_self {
            return Err(AppError::new(ErrorCode::E2302));
        }
        if target.is_master() && (body.status.is_some() || body.restrictions.is_some()) {
            return Err(AppError::new(ErrorCode::E2302).cause("own status or restrictions"));
        }
        if matches!(body.status, Some(s) if s != UserStatus::Normal) {
            return Err(cjs_domain::RuleError::Format {
                field: Field::Status,
                rule: "「正常」のみ",
            }
            .into());
        }
        let name = body.user_name.as_deref().map(UserName::parse).transpose()?;
        let email = match &body.email {
            Some(e) => {
                let parsed = Email::parse(e, &policy.mobile_email_domains)?;
                confirm(
                    Field::Email,
                    e,
                    body.email_confirmation.as_deref().unwrap_or(""),
                )?;
                Some(parsed)
            }
            None => None,
        };
        let hash = match &body.password {
            Some(p) => {
                Password::parse(p)?;
                confirm(
                    Field::Password,
                    p,
                    body.password_confirmation.as_deref().unwrap_or(""),
                )?;
                Some(password::hash(SecretString::from(p.clone())).await?)
            }
            None => None,
        };
        if let Some(r) = &body.restrictions {
            r.validate()?;
        }
        let mut changed = Vec::new();
        if name.is_some() {
            changed.push("ユーザー名");
        }
        if email.is_some() {
            changed.push("メールアドレス");
        }
        if hash.is_some() {
            changed.push(if is_self {
                "パスワード"
            } else {
                "仮のパスワード"
            });
        }
        if body.restrictions.is_some() {
            changed.push("機能制限");
        }
        if body.status.is_some() {
            changed.push("状態→正常");
        }
        let uid = target.user_id.clone();
        let (name_s, email_s) = (
            name.map(|n| n.as_str().to_owned())
                .unwrap_or(target.user_name.clone()),
            email
                .map(|e| e.as_str().to_owned())
                .unwrap_or(target.email.clone()),
        );
        let restrictions = body.restrictions.as_ref().map(views::restriction_columns);
        let lift = body.status.is_some();
        let updated = state
            .db(move |c| {
                cjs_store::transaction(c, |c| {
                    users::update_profile(c, &uid, &name_s, &email_s, now)?;
                    if let Some(h) = &hash {
                        // Set by the master for someone else: a temporary password to change.
                        users::set_password(c, &uid, h, !is_self, now)?;
                    }
                    if let Some(r) = restrictions {
                        users::set_restrictions(c, &uid, r, now)?;
                    }
                    if lift {
                        lift_blocking(c, &Target::User(uid.clone()), now)?;
                    }
                    users::find(c, &uid)?.ok_or(cjs_store::StoreError::NotFound)
                })
            })
            .await?;
        entry.detail = changed.join("、");
        Ok(HttpResponse::Ok().json(view_of(&state, &updated).await?))
    }
    .await;
    state.finish(entry, result).await
}

/// 一般ユーザーの削除: sessions end, the certificate is revoked (and the CRL refreshed).
#[utoipa::path(tag = "users", params(("user_id" = String, Path, description = "ユーザーID")), responses(
    (status = 204, description = "削除した"),
    (status = 403, description = "マスターユーザーは削除できない (E2302)", body = ApiError)
))]
#[delete("/users/{user_id}")]
pub async fn remove(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Active,
    path: Path<String>,
) -> Result<HttpResponse, AppError> {
    authorize(&auth, None, Function::SystemAdmin, Access::Write)?;
    let now = state.clock.now();
    let target = user_in_contract(&state, &auth, &path).await?;
    let entry = entry_for(
        &ctx,
        &auth,
        now,
        "DM493101",
        "一般ユーザー削除",
        &target.user_id,
    );
    let result: Result<HttpResponse, AppError> = async {
        if target.is_master() {
            return Err(AppError::new(ErrorCode::E2302));
        }
        let uid = target.user_id.clone();
        let revoked = state
            .db(move |c| {
                cjs_store::transaction(c, |c| {
                    sessions::end_all_for_user(c, &uid, "deleted", now)?;
                    let revoked = certificates::revoke_all_for_user(c, &uid, "user deleted", now)?;
                    users::delete(c, &uid)?;
                    Ok(revoked)
                })
            })
            .await?;
        if !revoked.is_empty() {
            crate::crl::publish(&state).await?;
        }
        Ok(HttpResponse::NoContent().finish())
    }
    .await;
    state.finish(entry, result).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LogQuery {
    /// ユーザーIDで絞り込む.
    pub user_id: Option<String>,
    /// 操作名で絞り込む.
    pub action: Option<String>,
    /// この日時以降 (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// この日時より前 (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// `csv` で CSV ファイル (UTF-8 BOM 付き) を返す; `csv-sjis` で CP932.
    pub format: Option<String>,
}

/// 操作ログ照会: the master reads their own contract's log, filtered, as JSON or CSV.
#[utoipa::path(tag = "users", params(LogQuery), responses(
    (status = 200, description = "操作ログ", body = OperationLogResponse),
    (status = 403, description = "マスターユーザーのみ (E2302)", body = ApiError)
))]
#[get("/operation-log")]
pub async fn operation_log(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Active,
    q: Query<LogQuery>,
) -> Result<HttpResponse, AppError> {
    authorize(&auth, None, Function::SystemAdmin, Access::Read)?;
    let now = state.clock.now();
    let csv = q.format.as_deref();
    let filter = oplog::Filter {
        contract_number: auth.contract.contract_number.clone(),
        user_id: q.user_id.clone().filter(|s| !s.is_empty()),
        action: q.action.clone().filter(|s| !s.is_empty()),
        from: q.from,
        to: q.to,
        limit: if csv.is_some() {
            10_000
        } else {
            q.limit.unwrap_or(100)
        },
        offset: q.offset.unwrap_or(0),
    };
    let (rows, total) = state.db(move |c| oplog::list(c, &filter)).await?;
    let entries: Vec<OperationLogEntry> = rows
        .into_iter()
        .map(|r| OperationLogEntry {
            seq: r.seq,
            at: from_db(r.at),
            user_id: r.user_id,
            screen_id: r.screen_id,
            action: r.action,
            target: r.target,
            result: r.result,
            detail: r.detail,
            client_addr: r.client_addr,
            cert_thumbprint: r.cert_thumbprint,
        })
        .collect();
    let Some(format) = csv else {
        return Ok(HttpResponse::Ok().json(OperationLogResponse { entries, total }));
    };
    let encoding = if format == "csv-sjis" {
        cjs_reports::CsvEncoding::Cp932
    } else {
        cjs_reports::CsvEncoding::Utf8Bom
    };
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                views::jst_text(e.at),
                e.user_id.clone().unwrap_or_default(),
                e.screen_id.clone(),
                e.action.clone(),
                e.target.clone(),
                e.result.clone(),
                e.detail.clone(),
                e.client_addr.clone(),
                e.cert_thumbprint.clone(),
            ]
        })
        .collect();
    let header = [
        "日時",
        "ユーザーID",
        "画面ID",
        "操作",
        "対象",
        "結果",
        "内容",
        "接続元",
        "証明書",
    ];
    let bytes = cjs_reports::write_csv(&header, rows.iter(), encoding).map_err(|e| {
        AppError::new(ErrorCode::E1002)
            .item("操作ログ")
            .item("CP932で表せる文字")
            .cause(e)
    })?;
    let mut entry = entry_for(
        &ctx,
        &auth,
        now,
        "-",
        "操作ログ CSV ダウンロード",
        &auth.contract.contract_number,
    );
    entry.detail = format!("{} 件", entries.len());
    state.log(entry).await?;
    let filename = format!(
        "operation-log-{}.csv",
        cjs_domain::calendar::jst(now).format("%Y%m%d%H%M%S")
    );
    Ok(HttpResponse::Ok()
        .insert_header((
            CONTENT_TYPE,
            if encoding == cjs_reports::CsvEncoding::Cp932 {
                "text/csv; charset=Shift_JIS"
            } else {
                "text/csv; charset=utf-8"
            },
        ))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(bytes))
}
