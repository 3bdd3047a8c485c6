//! Rows to the API's views (one place, so every endpoint shows a user the same way).

use chrono::{DateTime, Utc};
use cjs_api_types::auth::PaymentGroupView;
use cjs_api_types::users::{UserStatus, UserView};
use cjs_domain::lockout::Standing;
use cjs_domain::{Policy, Restriction, Restrictions, Role, Service};
use cjs_store::contracts::PaymentGroupRow;
use cjs_store::time::{from_db, opt_from_db};
use cjs_store::users::UserRow;

fn restriction(s: &str) -> Restriction {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or(Restriction::Hidden)
}

pub fn restriction_str(r: Restriction) -> &'static str {
    match r {
        Restriction::Full => "full",
        Restriction::ReadOnly => "read_only",
        Restriction::Hidden => "hidden",
    }
}

pub fn restrictions(u: &UserRow) -> Restrictions {
    Restrictions {
        rokin_deduction: restriction(&u.rokin_deduction),
        ledger: restriction(&u.ledger),
        collective_savings: restriction(&u.collective_savings),
    }
}

pub fn restriction_columns(r: &Restrictions) -> [&'static str; 3] {
    [
        restriction_str(r.rokin_deduction),
        restriction_str(r.ledger),
        restriction_str(r.collective_savings),
    ]
}

pub fn services(g: &PaymentGroupRow) -> Vec<Service> {
    g.services
        .split(',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| serde_json::from_value(serde_json::Value::String(s.to_owned())).ok())
        .collect()
}

pub fn services_column(services: &[Service]) -> String {
    services
        .iter()
        .filter_map(|s| serde_json::to_value(s).ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn payment_group(g: &PaymentGroupRow) -> PaymentGroupView {
    PaymentGroupView {
        number: g.number.clone(),
        name: g.name.clone(),
        name_kana: g.name_kana.clone(),
        services: services(g),
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
        role: if u.is_master() {
            Role::Master
        } else {
            Role::General
        },
        status,
        locked_at: (status == UserStatus::Locked)
            .then_some(lock.locked_at)
            .flatten(),
        locked_until: (status == UserStatus::Locked)
            .then_some(lock.locked_until)
            .flatten(),
        blocked_at: lock.blocked_at,
        last_login_at: opt_from_db(u.last_login_at),
        restrictions: restrictions(u),
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
