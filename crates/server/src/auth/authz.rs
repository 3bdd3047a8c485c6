//! The SPA's menu, from the same rule `Scoped` applies to every request.

use cjs_api_types::auth::MenuEntry;
use cjs_domain::{Access, Function};

use crate::auth::Authenticated;
use crate::auth::scope::{allowed, services_of};

/// The menu bar for this user in the session's payment group, in the manual's order; a function
/// the user may read but not change is marked read-only.
pub fn menu(auth: &Authenticated) -> Vec<MenuEntry> {
    let services = services_of(auth.group.as_ref());
    Function::menu_for(auth.contract.kind)
        .iter()
        .filter(|f| allowed(auth, &services, **f, Access::Read).is_ok())
        .map(|f| MenuEntry {
            function: *f,
            label: std::borrow::Cow::Borrowed(f.label()),
            read_only: allowed(auth, &services, *f, Access::Write).is_err(),
        })
        .collect()
}
