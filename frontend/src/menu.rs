//! The menus of the information screen and what each one lists, as the manual names them and in
//! its order (one flat table per menu). The menu names are `Function::label` (cjs-domain). The
//! business items open their screens (`pages::deduction`, `pages::ledger`, `pages::collective`,
//! `pages::zaikei`); an item without a route would lead to the 「準備中」 page.

use cjs_domain::{Function, Role};

use crate::pages::collective::routes as collective;
use crate::pages::deduction::routes;
use crate::pages::ledger::routes as ledger;
use crate::pages::zaikei::routes as zaikei;

/// One entry of a menu's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuItem {
    /// The last path segment of `/menu/<function>/<slug>`.
    pub slug: &'static str,
    pub label: &'static str,
    /// 機能概要, from the manual.
    pub summary: &'static str,
    /// A screen that exists already; otherwise the item opens the 準備中 page.
    pub route: Option<&'static str>,
    /// Only for the master (マスターユーザー) or only for general users, if set.
    pub audience: Audience,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    MasterOnly,
    GeneralOnly,
}

impl Audience {
    pub fn includes(self, role: Role) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::MasterOnly => role == Role::Master,
            Audience::GeneralOnly => role == Role::General,
        }
    }
}

const fn screen(
    slug: &'static str,
    label: &'static str,
    summary: &'static str,
    route: &'static str,
    audience: Audience,
) -> MenuItem {
    MenuItem {
        slug,
        label,
        summary,
        route: Some(route),
        audience,
    }
}

/// The manual that describes the menu's screens (参照先).
pub fn reference(function: Function) -> Option<&'static str> {
    match function {
        Function::RokinDeduction => Some("『操作マニュアル【会員編】本文』 2.1. 労金控除事務"),
        Function::Ledger => Some("『操作マニュアル【会員編】本文』 2. 賃控元帳事務"),
        Function::CollectiveSavings => Some("『操作マニュアル【会員編】本文』 IV. 3. 一斉積立事務"),
        Function::Zaikei => Some("『操作マニュアル【事業主編】本文』 IV. 1. 財形貯蓄事務"),
        Function::Common | Function::SystemAdmin | Function::UserManagement => None,
    }
}

/// 労金控除事務, in the manual's order.
const ROKIN: &[MenuItem] = &[
    screen(
        "details",
        "労金控除明細照会",
        "労金控除明細の照会、追加登録、変更、解除を行います。",
        routes::DETAILS,
        Audience::Everyone,
    ),
    screen(
        "details-new",
        "労金控除明細新規登録",
        "労金控除明細の新規登録を行います。",
        routes::DETAIL_NEW,
        Audience::Everyone,
    ),
    screen(
        "details-history",
        "労金控除明細更新履歴照会",
        "労金控除明細更新履歴の照会を行います。",
        routes::HISTORY,
        Audience::Everyone,
    ),
    screen(
        "request-list",
        "労金控除依頼リスト出力",
        "控除依頼リスト、窓口扱い控除依頼内容変更リスト、控除依頼明細エラーリスト、控除依頼異動分リストを出力します。",
        routes::REQUEST_LISTS,
        Audience::Everyone,
    ),
    screen(
        "request-export",
        "労金控除依頼データエクスポート",
        "労金控除依頼リストの内容を CSV 形式で出力します。",
        routes::REQUEST_EXPORT,
        Audience::Everyone,
    ),
    screen(
        "employer-request",
        "企業宛控除依頼書出力",
        "企業宛控除依頼書を出力します。",
        routes::EMPLOYER_LIST,
        Audience::Everyone,
    ),
    screen(
        "employer-request-export",
        "企業宛控除依頼データエクスポート",
        "企業宛控除依頼書（全件／異動分）の内容を CSV 形式で出力します。",
        routes::EMPLOYER_EXPORT,
        Audience::Everyone,
    ),
    screen(
        "payment-stop",
        "まとめ入金依頼入金中止設定",
        "労金控除明細の入金中止、中止解除を設定します。",
        routes::STOPS,
        Audience::Everyone,
    ),
    screen(
        "payment-confirm",
        "まとめ入金確定",
        "まとめ入金明細を確定し、まとめ入金依頼書、まとめ入金更新明細書 (Web 依頼済) を出力します。 まとめ入金明細の確定を解除します。",
        routes::LUMP,
        Audience::Everyone,
    ),
    screen(
        "payment-web-report",
        "まとめ入金 WEB 更新依頼明細書出力",
        "まとめ入金 Web 更新依頼明細書を出力します。",
        routes::LUMP_WEB_UPDATES,
        Audience::Everyone,
    ),
    screen(
        "result-list",
        "労金控除結果リスト出力",
        "控除結果リスト、控除不能リスト、カナ氏名不一致リストを出力します。",
        routes::RESULT_LISTS,
        Audience::Everyone,
    ),
];

/// 賃控元帳事務, in the manual's order.
const LEDGER: &[MenuItem] = &[
    screen(
        "details",
        "賃控元帳明細照会",
        "賃控元帳明細の照会、変更、解除を行います。",
        ledger::LINES,
        Audience::Everyone,
    ),
    screen(
        "details-new",
        "賃控元帳明細新規登録",
        "賃控元帳明細の新規登録を行います。",
        ledger::LINE_NEW,
        Audience::Everyone,
    ),
    screen(
        "check-list",
        "賃控元帳確認リスト出力",
        "賃控元帳内訳リスト、賃控元帳種目合計リスト、賃控元帳異動分リストを出力します。",
        ledger::CHECK_LISTS,
        Audience::Everyone,
    ),
    screen(
        "details-history",
        "賃控元帳明細更新履歴照会",
        "賃控元帳明細の更新履歴を照会します。",
        ledger::HISTORY,
        Audience::Everyone,
    ),
    screen(
        "request-list",
        "賃控元帳控除依頼リスト出力",
        "賃控元帳控除依頼リスト、賃控元帳控除依頼カナ氏名・職員番号桁数相違リストを出力します。",
        ledger::REQUEST_LISTS,
        Audience::Everyone,
    ),
    screen(
        "request-export",
        "賃控元帳控除依頼データエクスポート",
        "賃控元帳依頼リストの内容を CSV 形式で出力します。",
        ledger::REQUEST_EXPORT,
        Audience::Everyone,
    ),
    screen(
        "result-list",
        "賃控元帳結果リスト出力",
        "賃控元帳控除結果リスト、賃控元帳控除不能リストを出力します。",
        ledger::RESULTS,
        Audience::Everyone,
    ),
    screen(
        "bulk-update",
        "賃控元帳明細一括更新",
        "指定した賃控元帳種目の賃控元帳明細控除金額を一括更新します。",
        ledger::BULK,
        Audience::Everyone,
    ),
    screen(
        "details-export",
        "賃控元帳明細データエクスポート",
        "賃控元帳明細の内容を CSV 形式で出力します。",
        ledger::EXPORT,
        Audience::Everyone,
    ),
    screen(
        "details-import",
        "賃控元帳明細データインポート",
        "エクスポートした賃控元帳明細データを編集して CSV 形式でインポートします。",
        ledger::IMPORT,
        Audience::Everyone,
    ),
    screen(
        "items",
        "賃控元帳種目情報照会",
        "賃控元帳種目の照会、登録、変更、削除を行います。",
        ledger::ITEMS,
        Audience::Everyone,
    ),
    screen(
        "combined-list",
        "労金控除賃控元帳依頼リスト出力",
        "労金控除賃控元帳依頼リストを出力します。",
        ledger::COMBINED,
        Audience::Everyone,
    ),
    screen(
        "combined-export",
        "労金控除賃控元帳依頼データエクスポート",
        "労金控除賃控元帳依頼リストの内容を CSV 形式で出力します。",
        ledger::COMBINED_EXPORT,
        Audience::Everyone,
    ),
];

/// 一斉積立事務, in the manual's order.
const COLLECTIVE: &[MenuItem] = &[
    screen(
        "details",
        "一斉積立内訳明細照会",
        "一斉積立内訳明細の照会を行います。",
        collective::DETAILS,
        Audience::Everyone,
    ),
    screen(
        "details-report",
        "一斉積立内訳明細表出力",
        "一斉積立内訳明細表、一斉積立変更明細表を出力します。",
        collective::REPORT,
        Audience::Everyone,
    ),
    screen(
        "details-export",
        "一斉積立内訳明細データエクスポート",
        "一斉積立内訳明細表、一斉積立変更明細表の内容をCSV形式で出力します。",
        collective::EXPORT,
        Audience::Everyone,
    ),
];

/// 財形貯蓄事務: the manual's three functions (預入依頼書, 加入者残高一覧表 and 奨励金 are
/// documents inside them).
const ZAIKEI: &[MenuItem] = &[
    screen(
        "details",
        "財形積立明細照会",
        "財形積立明細の照会を行います。",
        zaikei::DETAILS,
        Audience::Everyone,
    ),
    screen(
        "details-report",
        "財形積立明細書出力",
        "財形積立明細書、財形積立変更明細書（預入依頼書のみ）を出力します。",
        zaikei::REPORT,
        Audience::Everyone,
    ),
    screen(
        "details-export",
        "財形積立明細データエクスポート",
        "財形積立明細書、財形積立変更明細書（預入依頼書のみ）の内容を CSV 形式で出力します。",
        zaikei::EXPORT,
        Audience::Everyone,
    ),
];

/// 共通機能: パスワード変更, マニュアル照会.
const COMMON: &[MenuItem] = &[
    screen(
        "password",
        "パスワード変更",
        "ログインパスワードを変更します。",
        "/common/password",
        Audience::Everyone,
    ),
    screen(
        "manuals",
        "マニュアル照会",
        "登録されているマニュアル・帳票を閲覧・ダウンロードします。",
        "/common/manuals",
        Audience::Everyone,
    ),
];

/// システム管理機能: ユーザー情報の照会 for every user; the master manages the contract's users.
const SYSTEM_ADMIN: &[MenuItem] = &[
    screen(
        "profile",
        "ユーザー情報の照会",
        "ご自身のユーザー情報（ユーザー名、メールアドレス、権限、機能制限、電子証明書の有効期限）を照会します。",
        "/me/profile",
        Audience::GeneralOnly,
    ),
    screen(
        "users",
        "契約ユーザー情報照会",
        "ユーザー情報の照会を行います。一般ユーザーの新規登録・変更・削除ができます。",
        "/admin/users",
        Audience::MasterOnly,
    ),
    screen(
        "log",
        "操作ログ照会",
        "ご契約のユーザーの操作ログを照会し、CSV でダウンロードします。",
        "/admin/log",
        Audience::MasterOnly,
    ),
];

/// The list a menu opens, in the manual's order.
pub fn items(function: Function) -> &'static [MenuItem] {
    match function {
        Function::RokinDeduction => ROKIN,
        Function::Ledger => LEDGER,
        Function::CollectiveSavings => COLLECTIVE,
        Function::Zaikei => ZAIKEI,
        Function::Common => COMMON,
        // The master's part of システム管理機能 is listed inside it, never as a menu of its own.
        Function::SystemAdmin | Function::UserManagement => SYSTEM_ADMIN,
    }
}

/// The items `role` sees in a menu.
pub fn items_for(function: Function, role: Role) -> impl Iterator<Item = &'static MenuItem> {
    items(function)
        .iter()
        .filter(move |i| i.audience.includes(role))
}

/// One item of a menu by its slug.
pub fn find(function: Function, slug: &str) -> Option<MenuItem> {
    items(function).iter().find(|i| i.slug == slug).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_menu_lists_items_with_unique_slugs() {
        for f in Function::ALL {
            let mut seen = HashSet::new();
            assert!(!items(*f).is_empty(), "{f:?}");
            for i in items(*f) {
                assert!(seen.insert(i.slug), "{f:?} repeats {}", i.slug);
                assert!(
                    i.slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                    "{}",
                    i.slug
                );
                assert_eq!(find(*f, i.slug), Some(*i));
            }
        }
    }

    fn labels(f: Function) -> Vec<&'static str> {
        items(f).iter().map(|i| i.label).collect()
    }

    #[test]
    fn the_business_menus_list_the_manuals_functions_in_its_order() {
        assert_eq!(labels(Function::RokinDeduction).len(), 11);
        assert_eq!(labels(Function::RokinDeduction)[0], "労金控除明細照会");
        assert_eq!(
            labels(Function::RokinDeduction)[10],
            "労金控除結果リスト出力"
        );
        assert_eq!(labels(Function::Ledger).len(), 13);
        assert_eq!(labels(Function::Ledger)[2], "賃控元帳確認リスト出力");
        assert_eq!(
            labels(Function::Ledger)[12],
            "労金控除賃控元帳依頼データエクスポート"
        );
        assert_eq!(
            labels(Function::CollectiveSavings),
            [
                "一斉積立内訳明細照会",
                "一斉積立内訳明細表出力",
                "一斉積立内訳明細データエクスポート"
            ]
        );
        assert_eq!(
            labels(Function::Zaikei),
            [
                "財形積立明細照会",
                "財形積立明細書出力",
                "財形積立明細データエクスポート"
            ]
        );
    }

    #[test]
    fn every_rokin_item_opens_its_screen() {
        for i in items(Function::RokinDeduction) {
            assert!(
                i.route.is_some_and(|r| r.starts_with("/deduction/")),
                "{}",
                i.slug
            );
        }
        assert_eq!(
            find(Function::RokinDeduction, "details-new").and_then(|i| i.route),
            Some("/deduction/details/new")
        );
    }

    #[test]
    fn every_ledger_item_opens_its_screen() {
        for i in items(Function::Ledger) {
            assert!(
                i.route.is_some_and(|r| r.starts_with("/ledger/")),
                "{}",
                i.slug
            );
        }
        assert_eq!(
            find(Function::Ledger, "bulk-update").and_then(|i| i.route),
            Some("/ledger/bulk")
        );
    }

    #[test]
    fn every_collective_and_zaikei_item_opens_its_screen() {
        for (f, prefix) in [
            (Function::CollectiveSavings, "/collective/"),
            (Function::Zaikei, "/zaikei/"),
        ] {
            for i in items(f) {
                assert!(
                    i.route.is_some_and(|r| r.starts_with(prefix)),
                    "{f:?} {}",
                    i.slug
                );
            }
        }
        assert_eq!(
            find(Function::CollectiveSavings, "details-report").and_then(|i| i.route),
            Some("/collective/report")
        );
        assert_eq!(
            find(Function::Zaikei, "details-export").and_then(|i| i.route),
            Some("/zaikei/export")
        );
    }

    #[test]
    fn system_admin_shows_a_general_user_only_their_own_information() {
        let general: Vec<_> = items_for(Function::SystemAdmin, Role::General)
            .map(|i| i.label)
            .collect();
        assert_eq!(general, ["ユーザー情報の照会"]);
        let master: Vec<_> = items_for(Function::SystemAdmin, Role::Master)
            .map(|i| i.label)
            .collect();
        assert_eq!(master, ["契約ユーザー情報照会", "操作ログ照会"]);
        assert_eq!(
            find(Function::Common, "password").and_then(|i| i.route),
            Some("/common/password")
        );
    }
}
