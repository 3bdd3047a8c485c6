//! The menus of the information screen and what each one lists, as the manual names them.
//! Most business screens are still to come: their items lead to a 「準備中」 page.

use cjs_domain::Function;

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
    GeneralOnly,
}

/// A heading within a menu's list and its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuGroup {
    pub heading: &'static str,
    pub items: &'static [MenuItem],
}

const fn item(slug: &'static str, label: &'static str, summary: &'static str) -> MenuItem {
    MenuItem {
        slug,
        label,
        summary,
        route: None,
        audience: Audience::Everyone,
    }
}

const fn screen(
    slug: &'static str,
    label: &'static str,
    summary: &'static str,
    route: &'static str,
) -> MenuItem {
    MenuItem {
        slug,
        label,
        summary,
        route: Some(route),
        audience: Audience::Everyone,
    }
}

/// The name on the menu bar (the manual's wording; 労金控除事務 for the deductions to the bank).
pub fn label(function: Function) -> &'static str {
    match function {
        Function::RokinDeduction => "労金控除事務",
        Function::Ledger => "賃控元帳事務",
        Function::CollectiveSavings => "一斉積立事務",
        Function::Zaikei => "財形貯蓄事務",
        Function::Common => "共通機能",
        Function::SystemAdmin => "システム管理機能",
    }
}

/// The manual that describes the menu's screens (参照先).
pub fn reference(function: Function) -> Option<&'static str> {
    match function {
        Function::RokinDeduction => Some("『操作マニュアル【会員編】本文』 2.1. 労金控除事務"),
        Function::Ledger => Some("『操作マニュアル【会員編】本文』 2. 賃控元帳事務"),
        Function::CollectiveSavings => Some("『操作マニュアル【会員編】本文』 IV. 3. 一斉積立事務"),
        Function::Zaikei => Some("『操作マニュアル【事業主編】本文』 IV. 1. 財形貯蓄事務"),
        Function::Common | Function::SystemAdmin => None,
    }
}

const ROKIN: &[MenuGroup] = &[
    MenuGroup {
        heading: "労金控除明細照会・更新",
        items: &[
            item(
                "details",
                "労金控除明細照会",
                "労金控除明細の照会、追加登録、変更、解除を行います。",
            ),
            item(
                "details-new",
                "労金控除明細新規登録",
                "労金控除明細の新規登録を行います。",
            ),
            item(
                "details-history",
                "労金控除明細更新履歴照会",
                "労金控除明細更新履歴の照会を行います。",
            ),
        ],
    },
    MenuGroup {
        heading: "控除依頼リスト・企業宛控除依頼書",
        items: &[
            item(
                "request-list",
                "労金控除依頼リスト出力",
                "控除依頼リスト、窓口扱い控除依頼内容変更リスト、控除依頼明細エラーリスト、控除依頼異動分リストを出力します。",
            ),
            item(
                "request-export",
                "労金控除依頼データエクスポート",
                "労金控除依頼リストの内容を CSV 形式で出力します。",
            ),
            item(
                "employer-request",
                "企業宛控除依頼書出力",
                "企業宛控除依頼書を出力します。",
            ),
            item(
                "employer-request-export",
                "企業宛控除依頼データエクスポート",
                "企業宛控除依頼書（全件／異動分）の内容を CSV 形式で出力します。",
            ),
        ],
    },
    MenuGroup {
        heading: "まとめ入金",
        items: &[
            item(
                "payment-stop",
                "まとめ入金依頼入金中止設定",
                "労金控除明細の入金中止、中止解除を設定します。",
            ),
            item(
                "payment-confirm",
                "まとめ入金確定",
                "まとめ入金明細を確定し、まとめ入金依頼書、まとめ入金更新明細書（Web依頼済）を出力します。まとめ入金明細の確定を解除します。",
            ),
            item(
                "payment-web-report",
                "まとめ入金WEB更新依頼明細書出力",
                "まとめ入金Web更新依頼明細書を出力します。",
            ),
        ],
    },
    MenuGroup {
        heading: "控除結果リスト",
        items: &[item(
            "result-list",
            "労金控除結果リスト出力",
            "控除結果リスト、控除不能リスト、カナ氏名不一致リストを出力します。",
        )],
    },
];

const LEDGER: &[MenuGroup] = &[
    MenuGroup {
        heading: "元帳明細",
        items: &[
            item(
                "details",
                "賃控元帳明細照会",
                "賃控元帳明細の照会、変更、解除を行います。",
            ),
            item(
                "details-new",
                "賃控元帳明細新規登録",
                "賃控元帳明細の新規登録を行います。",
            ),
            item(
                "details-history",
                "賃控元帳明細更新履歴照会",
                "賃控元帳明細の更新履歴を照会します。",
            ),
            item(
                "bulk-update",
                "賃控元帳明細一括更新",
                "指定した賃控元帳種目の賃控元帳明細控除金額を一括更新します。",
            ),
        ],
    },
    MenuGroup {
        heading: "確認リスト・控除依頼リスト・結果リスト",
        items: &[
            item(
                "check-list",
                "賃控元帳確認リスト出力",
                "賃控元帳内訳リスト、賃控元帳種目合計リスト、賃控元帳異動分リストを出力します。",
            ),
            item(
                "request-list",
                "賃控元帳控除依頼リスト出力",
                "賃控元帳控除依頼リスト、賃控元帳控除依頼カナ氏名・職員番号桁数相違リストを出力します。",
            ),
            item(
                "request-export",
                "賃控元帳控除依頼データエクスポート",
                "賃控元帳依頼リストの内容を CSV 形式で出力します。",
            ),
            item(
                "result-list",
                "賃控元帳結果リスト出力",
                "賃控元帳控除結果リスト、賃控元帳控除不能リストを出力します。",
            ),
            item(
                "combined-list",
                "労金控除賃控元帳依頼リスト出力",
                "労金控除賃控元帳依頼リストを出力します。",
            ),
            item(
                "combined-export",
                "労金控除賃控元帳依頼データエクスポート",
                "労金控除賃控元帳依頼リストの内容を CSV 形式で出力します。",
            ),
        ],
    },
    MenuGroup {
        heading: "CSV取込・出力",
        items: &[
            item(
                "details-export",
                "賃控元帳明細データエクスポート",
                "賃控元帳明細の内容を CSV 形式で出力します。",
            ),
            item(
                "details-import",
                "賃控元帳明細データインポート",
                "エクスポートした賃控元帳明細データを編集して CSV 形式でインポートします。",
            ),
        ],
    },
    MenuGroup {
        heading: "種目登録",
        items: &[item(
            "items",
            "賃控元帳種目情報照会",
            "賃控元帳種目の照会、登録、変更、削除を行います。",
        )],
    },
];

const COLLECTIVE: &[MenuGroup] = &[MenuGroup {
    heading: "内訳明細・変更明細",
    items: &[
        item(
            "details",
            "一斉積立内訳明細照会",
            "一斉積立内訳明細の照会を行います。",
        ),
        item(
            "details-report",
            "一斉積立内訳明細表出力",
            "一斉積立内訳明細表、一斉積立変更明細表を出力します。",
        ),
        item(
            "details-export",
            "一斉積立内訳明細データエクスポート",
            "一斉積立内訳明細表、一斉積立変更明細表の内容を CSV 形式で出力します。",
        ),
    ],
}];

const ZAIKEI: &[MenuGroup] = &[
    MenuGroup {
        heading: "財形積立明細",
        items: &[
            item(
                "details",
                "財形積立明細照会",
                "財形積立明細の照会を行います。",
            ),
            item(
                "details-report",
                "財形積立明細書出力",
                "財形積立明細書、財形積立変更明細書（預入依頼書のみ）を出力します。",
            ),
            item(
                "details-export",
                "財形積立明細データエクスポート",
                "財形積立明細書、財形積立変更明細書（預入依頼書のみ）の内容を CSV 形式で出力します。",
            ),
        ],
    },
    MenuGroup {
        heading: "預入依頼書・加入者残高一覧表・奨励金（ご契約がある場合）",
        items: &[
            item(
                "deposit",
                "預入依頼書",
                "月例・夏季一時金・年末一時金の預入依頼書を照会・出力します。",
            ),
            item(
                "balance",
                "加入者残高一覧表",
                "基準日時点の加入者残高一覧表を出力します。",
            ),
            item("incentive", "奨励金", "奨励金の明細を出力します。"),
        ],
    },
];

const COMMON: &[MenuGroup] = &[MenuGroup {
    heading: "共通機能",
    items: &[
        screen(
            "password",
            "パスワード変更",
            "ログインパスワードを変更します。",
            "/common/password",
        ),
        MenuItem {
            slug: "profile",
            label: "ユーザー情報の照会",
            summary: "ご自身のユーザー情報（ユーザー名、メールアドレス、機能制限、電子証明書の有効期限）を照会します。",
            route: Some("/me/profile"),
            audience: Audience::GeneralOnly,
        },
        screen(
            "manuals",
            "マニュアル照会",
            "金庫が登録したマニュアル・帳票を閲覧・ダウンロードします。",
            "/common/manuals",
        ),
    ],
}];

const SYSTEM_ADMIN: &[MenuGroup] = &[MenuGroup {
    heading: "システム管理機能",
    items: &[
        screen(
            "users",
            "契約ユーザー情報照会",
            "ユーザー情報の照会を行います。一般ユーザーの新規登録・変更・削除ができます。",
            "/admin/users",
        ),
        screen(
            "log",
            "操作ログ照会",
            "ご契約のユーザーの操作ログを照会し、CSV でダウンロードします。",
            "/admin/log",
        ),
    ],
}];

/// The list a menu opens.
pub fn groups(function: Function) -> &'static [MenuGroup] {
    match function {
        Function::RokinDeduction => ROKIN,
        Function::Ledger => LEDGER,
        Function::CollectiveSavings => COLLECTIVE,
        Function::Zaikei => ZAIKEI,
        Function::Common => COMMON,
        Function::SystemAdmin => SYSTEM_ADMIN,
    }
}

/// One item of a menu by its slug.
pub fn find(function: Function, slug: &str) -> Option<MenuItem> {
    groups(function)
        .iter()
        .flat_map(|g| g.items.iter())
        .find(|i| i.slug == slug)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_menu_lists_items_with_unique_slugs() {
        for f in Function::ALL {
            let mut seen = HashSet::new();
            let items: Vec<_> = groups(*f).iter().flat_map(|g| g.items.iter()).collect();
            assert!(!items.is_empty(), "{f:?}");
            for i in items {
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

    #[test]
    fn the_menus_carry_the_manuals_names() {
        let text = |f: Function| {
            groups(f)
                .iter()
                .flat_map(|g| std::iter::once(g.heading).chain(g.items.iter().map(|i| i.label)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for word in [
            "労金控除明細照会・更新",
            "控除依頼リスト",
            "企業宛控除依頼書",
            "まとめ入金確定",
            "控除結果リスト",
        ] {
            assert!(text(Function::RokinDeduction).contains(word), "{word}");
        }
        for word in [
            "種目登録",
            "元帳明細",
            "確認リスト",
            "一括更新",
            "CSV取込・出力",
        ] {
            assert!(text(Function::Ledger).contains(word), "{word}");
        }
        for word in ["内訳明細", "変更明細"] {
            assert!(text(Function::CollectiveSavings).contains(word), "{word}");
        }
        for word in ["財形積立明細", "預入依頼書", "加入者残高一覧表", "奨励金"]
        {
            assert!(text(Function::Zaikei).contains(word), "{word}");
        }
        assert_eq!(
            find(Function::Common, "password").and_then(|i| i.route),
            Some("/common/password")
        );
        assert_eq!(
            find(Function::Common, "manuals").and_then(|i| i.route),
            Some("/common/manuals")
        );
        assert_eq!(
            find(Function::SystemAdmin, "users").and_then(|i| i.route),
            Some("/admin/users")
        );
        assert_eq!(label(Function::RokinDeduction), "労金控除事務");
    }
}
