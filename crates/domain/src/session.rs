//! Who may do what: the idle timeout of a session and the one authorisation rule (contracted
//! services × マスター/一般 × ユーザー別機能制限).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Policy;
use crate::clock::span;
use crate::rules::{Field, RuleError};

/// 画面毎の時間制限: true once more than `idle_timeout` has passed since the last action
/// (exactly the limit is still alive).
pub fn idle_expired(last_seen: DateTime<Utc>, now: DateTime<Utc>, policy: &Policy) -> bool {
    now - last_seen > span(policy.idle_timeout)
}

/// Gives a fieldless enum its stored name (the serde name), its Japanese label, `ALL`,
/// `Display` and `FromStr`.
macro_rules! named_enum {
    ($ty:ident { $($variant:ident => $name:literal, $label:literal;)+ }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name in JSON and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }

            /// The name on the screen.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> ::std::result::Result<Self, String> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(format!("unknown {}: {s:?}", stringify!($ty))),
                }
            }
        }
    };
}

pub(crate) use named_enum;

/// 権限: マスターユーザー (one per contract) or 一般ユーザー.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Master,
    General,
}

named_enum!(Role {
    Master => "master", "マスター";
    General => "general", "一般";
});

/// ユーザー別機能制限 of one function for a general user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Restriction {
    /// 表示: in the menu, no limit.
    #[default]
    Full,
    /// 閲覧のみ: in the menu, reading only.
    ReadOnly,
    /// 非表示: not in the menu, no use.
    Hidden,
}

named_enum!(Restriction {
    Full => "full", "表示";
    ReadOnly => "read_only", "閲覧のみ";
    Hidden => "hidden", "非表示";
});

/// A general user's ユーザー別機能制限, one per member-side business function.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restrictions {
    /// 労金控除事務
    pub rokin_deduction: Restriction,
    /// 賃控元帳事務
    pub ledger: Restriction,
    /// 一斉積立事務: 表示 or 非表示 only.
    pub collective_savings: Restriction,
}

impl Restrictions {
    pub const COLLECTIVE_SAVINGS_RULE: &'static str = "「表示」または「非表示」";

    /// The functions a general user's restriction is set for, in the manual's order.
    pub const FUNCTIONS: [Function; 3] = [
        Function::RokinDeduction,
        Function::Ledger,
        Function::CollectiveSavings,
    ];

    /// Every restriction is one of its function's [`Function::restriction_choices`]: 一斉積立事務
    /// has no reading-only screens, so 閲覧のみ cannot be chosen for it.
    pub fn validate(&self) -> Result<(), RuleError> {
        for function in Self::FUNCTIONS {
            let chosen = self.for_function(function);
            if chosen.is_some_and(|r| !function.restriction_choices().contains(&r)) {
                // Only 一斉積立事務 leaves a choice out (閲覧のみ).
                return Err(RuleError::Format {
                    field: Field::CollectiveSavingsRestriction,
                    rule: Self::COLLECTIVE_SAVINGS_RULE,
                });
            }
        }
        Ok(())
    }

    /// Sets the restriction of `function`; functions without one are left as they are.
    pub fn set(&mut self, function: Function, restriction: Restriction) {
        match function {
            Function::RokinDeduction => self.rokin_deduction = restriction,
            Function::Ledger => self.ledger = restriction,
            Function::CollectiveSavings => self.collective_savings = restriction,
            Function::Zaikei
            | Function::Common
            | Function::SystemAdmin
            | Function::UserManagement => {}
        }
    }

    /// The restriction that governs `function`, if general users have one for it.
    pub fn for_function(&self, function: Function) -> Option<Restriction> {
        match function {
            Function::RokinDeduction => Some(self.rokin_deduction),
            Function::Ledger => Some(self.ledger),
            Function::CollectiveSavings => Some(self.collective_savings),
            Function::Zaikei
            | Function::Common
            | Function::SystemAdmin
            | Function::UserManagement => None,
        }
    }
}

/// 契約の種類: 会員 (mostly a labour union) or 事業主 (employer).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    Member,
    Employer,
}

named_enum!(ContractKind {
    Member => "member", "会員";
    Employer => "employer", "事業主";
});

/// A service a payment group (入金グループ) has contracted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// 労金控除
    RokinDeduction,
    /// 明細更新 (Web で労金控除明細を更新できる)
    RokinDetailUpdate,
    /// 賃控元帳
    Ledger,
    /// 一斉積立
    CollectiveSavings,
    /// 財形
    Zaikei,
    /// 預入依頼書
    ZaikeiDeposit,
    /// 加入者残高一覧表
    ZaikeiBalance,
    /// 奨励金
    ZaikeiIncentive,
}

named_enum!(Service {
    RokinDeduction => "rokin_deduction", "労金控除";
    RokinDetailUpdate => "rokin_detail_update", "明細更新";
    Ledger => "ledger", "賃控元帳";
    CollectiveSavings => "collective_savings", "一斉積立";
    Zaikei => "zaikei", "財形";
    ZaikeiDeposit => "zaikei_deposit", "預入依頼書";
    ZaikeiBalance => "zaikei_balance", "加入者残高一覧表";
    ZaikeiIncentive => "zaikei_incentive", "奨励金";
});

impl Service {
    /// The services a contract of `kind` can have.
    pub fn all_for(kind: ContractKind) -> &'static [Service] {
        match kind {
            ContractKind::Member => &[
                Service::RokinDeduction,
                Service::RokinDetailUpdate,
                Service::Ledger,
                Service::CollectiveSavings,
            ],
            ContractKind::Employer => &[
                Service::Zaikei,
                Service::ZaikeiDeposit,
                Service::ZaikeiBalance,
                Service::ZaikeiIncentive,
            ],
        }
    }
}

/// A menu (business function) of the service.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// 労金控除事務
    RokinDeduction,
    /// 賃控元帳事務
    Ledger,
    /// 一斉積立事務
    CollectiveSavings,
    /// 財形貯蓄事務
    Zaikei,
    /// 共通機能 (パスワード変更, マニュアル照会, ...)
    Common,
    /// システム管理機能: ユーザー情報の照会 for every user.
    SystemAdmin,
    /// 契約ユーザー情報照会 (DM493101) and 操作ログ照会: the master's part of システム管理機能
    /// (general users, their restrictions, the contract's log). Never a menu of its own.
    UserManagement,
}

named_enum!(Function {
    RokinDeduction => "rokin_deduction", "労金控除事務";
    Ledger => "ledger", "賃控元帳事務";
    CollectiveSavings => "collective_savings", "一斉積立事務";
    Zaikei => "zaikei", "財形貯蓄事務";
    Common => "common", "共通機能";
    SystemAdmin => "system_admin", "システム管理機能";
    UserManagement => "user_management", "契約ユーザー情報照会";
});

impl Function {
    /// The ユーザー別機能制限 a master may choose for a general user, in the manual's order
    /// (表示 非表示 閲覧のみ); empty for functions general users have no restriction for.
    pub fn restriction_choices(self) -> &'static [Restriction] {
        match self {
            Function::RokinDeduction | Function::Ledger => &[
                Restriction::Full,
                Restriction::Hidden,
                Restriction::ReadOnly,
            ],
            Function::CollectiveSavings => &[Restriction::Full, Restriction::Hidden],
            Function::Zaikei
            | Function::Common
            | Function::SystemAdmin
            | Function::UserManagement => &[],
        }
    }

    /// The name of the function in the ユーザー別機能制限 rows of DM492101 (労金控除, 賃控元帳, 一斉積立).
    pub fn restriction_label(self) -> &'static str {
        match self {
            Function::RokinDeduction => "労金控除",
            Function::Ledger => "賃控元帳",
            Function::CollectiveSavings => "一斉積立",
            Function::Zaikei => "財形",
            Function::Common => "共通機能",
            Function::SystemAdmin => "システム管理機能",
            Function::UserManagement => "契約ユーザー情報照会",
        }
    }

    /// The payment-group service without which the function does not exist for it.
    pub fn required_service(self) -> Option<Service> {
        match self {
            Function::RokinDeduction => Some(Service::RokinDeduction),
            Function::Ledger => Some(Service::Ledger),
            Function::CollectiveSavings => Some(Service::CollectiveSavings),
            Function::Zaikei => Some(Service::Zaikei),
            Function::Common | Function::SystemAdmin | Function::UserManagement => None,
        }
    }

    /// Whether the function works on one payment group's data (and so needs one chosen).
    pub fn needs_payment_group(self) -> bool {
        !matches!(self, Function::SystemAdmin | Function::UserManagement)
    }

    /// The functions of the menu bar for a contract of `kind`, in the manual's order.
    pub fn menu_for(kind: ContractKind) -> &'static [Function] {
        match kind {
            ContractKind::Member => &[
                Function::RokinDeduction,
                Function::Ledger,
                Function::CollectiveSavings,
                Function::Common,
                Function::SystemAdmin,
            ],
            ContractKind::Employer => &[Function::Zaikei, Function::Common, Function::SystemAdmin],
        }
    }
}

/// Reading (照会, 出力) or changing (登録, 更新, 削除, 確定).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Read,
    Write,
}

/// The answer of the authorisation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    /// The user may not even see it (非表示).
    Hidden,
    /// The user may read, not write (閲覧のみ).
    ReadOnly,
    /// The payment group has not contracted the service.
    NotContracted,
}

/// Why a session ended (stored with it; the user's next request is told which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// ログアウト
    Logout,
    /// 画面毎の時間制限
    Timeout,
    /// ロック・閉塞
    Locked,
    /// ユーザーの削除
    Deleted,
    /// 電子証明書の失効
    Revoked,
    /// マスターユーザーの初期化 (the bank)
    Reset,
}

named_enum!(EndReason {
    Logout => "logout", "ログアウト";
    Timeout => "timeout", "タイムアウト";
    Locked => "locked", "ロック・閉塞";
    Deleted => "deleted", "ユーザー削除";
    Revoked => "revoked", "電子証明書失効";
    Reset => "reset", "マスターユーザー初期化";
});

/// The one authorisation rule. A function needs its service in the selected payment group; the
/// master may then do everything; a general user reads システム管理機能 (their own ユーザー情報の
/// 照会) without changing anything there, never reaches 契約ユーザー情報照会 or the 操作ログ,
/// always reaches 共通機能, and otherwise gets what the master set for the function. 労金控除's
/// changes (明細更新) also need the group's 明細更新 service: without it 労金控除 is view-only.
pub fn decide(
    role: Role,
    restrictions: &Restrictions,
    services: &[Service],
    function: Function,
    access: Access,
) -> Decision {
    if let Some(needed) = function.required_service()
        && !services.contains(&needed)
    {
        return Decision::NotContracted;
    }
    if function == Function::RokinDeduction
        && access == Access::Write
        && !services.contains(&Service::RokinDetailUpdate)
    {
        return Decision::ReadOnly;
    }
    if role == Role::Master {
        return Decision::Allow;
    }
    match (function, access) {
        (Function::UserManagement, _) => return Decision::Hidden,
        (Function::SystemAdmin, Access::Write) => return Decision::ReadOnly,
        _ => {}
    }
    match (restrictions.for_function(function), access) {
        (Some(Restriction::Hidden), _) => Decision::Hidden,
        (Some(Restriction::ReadOnly), Access::Write) => Decision::ReadOnly,
        _ => Decision::Allow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use std::fmt;
    use std::str::FromStr;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 7, 1, 0, 0)
            .single()
            .expect("valid time")
    }

    #[test]
    fn a_session_idle_for_59_or_60_minutes_is_alive() {
        let p = Policy::default();
        assert!(!idle_expired(t0(), t0() + Duration::minutes(59), &p));
        assert!(!idle_expired(t0(), t0() + Duration::minutes(60), &p));
    }

    #[test]
    fn a_session_idle_for_more_than_60_minutes_has_expired() {
        let p = Policy::default();
        assert!(idle_expired(
            t0(),
            t0() + Duration::minutes(60) + Duration::seconds(1),
            &p
        ));
        assert!(idle_expired(t0(), t0() + Duration::minutes(61), &p));
    }

    #[test]
    fn stored_names_match_serde_and_parse_back() {
        fn check<T>(all: &[T])
        where
            T: Copy + Serialize + FromStr<Err = String> + fmt::Display + PartialEq + fmt::Debug,
        {
            for v in all {
                let json = serde_json::to_string(v).expect("json");
                assert_eq!(json, format!("\"{v}\""));
                assert_eq!(v.to_string().parse::<T>(), Ok(*v));
            }
        }
        check(Role::ALL);
        check(Restriction::ALL);
        check(ContractKind::ALL);
        check(Service::ALL);
        check(Function::ALL);
        check(EndReason::ALL);
        assert!("admin".parse::<Role>().is_err());
    }

    #[test]
    fn restrictions_are_written_as_full_read_only_or_hidden() {
        let r: Restrictions = serde_json::from_str(
            r#"{"rokin_deduction":"read_only","ledger":"hidden","collective_savings":"full"}"#,
        )
        .expect("valid");
        assert_eq!(r.rokin_deduction, Restriction::ReadOnly);
        assert_eq!(r.ledger, Restriction::Hidden);
        assert_eq!(Restriction::Full.label(), "表示");
        assert_eq!(Restriction::ReadOnly.label(), "閲覧のみ");
        assert_eq!(Restriction::Hidden.label(), "非表示");
    }

    #[test]
    fn collective_savings_may_not_be_read_only() {
        let r = Restrictions {
            collective_savings: Restriction::ReadOnly,
            ..Restrictions::default()
        };
        assert_eq!(
            r.validate(),
            Err(RuleError::Format {
                field: Field::CollectiveSavingsRestriction,
                rule: Restrictions::COLLECTIVE_SAVINGS_RULE
            })
        );
        for ok in [Restriction::Full, Restriction::Hidden] {
            let r = Restrictions {
                collective_savings: ok,
                rokin_deduction: Restriction::ReadOnly,
                ledger: Restriction::ReadOnly,
            };
            assert_eq!(r.validate(), Ok(()));
        }
    }

    #[test]
    fn only_the_member_functions_offer_restrictions_and_collective_savings_has_no_read_only() {
        for f in Function::ALL {
            assert_eq!(
                !f.restriction_choices().is_empty(),
                Restrictions::FUNCTIONS.contains(f),
                "{f:?}"
            );
        }
        assert_eq!(
            Function::CollectiveSavings.restriction_choices(),
            &[Restriction::Full, Restriction::Hidden]
        );
        assert_eq!(
            Function::Ledger.restriction_choices(),
            &[
                Restriction::Full,
                Restriction::Hidden,
                Restriction::ReadOnly
            ]
        );
    }

    #[test]
    fn a_restriction_is_set_per_function() {
        let mut r = Restrictions::default();
        r.set(Function::Ledger, Restriction::ReadOnly);
        r.set(Function::CollectiveSavings, Restriction::Hidden);
        r.set(Function::Zaikei, Restriction::Hidden);
        assert_eq!(
            r.for_function(Function::RokinDeduction),
            Some(Restriction::Full)
        );
        assert_eq!(
            r.for_function(Function::Ledger),
            Some(Restriction::ReadOnly)
        );
        assert_eq!(
            r.for_function(Function::CollectiveSavings),
            Some(Restriction::Hidden)
        );
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn the_menu_names_are_the_manuals() {
        assert_eq!(Function::RokinDeduction.label(), "労金控除事務");
        assert_eq!(Function::Zaikei.label(), "財形貯蓄事務");
    }

    #[test]
    fn kinds_and_services_have_the_manuals_labels() {
        assert_eq!(ContractKind::Member.label(), "会員");
        assert_eq!(ContractKind::Employer.label(), "事業主");
        assert_eq!(Service::RokinDetailUpdate.label(), "明細更新");
        assert_eq!(Service::ZaikeiBalance.label(), "加入者残高一覧表");
    }

    #[test]
    fn each_service_belongs_to_exactly_one_contract_kind() {
        let member = Service::all_for(ContractKind::Member);
        let employer = Service::all_for(ContractKind::Employer);
        assert_eq!(member.len() + employer.len(), Service::ALL.len());
        for s in Service::ALL {
            assert!(member.contains(s) != employer.contains(s), "{s:?}");
        }
        assert!(employer.contains(&Service::Zaikei));
        assert!(member.contains(&Service::RokinDeduction));
    }

    use Access::{Read, Write};
    use Decision::{Allow, Hidden, NotContracted, ReadOnly};
    use Function as F;

    const MEMBER: &[Service] = &[
        Service::RokinDeduction,
        Service::RokinDetailUpdate,
        Service::Ledger,
        Service::CollectiveSavings,
    ];
    const DEDUCTION_ONLY: &[Service] = &[Service::RokinDeduction];
    const EMPLOYER: &[Service] = &[Service::Zaikei, Service::ZaikeiDeposit];

    fn general(rokin: Restriction, ledger: Restriction, savings: Restriction) -> Restrictions {
        Restrictions {
            rokin_deduction: rokin,
            ledger,
            collective_savings: savings,
        }
    }

    #[test]
    fn the_master_may_do_everything_contracted() {
        let none = general(
            Restriction::Hidden,
            Restriction::Hidden,
            Restriction::Hidden,
        );
        let table = [
            (MEMBER, F::RokinDeduction, Write, Allow),
            (MEMBER, F::Ledger, Write, Allow),
            (MEMBER, F::CollectiveSavings, Write, Allow),
            (MEMBER, F::Common, Write, Allow),
            (MEMBER, F::SystemAdmin, Write, Allow),
            (MEMBER, F::Zaikei, Read, NotContracted),
            (DEDUCTION_ONLY, F::Ledger, Read, NotContracted),
            (DEDUCTION_ONLY, F::CollectiveSavings, Read, NotContracted),
            (EMPLOYER, F::Zaikei, Write, Allow),
            (EMPLOYER, F::RokinDeduction, Read, NotContracted),
            (EMPLOYER, F::SystemAdmin, Read, Allow),
            (MEMBER, F::UserManagement, Write, Allow),
            (EMPLOYER, F::UserManagement, Write, Allow),
            (DEDUCTION_ONLY, F::RokinDeduction, Read, Allow),
            (DEDUCTION_ONLY, F::RokinDeduction, Write, ReadOnly),
        ];
        for (services, function, access, expected) in table {
            assert_eq!(
                decide(Role::Master, &none, services, function, access),
                expected,
                "{services:?} {function:?} {access:?}"
            );
        }
    }

    #[test]
    fn without_detail_update_rokin_deduction_is_view_only_for_everyone() {
        let full = Restrictions::default();
        for role in [Role::Master, Role::General] {
            assert_eq!(
                decide(role, &full, DEDUCTION_ONLY, F::RokinDeduction, Read),
                Allow
            );
            assert_eq!(
                decide(role, &full, DEDUCTION_ONLY, F::RokinDeduction, Write),
                ReadOnly
            );
            assert_eq!(decide(role, &full, MEMBER, F::RokinDeduction, Write), Allow);
        }
    }

    #[test]
    fn a_general_user_gets_what_the_master_set() {
        use Restriction::{Full, Hidden as H, ReadOnly as RO};
        let table = [
            // restrictions, services, function, access, decision
            (
                general(Full, Full, Full),
                MEMBER,
                F::RokinDeduction,
                Write,
                Allow,
            ),
            (
                general(RO, Full, Full),
                MEMBER,
                F::RokinDeduction,
                Read,
                Allow,
            ),
            (
                general(RO, Full, Full),
                MEMBER,
                F::RokinDeduction,
                Write,
                ReadOnly,
            ),
            (
                general(H, Full, Full),
                MEMBER,
                F::RokinDeduction,
                Read,
                Hidden,
            ),
            (general(Full, RO, Full), MEMBER, F::Ledger, Write, ReadOnly),
            (general(Full, H, Full), MEMBER, F::Ledger, Read, Hidden),
            (
                general(Full, Full, H),
                MEMBER,
                F::CollectiveSavings,
                Read,
                Hidden,
            ),
            (
                general(Full, Full, Full),
                MEMBER,
                F::CollectiveSavings,
                Write,
                Allow,
            ),
            (general(H, H, H), MEMBER, F::Common, Write, Allow),
            (
                general(Full, Full, Full),
                MEMBER,
                F::SystemAdmin,
                Read,
                Allow,
            ),
            (
                general(Full, Full, Full),
                MEMBER,
                F::SystemAdmin,
                Write,
                ReadOnly,
            ),
            (
                general(Full, Full, Full),
                EMPLOYER,
                F::SystemAdmin,
                Read,
                Allow,
            ),
            (
                general(Full, Full, Full),
                MEMBER,
                F::UserManagement,
                Read,
                Hidden,
            ),
            (
                general(Full, Full, Full),
                EMPLOYER,
                F::UserManagement,
                Write,
                Hidden,
            ),
            (general(Full, Full, Full), EMPLOYER, F::Zaikei, Write, Allow),
            (
                general(H, Full, Full),
                DEDUCTION_ONLY,
                F::Ledger,
                Read,
                NotContracted,
            ),
            (
                general(Full, Full, Full),
                EMPLOYER,
                F::RokinDeduction,
                Read,
                NotContracted,
            ),
        ];
        for (restrictions, services, function, access, expected) in table {
            assert_eq!(
                decide(Role::General, &restrictions, services, function, access),
                expected,
                "{restrictions:?} {function:?} {access:?}"
            );
        }
    }
}
