//! 賃控元帳事務: the manual's thirteen functions (docs/ledger.md). One module per screen; the
//! screen IDs are ours (`cjs_api_types::ledger::screen`, the manual shows none for this menu).
//! The frame, 閲覧のみ, paging, select and radio fields, amounts and file buttons are
//! 労金控除事務's (`pages::deduction`); this module adds what only this menu has: its routes,
//! its 種目 and the free choice of a cycle.

pub mod bulk;
pub mod check_lists;
pub mod combined;
pub mod cycle;
pub mod export;
pub mod history;
pub mod import;
pub mod item_edit;
pub mod items;
pub mod line_edit;
pub mod line_form;
pub mod line_new;
pub mod lines;
pub mod request_export;
pub mod request_lists;
pub mod results;
pub mod upload;

use cjs_api_types::ledger::{ItemList, ItemView};
use cjs_domain::Function;
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::{MenuFrame, MenuFrameProps, ReadOnlyNotice, read_only_in};
use crate::widgets::form::FormState;

/// Where the screens live (`/ledger/...`); the menu items point here.
pub mod routes {
    pub const LINES: &str = "/ledger/lines";
    pub const LINE_NEW: &str = "/ledger/lines/new";
    pub const CHECK_LISTS: &str = "/ledger/check-lists";
    pub const HISTORY: &str = "/ledger/history";
    pub const REQUEST_LISTS: &str = "/ledger/request-lists";
    pub const REQUEST_EXPORT: &str = "/ledger/request-export";
    pub const RESULTS: &str = "/ledger/results";
    pub const BULK: &str = "/ledger/bulk";
    pub const EXPORT: &str = "/ledger/export";
    pub const IMPORT: &str = "/ledger/import";
    pub const ITEMS: &str = "/ledger/items";
    pub const ITEM_NEW: &str = "/ledger/items/new";
    pub const COMBINED: &str = "/ledger/combined";
    pub const COMBINED_EXPORT: &str = "/ledger/combined-export";

    /// LR101201 for one line.
    pub fn line(id: &str) -> String {
        format!("{LINES}/{}", crate::api::encode(id))
    }

    /// LR111201 for one item.
    pub fn item(id: &str) -> String {
        format!("{ITEMS}/{}", crate::api::encode(id))
    }
}

/// 閲覧のみ for 賃控元帳事務: no 登録・変更・解除・作成・一括更新・インポート buttons. The server
/// refuses them anyway (E2303).
pub fn read_only() -> Memo<bool> {
    read_only_in(Function::Ledger)
}

/// The frame of every screen of this menu: logged in, a payment group chosen, and 賃控元帳事務
/// in the user's menu.
#[component]
pub fn LedgerFrame(children: ChildrenFn) -> impl IntoView {
    MenuFrame(MenuFrameProps {
        function: Function::Ledger,
        children,
    })
}

/// The notice a 閲覧のみ user sees instead of the change buttons.
#[component]
pub fn LedgerReadOnly() -> impl IntoView {
    view! { <ReadOnlyNotice function=Function::Ledger /> }
}

/// The group's 種目 (`GET /ledger/items`), loaded once per screen.
pub fn load_items(form: FormState) -> RwSignal<Option<ItemList>> {
    let items = RwSignal::new(None::<ItemList>);
    form.load(api::ledger::items(), move |list| items.set(Some(list)));
    items
}

/// `101 組合費`
pub fn item_label(item: &ItemView) -> String {
    format!("{} {}", item.item_code, item.item_name)
}

/// The 種目 as `(code, "101 組合費")`, in 表示順.
pub fn item_options(items: RwSignal<Option<ItemList>>) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        items.with(|l| {
            l.iter()
                .flat_map(|l| l.items.iter())
                .map(|i| (i.item_code.clone(), item_label(i)))
                .collect()
        })
    })
}

/// The 種目 of a code, when loaded.
pub fn find_item(items: RwSignal<Option<ItemList>>, code: &str) -> Option<ItemView> {
    items.with(|l| {
        l.as_ref()
            .and_then(|l| l.items.iter().find(|i| i.item_code == code).cloned())
    })
}

/// Which amounts an item takes: 月例 and/or 賞与 (夏季・年末).
pub fn allowed_text(item: &ItemView) -> &'static str {
    match (item.monthly, item.bonus) {
        (true, true) => "月例・賞与",
        (true, false) => "月例のみ",
        (false, true) => "賞与のみ",
        (false, false) => "なし",
    }
}

/// The month the clerk's PC is in, `YYYY-MM` (a default to start from; the server decides).
pub fn this_month() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}", now.get_full_year(), now.get_month() + 1)
}

/// The month after `YYYY-MM` (the usual 適用月: 「来月から」).
pub fn next_month(month: &str) -> Option<String> {
    let (y, m) = month.split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    if !(1..=12).contains(&m) {
        return None;
    }
    Some(if m == 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", m + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_month_turns_the_year() {
        assert_eq!(next_month("2024-06").as_deref(), Some("2024-07"));
        assert_eq!(next_month("2024-12").as_deref(), Some("2025-01"));
        assert_eq!(next_month("2024-13"), None);
        assert_eq!(next_month("x"), None);
    }

    #[test]
    fn routes_name_one_line_or_item() {
        assert_eq!(routes::line("a b"), "/ledger/lines/a%20b");
        assert_eq!(routes::item("i-1"), "/ledger/items/i-1");
    }
}
