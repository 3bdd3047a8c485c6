//! マスターユーザーの初期登録: contract number + initial password (DC583101), then the master's
//! ID, password, name and e-mail (DC584101).

use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, post};
use chrono::Duration;
use cjs_api_types::auth::{
    ContractLoginRequest, MasterRegistrationRequest, RegistrationTokenResponse,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::{
    ContractNumber, Email, Field, InitialPassword, Password, UserId, UserName, confirm,
};
use cjs_store::{tokens as store_tokens, users};
use secrecy::SecretString;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::check::check_contract_password;
use crate::auth::{password, tokens};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use crate::views;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(contract_login).service(register_master);
}

const REGISTRATION_MINUTES: i64 = 30;

/// DC583101: checks the contract number and the initial password from the 初期パスワード届出書.
/// Failures count toward the contract's lock like a user's password; a contract in 閉塞 waits
/// for the bank to set a new initial password.
#[utoipa::path(
    tag = "registration",
    request_body = ContractLoginRequest,
    responses(
        (status = 200, description = "登録トークン", body = RegistrationTokenResponse),
        (status = 401, description = "契約番号または初期パスワードの誤り (E2001)", body = ApiError),
        (status = 409, description = "マスターユーザー登録済 (E1008)", body = ApiError),
        (status = 422, description = "入力エラー", body = ApiError),
        (status = 423, description = "ロック中 (E2003) / 閉塞 (E2004)", body = ApiError)
    )
)]
#[post("/registration/contract")]
pub async fn contract_login(
    state: Data<AppState>,
    ctx: Ctx,
    body: Json<ContractLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let number = ContractNumber::parse(&body.contract_number)?;
    let initial = InitialPassword::parse(&body.initial_password)?;
    let mut entry = ctx.entry(now, "DC583101", "マスターユーザー初期登録ログイン");
    entry.contract_number = Some(number.as_str().to_owned());
    entry.target = number.as_str().to_owned();
    let result: Result<HttpResponse, AppError> = async {
        let secret = SecretString::from(initial.expose().to_owned());
        let contract = check_contract_password(&state, number.as_str(), secret).await?;
        let n = contract.contract_number.clone();
        if state.db(move |c| users::master_of(c, &n)).await?.is_some() {
            return Err(AppError::new(ErrorCode::E1008));
        }
        let token = tokens::random_hex(32)?;
        let expires_at = now + Duration::minutes(REGISTRATION_MINUTES);
        let (hash, n) = (tokens::digest(&token), contract.contract_number.clone());
        state
            .db(move |c| store_tokens::insert_registration(c, &hash, &n, expires_at))
            .await?;
        Ok(HttpResponse::Ok().json(RegistrationTokenResponse {
            registration_token: token,
            contract_number: contract.contract_number.clone(),
            organisation_name: contract.name.clone(),
            expires_at,
        }))
    }
    .await;
    state.finish(entry, result).await
}

/// DC584101: registers the contract's one master user. The token is used up in the same
/// transaction that creates the user, so a refused input can be corrected and sent again.
#[utoipa::path(
    tag = "registration",
    request_body = MasterRegistrationRequest,
    responses(
        (status = 201, description = "登録完了", body = cjs_api_types::users::UserView),
        (status = 409, description = "ユーザーID登録済 (E1003) / マスターユーザー登録済 (E1008)", body = ApiError),
        (status = 422, description = "入力エラー (E1001, E1002, E1004, E1005) / トークン無効 (E2111)", body = ApiError)
    )
)]
#[post("/registration/master")]
pub async fn register_master(
    state: Data<AppState>,
    ctx: Ctx,
    body: Json<MasterRegistrationRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let policy = &state.settings.policy;
    let user_id = UserId::parse(&body.user_id)?;
    let pw = Password::parse(&body.password)?;
    confirm(Field::Password, &body.password, &body.password_confirmation)?;
    let name = UserName::parse(&body.user_name)?;
    let email = Email::parse(&body.email, &policy.mobile_email_domains)?;
    confirm(Field::Email, &body.email, &body.email_confirmation)?;
    let hash = password::hash(SecretString::from(pw.expose().to_owned())).await?;
    let token_hash = tokens::digest(&body.registration_token);
    let (uid, name_s, email_s) = (
        user_id.as_str().to_owned(),
        name.as_str().to_owned(),
        email.as_str().to_owned(),
    );
    let created = state
        .db(move |conn| {
            cjs_store::transaction(
                conn,
                |conn| -> cjs_store::StoreResult<Result<cjs_store::users::UserRow, AppError>> {
                    // Refusals come before any write, so nothing is used up by a correctable error.
                    let Some(contract) =
                        store_tokens::registration_contract(conn, &token_hash, now)?
                    else {
                        return Ok(Err(AppError::new(ErrorCode::E2111)));
                    };
                    if users::master_of(conn, &contract)?.is_some() {
                        return Ok(Err(AppError::new(ErrorCode::E1008)));
                    }
                    if users::find(conn, &uid)?.is_some() {
                        return Ok(Err(AppError::new(ErrorCode::E1003)
                            .item(Field::UserId.label())
                            .details(serde_json::json!({"field": "user_id"}))));
                    }
                    if store_tokens::consume_registration(conn, &token_hash, now)?.is_none() {
                        return Ok(Err(AppError::new(ErrorCode::E2111)));
                    }
                    users::insert(
                        conn,
                        &users::NewUser {
                            user_id: &uid,
                            contract_number: &contract,
                            role: cjs_domain::Role::Master,
                            user_name: &name_s,
                            email: &email_s,
                            password_hash: &hash,
                            must_change_password: false,
                            restrictions: cjs_domain::Restrictions::default(),
                        },
                        now,
                    )?;
                    Ok(users::find(conn, &uid)?.ok_or(AppError::internal("user vanished")))
                },
            )
        })
        .await;
    let mut entry = ctx.entry(now, "DC584101", "マスターユーザー初期登録");
    entry.user_id = Some(user_id.as_str().to_owned());
    entry.target = user_id.as_str().to_owned();
    let created = match created {
        Ok(Ok(u)) => u,
        Ok(Err(e)) | Err(e) => {
            entry.result = "failure".into();
            entry.detail = e.code.as_str().to_owned();
            state.log(entry).await?;
            return Err(match e.code {
                // A concurrent registration of the same ID lost the race at the unique index.
                ErrorCode::E1003 if e.items.is_empty() => e.item(Field::UserId.label()),
                _ => e,
            });
        }
    };
    entry.contract_number = Some(created.contract_number.clone());
    state.log(entry).await?;
    Ok(HttpResponse::Created().json(views::user(&created, now, policy, None)))
}
