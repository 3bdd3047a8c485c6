//! Rows to the API's views (one place, so every endpoint shows a user the same way).

use chrono::{DateTime, Utc};
use cjs_api_types::auth::PaymentGroupView;
use cjs_api_types::users::{UserStatus, UserView};
use cjs_domain::Policy;
use cjs_domain::lockout::Standing;
use cjs_store::contracts::PaymentGroupRow;
use cjs_store::time::{from_db, opt_from_db};
use cjs_store::users::UserRow;

/// The row moves into the view (no copies).
pub fn payment_group(g: PaymentGroupRow) -> PaymentGroupView {
    PaymentGroupView {
        number: g.number,
        name: g.name,
        name_kana: g.name_kana,
        services: g.services,
    }
}

pub fn user(
    u: &UserRow,
    now: DateTime<Utc>,
    policy: &Policy,
    cert_expires: Option<DateTime<Utc>>,
) -> UserView {
    let lock = u.lock().state;
    let status = match lock.standing(now, policy) {
        Standing::Normal => UserStatus::Normal,
        Standing::Locked { .. } => UserStatus::Locked,
        Standing::Blocked { .. } => UserStatus::Blocked,
    };
    UserView {
        user_id: u.user_id.clone(),
        user_name: u.user_name.clone(),
        email: u.email.clone(),
        role: u.role,
        status,
        locked_at: (status == UserStatus::Locked)
            .then_some(lock.locked_at)
            .flatten(),
        locked_until: (status == UserStatus::Locked)
            .then_some(lock.locked_until)
            .flatten(),
        blocked_at: lock.blocked_at,
        last_login_at: opt_from_db(u.last_login_at),
        restrictions: u.restrictions(),
        must_change_password: u.must_change_password,
        certificate_expires_at: cert_expires,
    }
}

pub fn jst_text(t: DateTime<Utc>) -> String {
    cjs_domain::calendar::jst(t)
        .format("%Y年%m月%d日 %H:%M")
        .to_string()
}

pub fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    from_db(t)
}

/// A file to download: its type, a file name (RFC 5987 for a Japanese one, with an ASCII
/// fallback for old clients) and no caching. Every CSV and PDF the service hands out goes
/// through here.
pub fn download(
    content_type: &str,
    ascii_name: &str,
    name: &str,
    bytes: Vec<u8>,
) -> actix_web::HttpResponse {
    use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    actix_web::HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type.to_owned()))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header(("cache-control", "no-store"))
        .body(bytes)
}
