//! `Authenticated`: every check a logged-in request needs, in one place and on every request —
//! the signed token, the session row, idle time (refreshed), the same certificate as at login,
//! that certificate not revoked, the user still 正常. A lock, 閉塞, deletion or revocation
//! therefore takes effect on the user's very next request in every session.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use cjs_api_types::{CSRF_HEADER, ErrorCode};
use cjs_domain::EndReason;
use cjs_domain::lockout::Standing;
use cjs_domain::session::idle_expired;
use cjs_pki::{PeerCertificate, Standing as CertStanding};
use cjs_store::contracts::{ContractRow, PaymentGroupRow};
use cjs_store::sessions;
use cjs_store::sessions::SessionRow;
use cjs_store::users::UserRow;

use crate::auth::tokens;
use crate::error::AppError;
use crate::state::AppState;

/// How stale `last_seen_at` may get before a request writes it again.
const TOUCH_RESOLUTION: chrono::Duration = chrono::Duration::seconds(15);

/// The session cookie: `__Host-` so it is Secure, path `/`, and bound to this host.
pub const SESSION_COOKIE: &str = "__Host-cjs-session";

#[derive(Debug, Clone)]
pub struct Authenticated {
    pub session: SessionRow,
    pub user: UserRow,
    pub contract: ContractRow,
    /// The session's payment group (chosen at DC590101, or the only one at login); always one
    /// of the user's contract.
    pub group: Option<PaymentGroupRow>,
    pub cert: PeerCertificate,
}

/// A logged-in user who has no pending temporary password: what every endpoint but the
/// password change, `GET /me` and logout asks for.
#[derive(Debug, Clone)]
pub struct Active(pub Authenticated);

impl std::ops::Deref for Active {
    type Target = Authenticated;
    fn deref(&self) -> &Authenticated {
        &self.0
    }
}

fn token_of(req: &HttpRequest) -> Option<(String, bool)> {
    if let Some(h) = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        && let Some(t) = h
            .strip_prefix("Bearer ")
            .or_else(|| h.strip_prefix("bearer "))
    {
        return Some((t.trim().to_owned(), false));
    }
    req.cookie(SESSION_COOKIE)
        .map(|c| (c.value().to_owned(), true))
}

/// Why an ended session ended, as the error the user sees.
fn ended_error(reason: Option<EndReason>) -> AppError {
    match reason {
        Some(EndReason::Timeout) => AppError::new(ErrorCode::E2202),
        Some(EndReason::Logout) | None => AppError::new(ErrorCode::E2201),
        Some(EndReason::Revoked) => AppError::new(ErrorCode::E2104),
        Some(EndReason::Locked | EndReason::Deleted | EndReason::Reset) => {
            AppError::new(ErrorCode::E2204)
        }
    }
}

/// What the request itself proves before the database is asked: a valid signed token, the CSRF
/// header for cookie changes, a valid certificate with the token's thumbprint.
pub(crate) struct Pending {
    state: Data<AppState>,
    now: chrono::DateTime<chrono::Utc>,
    sid: String,
    cert: PeerCertificate,
    ctx: crate::ctx::Ctx,
}

async fn pending(req: &HttpRequest) -> Result<Pending, AppError> {
    let state = req
        .app_data::<Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("AppState missing"))?;
    let now = state.clock.now();
    let (token, via_cookie) = token_of(req).ok_or_else(|| AppError::new(ErrorCode::E2201))?;
    let claims = tokens::verify(&token, state.pki.token_key(), now.timestamp())
        .ok_or_else(|| AppError::new(ErrorCode::E2201))?;
    if via_cookie
        && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && req.headers().get(CSRF_HEADER).is_none()
    {
        return Err(AppError::new(ErrorCode::E2304));
    }
    // The request's context (address, certificate, request id) is read once.
    let ctx = crate::ctx::Ctx::from_request(req, &mut Payload::None).await?;
    let cert = ctx
        .cert
        .clone()
        .ok_or_else(|| AppError::new(ErrorCode::E2203))?;
    if cert.standing(now) != CertStanding::Valid {
        return Err(AppError::new(match cert.standing(now) {
            CertStanding::Expired | CertStanding::NotYetValid => ErrorCode::E2103,
            _ => ErrorCode::E2102,
        }));
    }
    if cert.thumbprint_sha256 != claims.cnf.x5t_s256 {
        return Err(AppError::new(ErrorCode::E2203));
    }
    Ok(Pending {
        state,
        now,
        sid: claims.sid,
        cert,
        ctx,
    })
}

impl Pending {
    /// Every check against the database, on the caller's connection: one statement reads the
    /// session, user, contract, certificate and payment group; a second is written only to end a
    /// session or, at most every few seconds, refresh its idle clock.
    fn load(
        &self,
        conn: &mut cjs_store::DbConnection,
    ) -> cjs_store::StoreResult<Result<Authenticated, AppError>> {
        let (now, sid, policy) = (self.now, &self.sid, &self.state.settings.policy);
        let thumb = &self.cert.thumbprint_sha256;
        let Some(found) = sessions::context(conn, sid)? else {
            return Ok(Err(AppError::new(ErrorCode::E2201)));
        };
        let session = found.session;
        if session.ended_at.is_some() {
            return Ok(Err(ended_error(session.end_reason)));
        }
        if &session.cert_thumbprint != thumb {
            return Ok(Err(AppError::new(ErrorCode::E2203)));
        }
        // A session ended by the service (not by the user) is logged with its reason.
        let end = |conn: &mut cjs_store::DbConnection,
                   reason: EndReason,
                   code: ErrorCode,
                   contract: Option<String>| {
            if sessions::end(conn, sid, reason, now)? {
                let mut e = self.ctx.entry(now, "-", "強制ログアウト");
                e.user_id = Some(session.user_id.clone());
                e.target = session.user_id.clone();
                e.result = reason.as_str().to_owned();
                e.contract_number = contract;
                cjs_store::oplog::append(conn, &e)?;
            }
            Ok(Err(AppError::new(code)))
        };
        let contract_no = found.user.as_ref().map(|u| u.contract_number.clone());
        if idle_expired(cjs_store::time::from_db(session.last_seen_at), now, policy) {
            return end(conn, EndReason::Timeout, ErrorCode::E2202, contract_no);
        }
        let (Some(user), Some(contract)) = (found.user, found.contract) else {
            return end(conn, EndReason::Deleted, ErrorCode::E2204, contract_no);
        };
        if user.lock().state.standing(now, policy) != Standing::Normal {
            return end(conn, EndReason::Locked, ErrorCode::E2204, contract_no);
        }
        match &found.certificate {
            Some(c) if c.revoked_at.is_none() => {}
            _ => return end(conn, EndReason::Revoked, ErrorCode::E2104, contract_no),
        }
        // Refreshing the idle clock is a write; a few seconds' resolution is plenty for a
        // 60-minute limit and spares the database a write on every request.
        if now - cjs_store::time::from_db(session.last_seen_at) >= TOUCH_RESOLUTION {
            sessions::touch(conn, sid, now)?;
        }
        Ok(Ok(Authenticated {
            session,
            user,
            contract,
            group: found.payment_group,
            cert: self.cert.clone(),
        }))
    }
}

async fn authenticate(req: HttpRequest) -> Result<Authenticated, AppError> {
    let p = pending(&req).await?;
    let state = p.state.clone();
    let auth = state.db(move |conn| p.load(conn)).await??;
    req.extensions_mut().insert(auth.clone());
    Ok(auth)
}

/// Authenticates the request and runs `read` on the same connection in the same blocking hop:
/// a read behind the login then costs one hand-off to the database thread instead of two.
/// `read` decides access first (it sees the `Authenticated`) and may refuse.
pub(crate) async fn authenticate_then<T, F>(req: &HttpRequest, read: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(
            &mut cjs_store::DbConnection,
            Authenticated,
        ) -> cjs_store::StoreResult<Result<T, AppError>>
        + Send
        + 'static,
{
    let p = pending(req).await?;
    let state = p.state.clone();
    state
        .db(move |conn| -> cjs_store::StoreResult<Result<T, AppError>> {
            match p.load(conn)? {
                Ok(auth) => read(conn, auth),
                Err(e) => Ok(Err(e)),
            }
        })
        .await?
}

impl FromRequest for Authenticated {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(done) = req.extensions().get::<Authenticated>().cloned() {
                return Ok(done);
            }
            authenticate(req).await
        })
    }
}

impl FromRequest for Active {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = Authenticated::from_request(req, payload);
        Box::pin(async move {
            let auth = fut.await?;
            if auth.user.must_change_password {
                return Err(AppError::new(ErrorCode::E2301));
            }
            Ok(Active(auth))
        })
    }
}
