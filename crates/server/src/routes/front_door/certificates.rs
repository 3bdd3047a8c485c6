//! 電子証明書発行 (DC586101): user ID + password → a 6-digit code by e-mail → an issue token →
//! a PKCS#12 protected by the same password. One valid certificate per user; renewal inside the
//! last 30 days replaces the old one. The CRL is refreshed on every revocation.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, get, post};
use chrono::{DateTime, Utc};
use cjs_api_types::auth::{
    CertificateChallengeRequest, CertificateChallengeResponse, CertificateIssueRequest,
    CertificateVerifyRequest, CertificateVerifyResponse,
};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::certificate::{IssueDecision, decide, p12_filename, validity};
use cjs_domain::{UserId, VerificationCode};
use cjs_store::certificates::{self, CertificateRow};
use cjs_store::time::{from_db, to_db};
use cjs_store::{tokens as store_tokens, users};
use secrecy::SecretString;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::check::check_user_password;
use crate::auth::tokens;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::mail::{OutgoingMail, templates};
use crate::state::AppState;
use crate::{seal, views};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(challenge)
        .service(verify)
        .service(issue)
        .service(crl);
}

/// `r***@example.co.jp`
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

async fn existing_not_after(
    state: &AppState,
    user_id: &str,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let id = user_id.to_owned();
    Ok(state
        .db(move |c| certificates::latest_unrevoked(c, &id))
        .await?
        .map(|c| from_db(c.not_after)))
}

/// Step 1: user ID and password; a code goes to the registered e-mail address.
#[utoipa::path(
    tag = "certificates",
    request_body = CertificateChallengeRequest,
    responses(
        (status = 200, description = "認証コードを送信した", body = CertificateChallengeResponse),
        (status = 401, description = "ユーザーIDまたはパスワードの誤り (E2002)", body = ApiError),
        (status = 409, description = "有効な電子証明書が発行済 (E2106)", body = ApiError),
        (status = 422, description = "ユーザーIDの桁数・文字種の誤り (E1001, E1002)", body = ApiError),
        (status = 423, description = "ロック中 (E2003) / 閉塞 (E2004, E2005)", body = ApiError),
        (status = 429, description = "認証コードの送信回数が上限 (E2112)", body = ApiError),
        (status = 503, description = "認証コードのメールを送信できない (E9502)", body = ApiError)
    )
)]
#[post("/certificates/challenge")]
pub async fn challenge(
    state: Data<AppState>,
    ctx: Ctx,
    body: Json<CertificateChallengeRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    let mut entry = ctx.entry(now, "DC586101", "電子証明書発行 認証コード送信");
    entry.user_id = Some(body.user_id.clone());
    entry.target = body.user_id.clone();
    let result: Result<CertificateChallengeResponse, AppError> = async {
        let user_id = UserId::parse(&body.user_id)?;
        let user = check_user_password(
            &state,
            user_id.as_str(),
            SecretString::from(body.password.clone()),
        )
        .await?;
        if let IssueDecision::RefusedWhileValid { not_after } = decide(
            existing_not_after(&state, &user.user_id).await?,
            now,
            &policy,
        ) {
            return Err(AppError::new(ErrorCode::E2106)
                .details(serde_json::json!({ "not_after": not_after })));
        }
        let code = tokens::six_digit_code()?;
        let id = tokens::random_hex(16)?;
        let (key, sealed) = seal::seal(&body.password)?;
        let expires_at = now
            + chrono::Duration::from_std(policy.code_validity)
                .unwrap_or(chrono::Duration::minutes(10));
        let code_hash = tokens::digest(&format!("{id}:{code}"));
        let (cid, uid) = (id.clone(), user.user_id.clone());
        let (since, limit) = (now - chrono::Duration::hours(1), policy.challenges_per_hour);
        // A new code ends the earlier ones, and only so many are sent an hour: one mailbox
        // code at a time, a few tries each, instead of as many as anyone asks for.
        if !state
            .db(move |c| {
                store_tokens::open_challenge(
                    c, &cid, &uid, &code_hash, &sealed, expires_at, now, since, limit,
                )
            })
            .await?
        {
            return Err(AppError::new(ErrorCode::E2112).cause("too many challenges"));
        }
        let minutes = (expires_at - now).num_minutes();
        let (subject, text) = templates::verification_code(
            &user.user_name,
            &user.user_id,
            &code,
            minutes,
            &views::jst_text(expires_at),
        );
        let sent = state
            .mailer
            .send(OutgoingMail {
                to: user.email.clone(),
                subject,
                body: text,
            })
            .await;
        if let Err(e) = sent {
            // The code never reached the user: leave nothing that could be verified.
            let cid = id.clone();
            if let Err(d) = state
                .db(move |c| store_tokens::delete_challenge(c, &cid))
                .await
            {
                tracing::warn!(error = %d, "unsent challenge not removed");
            }
            return Err(AppError::new(ErrorCode::E9502).cause(e));
        }
        Ok(CertificateChallengeResponse {
            // The client keeps the sealing key; the server only the ciphertext.
            challenge_id: format!("{id}.{key}"),
            sent_to: mask_email(&user.email),
            expires_at,
            max_attempts: policy.code_max_attempts,
        })
    }
    .await;
    state
        .finish(entry, result.map(|b| HttpResponse::Ok().json(b)))
        .await
}

/// Step 2: the code from the e-mail (6 digits, 10 minutes, single use, 5 tries).
#[utoipa::path(
    tag = "certificates",
    request_body = CertificateVerifyRequest,
    responses(
        (status = 200, description = "発行トークン", body = CertificateVerifyResponse),
        (status = 422, description = "認証コードの誤り (E2107) / 期限切れ・使用済 (E2108)", body = ApiError),
        (status = 423, description = "入力回数の上限 (E2109)", body = ApiError)
    )
)]
#[post("/certificates/verify")]
pub async fn verify(
    state: Data<AppState>,
    ctx: Ctx,
    body: Json<CertificateVerifyRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let max = i32::try_from(state.settings.policy.code_max_attempts).unwrap_or(5);
    let (id, key) = body
        .challenge_id
        .split_once('.')
        .unwrap_or((&body.challenge_id, ""));
    let (id, key) = (id.to_owned(), key.to_owned());
    let code = body.code.trim().to_owned();
    let mut entry = ctx.entry(now, "DC586101", "電子証明書発行 認証コード入力");
    let cid = id.clone();
    let found = state
        .db(move |c| store_tokens::find_challenge(c, &cid))
        .await?;
    if let Some(ch) = &found {
        entry.user_id = Some(ch.user_id.clone());
        entry.target = ch.user_id.clone();
    }
    let result: Result<HttpResponse, AppError> = async {
        let Some(ch) = found else {
            return Err(AppError::new(ErrorCode::E2108));
        };
        if ch.verified_at.is_some() || from_db(ch.expires_at) <= now {
            return Err(AppError::new(ErrorCode::E2108));
        }
        let code = VerificationCode::parse(&code)?;
        let code = code.as_str();
        let cid = id.clone();
        if !state
            .db(move |c| store_tokens::count_attempt(c, &cid, max))
            .await?
        {
            return Err(AppError::new(ErrorCode::E2109));
        }
        if !tokens::same_digest(&tokens::digest(&format!("{id}:{code}")), &ch.code_hash) {
            let used = ch.attempts + 1;
            if used >= max {
                return Err(AppError::new(ErrorCode::E2109));
            }
            return Err(AppError::new(ErrorCode::E2107)
                .details(serde_json::json!({ "remaining_attempts": max - used })));
        }
        let token = tokens::random_hex(32)?;
        let (cid, th) = (id.clone(), tokens::digest(&token));
        if !state
            .db(move |c| store_tokens::mark_verified(c, &cid, &th, now))
            .await?
        {
            return Err(AppError::new(ErrorCode::E2108));
        }
        Ok(HttpResponse::Ok().json(CertificateVerifyResponse {
            issue_token: format!("{token}.{key}"),
        }))
    }
    .await;
    state.finish(entry, result).await
}

/// Step 3: the PKCS#12 file, named `<userID><yyyyMMddHHmmss>.p12`, protected by the password
/// entered in step 1. The private key is not kept.
#[utoipa::path(
    tag = "certificates",
    request_body = CertificateIssueRequest,
    responses(
        (status = 200, description = "PKCS#12 (.p12)", content_type = "application/x-pkcs12", body = Vec<u8>),
        (status = 409, description = "有効な電子証明書が発行済 (E2106)", body = ApiError),
        (status = 422, description = "発行トークンが無効 (E2110)", body = ApiError)
    )
)]
#[post("/certificates/issue")]
pub async fn issue(
    state: Data<AppState>,
    ctx: Ctx,
    body: Json<CertificateIssueRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    let (token, key) = body
        .issue_token
        .split_once('.')
        .unwrap_or((&body.issue_token, ""));
    let (th, key) = (tokens::digest(token), key.to_owned());
    let mut entry = ctx.entry(now, "DC586101", "電子証明書発行");
    let ch = state
        .db(move |c| store_tokens::consume_issue_token(c, &th, now))
        .await?;
    if let Some(ch) = &ch {
        entry.user_id = Some(ch.user_id.clone());
        entry.target = ch.user_id.clone();
    }
    let result: Result<HttpResponse, AppError> = async {
        let Some(ch) = ch else {
            return Err(AppError::new(ErrorCode::E2110));
        };
        let verified = ch.verified_at.map(from_db).unwrap_or(now);
        let window = chrono::Duration::from_std(policy.code_validity)
            .unwrap_or(chrono::Duration::minutes(10));
        if verified + window <= now {
            return Err(AppError::new(ErrorCode::E2110));
        }
        let password =
            seal::open(&key, &ch.sealed_password).ok_or_else(|| AppError::new(ErrorCode::E2110))?;
        let uid = ch.user_id.clone();
        let user = state
            .db(move |c| users::find(c, &uid))
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::E2110))?;
        let replaces = match decide(
            existing_not_after(&state, &user.user_id).await?,
            now,
            &policy,
        ) {
            IssueDecision::RefusedWhileValid { .. } => return Err(AppError::new(ErrorCode::E2106)),
            IssueDecision::ReplacesExpiring => true,
            IssueDecision::Allowed => false,
        };
        let (not_before, not_after) = validity(now, &policy);
        let pki = state.pki.clone();
        let (cn, o, profile) = (
            user.user_id.clone(),
            user.contract_number.clone(),
            state.settings.server.p12_profile,
        );
        let issued = actix_web::web::block(move || {
            pki.issue_pkcs12(&cn, &o, not_before, not_after, &password, profile)
        })
        .await?
        .map_err(AppError::internal)?;
        let row = CertificateRow {
            serial: issued.peer.serial.clone(),
            user_id: user.user_id.clone(),
            contract_number: user.contract_number.clone(),
            thumbprint: issued.peer.thumbprint_sha256.clone(),
            not_before: to_db(not_before),
            not_after: to_db(not_after),
            issued_at: to_db(now),
            revoked_at: None,
            revocation_reason: None,
            notified_expiring_at: None,
            notified_expired_at: None,
        };
        let uid = user.user_id.clone();
        let revoked = state
            .db(move |c| {
                cjs_store::transaction(c, |c| {
                    let revoked = if replaces {
                        certificates::revoke_all_for_user(c, &uid, "superseded", now)?
                    } else {
                        Vec::new()
                    };
                    certificates::insert(c, &row)?;
                    Ok(revoked)
                })
            })
            .await?;
        if !revoked.is_empty() {
            crate::crl::publish(&state).await?;
        }
        state.metrics.certificate_issued();
        let filename = p12_filename(&UserId::parse(&user.user_id)?, now);
        Ok(HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, "application/x-pkcs12"))
            .insert_header((
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ))
            .insert_header(("cache-control", "no-store"))
            .insert_header(("x-certificate-not-after", not_after.to_rfc3339()))
            .body(issued.der))
    }
    .await;
    if result.is_ok() {
        entry.detail = "発行".into();
    }
    state.finish(entry, result).await
}

/// The certificate revocation list of the service CA (DER).
#[utoipa::path(
    tag = "certificates",
    responses((status = 200, description = "CRL (DER)", content_type = "application/pkix-crl", body = Vec<u8>))
)]
#[get("/certificates/crl")]
pub async fn crl(state: Data<AppState>) -> Result<HttpResponse, AppError> {
    let der = crate::crl::current_der(&state).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/pkix-crl"))
        .insert_header(("cache-control", "no-cache"))
        .body(der))
}
