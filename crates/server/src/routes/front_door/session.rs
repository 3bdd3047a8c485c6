//! ログイン (DC582101), 入金グループ選択 (DC590101), ログアウト, `GET /me` and パスワード変更.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::web::{Data, Json};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put};
use chrono::Duration;
use cjs_api_types::auth::{
    ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse, SelectPaymentGroupRequest,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::{EndReason, new_password};
use cjs_pki::Standing as CertStanding;
use cjs_store::time::{from_db, opt_from_db};
use cjs_store::{certificates, contracts, sessions, users};
use secrecy::SecretString;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::check::{PasswordRefused, check_user_password};
use crate::auth::extract::{SESSION_COOKIE, authenticate_then};
use crate::auth::tokens::{self, Claims, Confirmation};
use crate::auth::{Active, Authenticated, authz, password};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};
use crate::views;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(select_payment_group)
        .service(logout)
        .service(me)
        .service(change_password);
}

/// A session token lives at most this long, however active; idleness ends it much sooner.
const TOKEN_HOURS: i64 = 12;

/// DC582101: the presented certificate names the user; the password proves it.
#[utoipa::path(
    tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "ログイン成功 (トークンは Cookie と本文の両方)", body = LoginResponse),
        (status = 401, description = "証明書なし (E2101) / 他の認証局 (E2102) / 期限切れ (E2103) / 失効 (E2104) / ユーザーなし (E2105) / パスワード誤り (E2002)", body = ApiError),
        (status = 423, description = "ロック中 (E2003) / 閉塞 (E2004, E2005)", body = ApiError)
    )
)]
#[post("/session")]
pub async fn login(
    state: Data<AppState>,
    ctx: Ctx,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let mut entry = ctx.entry(now, "DC582101", "ログイン");
    let result: Result<HttpResponse, AppError> = async {
        let cert = ctx
            .cert
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::E2101))?;
        match cert.standing(now) {
            CertStanding::Valid => {}
            CertStanding::Untrusted => return Err(AppError::new(ErrorCode::E2102)),
            CertStanding::Expired | CertStanding::NotYetValid => {
                return Err(AppError::new(ErrorCode::E2103));
            }
        }
        let thumb = cert.thumbprint_sha256.clone();
        let row = state
            .db(move |c| certificates::find_by_thumbprint(c, &thumb))
            .await?;
        let row = row
            .ok_or_else(|| AppError::new(ErrorCode::E2105).cause("certificate not issued here"))?;
        if row.revoked_at.is_some() {
            return Err(AppError::new(ErrorCode::E2104));
        }
        entry.user_id = Some(row.user_id.clone());
        entry.target = row.user_id.clone();
        entry.contract_number = Some(row.contract_number.clone());
        let user = check_user_password(
            &state,
            &row.user_id,
            SecretString::from(body.password.clone()),
        )
        .await
        .map_err(|r| match r {
            // The certificate names a user who is gone: not a wrong password.
            PasswordRefused::NoSuchUser => AppError::new(ErrorCode::E2105),
            PasswordRefused::Refused(e) => e,
        })?;
        let sid = tokens::random_hex(16)?;
        let (contract_no, uid, s, t) = (
            user.contract_number.clone(),
            user.user_id.clone(),
            sid.clone(),
            cert.thumbprint_sha256.clone(),
        );
        let (groups, previous) = state
            .db(move |c| {
                let groups = contracts::payment_groups_of(c, &contract_no)?;
                let chosen = (groups.len() == 1).then(|| groups[0].number.clone());
                sessions::insert(c, &s, &uid, &t, chosen.as_deref(), now)?;
                users::record_login(c, &uid, now)?;
                let previous = sessions::previous_login(c, &uid, &s)?;
                Ok((groups, previous))
            })
            .await?;
        let token = tokens::sign(
            &Claims {
                sid,
                sub: user.user_id.clone(),
                cnf: Confirmation {
                    x5t_s256: cert.thumbprint_sha256.clone(),
                },
                iat: now.timestamp(),
                exp: (now + Duration::hours(TOKEN_HOURS)).timestamp(),
            },
            state.pki.token_key(),
        )?;
        let cookie = Cookie::build(SESSION_COOKIE, token.clone())
            .path("/")
            .secure(true)
            .http_only(true)
            .same_site(SameSite::Strict)
            .max_age(CookieDuration::hours(TOKEN_HOURS))
            .finish();
        Ok(HttpResponse::Created().cookie(cookie).json(LoginResponse {
            token,
            must_change_password: user.must_change_password,
            payment_group: (groups.len() == 1).then(|| groups[0].number.clone()),
            payment_groups: groups.into_iter().map(views::payment_group).collect(),
            previous_login_at: opt_from_db(previous),
            idle_timeout_seconds: state.settings.policy.idle_timeout.as_secs(),
        }))
    }
    .await;
    match &result {
        Ok(_) => state.metrics.login_succeeded(),
        Err(e) => state.metrics.login_failed(e.code),
    }
    state.finish(entry, result).await
}

/// DC590101: the payment group the session works in.
#[utoipa::path(
    tag = "session",
    request_body = SelectPaymentGroupRequest,
    security(("session" = [])),
    responses(
        (status = 204, description = "選択した"),
        (status = 404, description = "この契約の入金グループではない (E9404)", body = ApiError)
    )
)]
#[put("/session/payment-group")]
pub async fn select_payment_group(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Active,
    body: Json<SelectPaymentGroupRequest>,
) -> Result<HttpResponse, AppError> {
    let audit = Audit::new("DC590101", "入金グループ選択", body.number.clone());
    let journal = state.journal(&ctx, &auth, audit);
    state
        .audited_in(&journal, async {
            let number = body.number.clone();
            let contract = auth.contract.contract_number.clone();
            let group = state
                .db(move |c| contracts::find_payment_group(c, &number))
                .await?
                .filter(|g| g.contract_number == contract)
                .ok_or_else(AppError::not_found)?;
            let (sid, n) = (auth.session.id.clone(), group.number.clone());
            state
                .commit(&journal, group.name.clone(), move |c| {
                    Ok(Ok(sessions::set_payment_group(c, &sid, &n)?))
                })
                .await?;
            Ok(Done::new(HttpResponse::NoContent().finish()).detail(group.name))
        })
        .await
}

/// ログアウト: the session ends; the cookie is cleared.
#[utoipa::path(
    tag = "session",
    security(("session" = [])),
    responses((status = 204, description = "ログアウトした"))
)]
#[delete("/session")]
pub async fn logout(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let audit = Audit::new("DC671101", "ログアウト", auth.user.user_id.clone());
    state
        .audited(&ctx, &auth, audit, async {
            let sid = auth.session.id.clone();
            let now = state.clock.now();
            state
                .db(move |c| sessions::end(c, &sid, EndReason::Logout, now))
                .await?;
            let mut gone = Cookie::build(SESSION_COOKIE, "")
                .path("/")
                .secure(true)
                .http_only(true)
                .finish();
            gone.make_removal();
            Ok(Done::new(HttpResponse::NoContent().cookie(gone).finish()))
        })
        .await
}

/// Who is logged in, in which payment group, and the menu they may use.
#[utoipa::path(
    tag = "session",
    security(("session" = [])),
    responses((status = 200, description = "ログイン中のユーザー", body = MeResponse))
)]
#[get("/me")]
pub async fn me(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    // Authentication and the screen's own reads share one hop to the database.
    let (auth, reads) = authenticate_then(&req, |c, auth| {
        let (contract, uid, sid) = (
            &auth.contract.contract_number,
            &auth.user.user_id,
            &auth.session.id,
        );
        let reads = sessions::payment_groups_and_login(c, contract, uid, sid)?;
        Ok(Ok((auth, reads)))
    })
    .await?;
    let policy = &state.settings.policy;
    let idle = Duration::from_std(policy.idle_timeout).unwrap_or(Duration::minutes(60));
    let menu = authz::menu(&auth);
    let user = views::user(
        &auth.user,
        now,
        policy,
        reads.certificate_expiry.map(from_db),
    );
    let role = auth.user.role;
    let contract = auth.contract;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(MeResponse {
            user,
            contract_number: contract.contract_number,
            contract_kind: contract.kind,
            organisation_name: contract.name,
            role,
            payment_groups: reads.groups.into_iter().map(views::payment_group).collect(),
            payment_group: auth.group.map(views::payment_group),
            menu,
            previous_login_at: opt_from_db(reads.previous_login),
            idle_timeout_seconds: policy.idle_timeout.as_secs(),
            idle_expires_at: now + idle,
        }))
}

/// パスワード変更: current + new twice; the new one must differ. Also ends a temporary password.
#[utoipa::path(
    tag = "session",
    request_body = ChangePasswordRequest,
    security(("session" = [])),
    responses(
        (status = 204, description = "変更した"),
        (status = 401, description = "現在のパスワードの誤り (E2002)", body = ApiError),
        (status = 422, description = "入力エラー (E1001, E1002, E1005, E1006)", body = ApiError)
    )
)]
#[put("/me/password")]
pub async fn change_password(
    state: Data<AppState>,
    ctx: Ctx,
    auth: Authenticated,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let audit = Audit::new("-", "パスワード変更", auth.user.user_id.clone());
    let journal = state.journal(&ctx, &auth, audit);
    state
        .audited_in(&journal, async {
            let new = new_password(
                &body.current_password,
                &body.new_password,
                &body.new_password_confirmation,
            )?;
            check_user_password(
                &state,
                &auth.user.user_id,
                SecretString::from(body.current_password.clone()),
            )
            .await?;
            let hash = password::hash(SecretString::from(new.expose().to_owned())).await?;
            let uid = auth.user.user_id.clone();
            let now = state.clock.now();
            state
                .commit(&journal, "", move |c| {
                    Ok(Ok(users::set_password(c, &uid, &hash, false, now)?))
                })
                .await?;
            Ok(Done::new(HttpResponse::NoContent().finish()))
        })
        .await
}
