//! The one authorisation decision: (user, payment group, function, read|write) from the
//! contract's services and the user's restrictions. Every business endpoint calls `authorize`;
//! `menu` derives the SPA's menu from the same rule.

use cjs_api_types::ErrorCode;
use cjs_api_types::auth::MenuEntry;
use cjs_domain::session::decide;
use cjs_domain::{Access, ContractKind, Decision, Function, Restrictions, Role, Service};
use cjs_store::contracts::PaymentGroupRow;
use cjs_store::users::UserRow;

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::views;

pub fn role_of(user: &UserRow) -> Role {
    if user.is_master() {
        Role::Master
    } else {
        Role::General
    }
}

pub fn restrictions_of(user: &UserRow) -> Restrictions {
    views::restrictions(user)
}

/// Allows or refuses (403 E2302 hidden / not contracted, E2303 read-only).
pub fn authorize(
    auth: &Authenticated,
    group: Option<&PaymentGroupRow>,
    function: Function,
    access: Access,
) -> Result<(), AppError> {
    let services = group.map(views::services).unwrap_or_default();
    match decide(
        role_of(&auth.user),
        &restrictions_of(&auth.user),
        &services,
        function,
        access,
    ) {
        Decision::Allow => Ok(()),
        Decision::ReadOnly => Err(AppError::new(ErrorCode::E2303)),
        Decision::Hidden | Decision::NotContracted => Err(AppError::new(ErrorCode::E2302)),
    }
}

/// The menu bar for this user in this payment group, in the manual's order.
pub fn menu(user: &UserRow, kind: ContractKind, group: Option<&PaymentGroupRow>) -> Vec<MenuEntry> {
    let services: Vec<Service> = group.map(views::services).unwrap_or_default();
    let business: &[Function] = match kind {
        ContractKind::Member => &[
            Function::RokinDeduction,
            Function::Ledger,
            Function::CollectiveSavings,
        ],
        ContractKind::Employer => &[Function::Zaikei],
    };
    let role = role_of(user);
    let restrictions = restrictions_of(user);
    business
        .iter()
        .chain([Function::Common, Function::SystemAdmin].iter())
        .filter_map(|f| {
            let read = decide(role, &restrictions, &services, *f, Access::Read);
            if read != Decision::Allow {
                return None;
            }
            let write = decide(role, &restrictions, &services, *f, Access::Write);
            Some(MenuEntry {
                function: *f,
                label: f.label().to_owned(),
                read_only: write != Decision::Allow,
            })
        })
        .collect()
}
