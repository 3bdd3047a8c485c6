//! The input fields of the manual's forms and the one error type every parse in this crate returns.

use std::fmt;

/// A form field (入力項目) that a rule can name in its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 契約番号
    ContractNumber,
    /// 初期パスワード
    InitialPassword,
    /// ユーザーID
    UserId,
    /// パスワード (also 仮のパスワード)
    Password,
    /// パスワード（再入力）
    PasswordConfirmation,
    /// 現在のパスワード
    CurrentPassword,
    /// 新しいパスワード
    NewPassword,
    /// 新しいパスワード（再入力）
    NewPasswordConfirmation,
    /// ユーザー名
    UserName,
    /// メールアドレス
    Email,
    /// メールアドレス（再入力）
    EmailConfirmation,
    /// 入金グループ番号
    PaymentGroupNo,
    /// 団体名
    OrganisationName,
    /// 団体名（カナ）
    OrganisationKana,
    /// 認証コード (the e-mail code before certificate issuance)
    Code,
    /// ユーザー別機能制限（一斉積立事務）
    CollectiveSavingsRestriction,
    /// 状態 (正常 / ロック中 / 閉塞)
    Status,
    /// 職員番号
    EmployeeNo,
    /// カナ氏名
    KanaName,
    /// 漢字氏名
    KanjiName,
    /// 取引
    Product,
    /// 店番
    BranchNo,
    /// 口座番号
    AccountNo,
    /// 月例金額
    AmountMonthly,
    /// 夏季金額
    AmountSummer,
    /// 年末金額
    AmountYearEnd,
    /// 開始月
    StartMonth,
    /// 終了月
    EndMonth,
    /// 入金中止理由
    StopReason,
    /// 入金中止理由（その他）
    StopText,
    /// 控除年月
    Month,
    /// 不能理由
    ResultReason,
    /// 結果
    Outcome,
    /// 一斉積立の番号
    RunNo,
    /// 一斉積立の名称
    RunName,
    /// 受信日
    ReceivedOn,
    /// 作成区分
    RunKind,
    /// 積立金額
    SavingsAmount,
    /// 財形種類
    SavingsKind,
    /// 預入金額
    DepositAmount,
    /// 奨励金
    Incentive,
    /// 残高
    Balance,
    /// 作成基準日
    BaseDate,
    /// 入金予定日
    DepositDate,
    /// 種目コード (賃控元帳種目)
    ItemCode,
    /// 種目名
    ItemName,
    /// 表示順
    DisplayOrder,
    /// 種目区分
    ItemKind,
    /// 適用月 (the month changed amounts apply from)
    AmountsFrom,
    /// 差額 / 金額 of a 一括更新
    BulkAmount,
    /// 不能理由（その他）
    ResultText,
}

impl Field {
    /// The field's name on the screen.
    pub fn label(self) -> &'static str {
        match self {
            Field::ContractNumber => "契約番号",
            Field::InitialPassword => "初期パスワード",
            Field::UserId => "ユーザーID",
            Field::Password => "パスワード",
            Field::PasswordConfirmation => "パスワード（再入力）",
            Field::CurrentPassword => "現在のパスワード",
            Field::NewPassword => "新しいパスワード",
            Field::NewPasswordConfirmation => "新しいパスワード（再入力）",
            Field::UserName => "ユーザー名",
            Field::Email => "メールアドレス",
            Field::EmailConfirmation => "メールアドレス（再入力）",
            Field::PaymentGroupNo => "入金グループ番号",
            Field::OrganisationName => "団体名",
            Field::OrganisationKana => "団体名（カナ）",
            Field::Code => "認証コード",
            Field::CollectiveSavingsRestriction => "ユーザー別機能制限（一斉積立事務）",
            Field::Status => "状態",
            Field::EmployeeNo => "職員番号",
            Field::KanaName => "カナ氏名",
            Field::KanjiName => "漢字氏名",
            Field::Product => "取引",
            Field::BranchNo => "店番",
            Field::AccountNo => "口座番号",
            Field::AmountMonthly => "月例金額",
            Field::AmountSummer => "夏季金額",
            Field::AmountYearEnd => "年末金額",
            Field::StartMonth => "開始月",
            Field::EndMonth => "終了月",
            Field::StopReason => "入金中止理由",
            Field::StopText => "入金中止理由（その他）",
            Field::Month => "控除年月",
            Field::ResultReason => "不能理由",
            Field::Outcome => "結果",
            Field::RunNo => "番号",
            Field::RunName => "名称",
            Field::ReceivedOn => "受信日",
            Field::RunKind => "作成区分",
            Field::SavingsAmount => "積立金額",
            Field::SavingsKind => "財形種類",
            Field::DepositAmount => "預入金額",
            Field::Incentive => "奨励金",
            Field::Balance => "残高",
            Field::BaseDate => "作成基準日",
            Field::DepositDate => "入金予定日",
            Field::ItemCode => "種目コード",
            Field::ItemName => "種目名",
            Field::DisplayOrder => "表示順",
            Field::ItemKind => "種目区分",
            Field::AmountsFrom => "適用月",
            Field::BulkAmount => "一括更新の金額",
            Field::ResultText => "不能理由（その他）",
        }
    }

    /// The field's name in JSON request bodies, so the client can put the error beside it.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::ContractNumber => "contract_number",
            Field::InitialPassword => "initial_password",
            Field::UserId => "user_id",
            Field::Password => "password",
            Field::PasswordConfirmation => "password_confirmation",
            Field::CurrentPassword => "current_password",
            Field::NewPassword => "new_password",
            Field::NewPasswordConfirmation => "new_password_confirmation",
            Field::UserName => "user_name",
            Field::Email => "email",
            Field::EmailConfirmation => "email_confirmation",
            Field::PaymentGroupNo => "number",
            Field::OrganisationName => "name",
            Field::OrganisationKana => "name_kana",
            Field::Code => "code",
            Field::CollectiveSavingsRestriction => "collective_savings",
            Field::Status => "status",
            Field::EmployeeNo => "employee_no",
            Field::KanaName => "kana_name",
            Field::KanjiName => "kanji_name",
            Field::Product => "product_code",
            Field::BranchNo => "branch_no",
            Field::AccountNo => "account_no",
            Field::AmountMonthly => "amount_monthly",
            Field::AmountSummer => "amount_summer",
            Field::AmountYearEnd => "amount_year_end",
            Field::StartMonth => "start_month",
            Field::EndMonth => "end_month",
            Field::StopReason => "stop_reason",
            Field::StopText => "stop_text",
            Field::Month => "month",
            Field::ResultReason => "result_reason",
            Field::Outcome => "result",
            Field::RunNo => "run_no",
            Field::RunName => "run_name",
            Field::ReceivedOn => "received_on",
            Field::RunKind => "run_kind",
            Field::SavingsAmount => "amount",
            Field::SavingsKind => "savings_kind",
            Field::DepositAmount => "deposit_amount",
            Field::Incentive => "incentive",
            Field::Balance => "balance",
            Field::BaseDate => "base_date",
            Field::DepositDate => "deposit_date",
            Field::ItemCode => "item_code",
            Field::ItemName => "item_name",
            Field::DisplayOrder => "display_order",
            Field::ItemKind => "kind",
            Field::AmountsFrom => "amounts_from",
            Field::BulkAmount => "value",
            Field::ResultText => "result_text",
        }
    }

    /// The 再入力 field that must repeat this one, if the forms have one.
    pub fn confirmation(self) -> Option<Field> {
        match self {
            Field::Password => Some(Field::PasswordConfirmation),
            Field::NewPassword => Some(Field::NewPasswordConfirmation),
            Field::Email => Some(Field::EmailConfirmation),
            _ => None,
        }
    }
}

/// Why an input was refused (入力エラー).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// 未入力
    Required(Field),
    /// 入力制限に合わない; `rule` is the manual's wording of the constraint.
    Format { field: Field, rule: &'static str },
    /// 再入力が一致しない (E1005); names the field whose 再入力 differs, e.g. `Field::Password`.
    Mismatch(Field),
    /// 携帯電話のメールアドレスは不可
    MobileEmail,
    /// 新しいパスワードが現在のパスワードと同じ
    SameAsCurrent,
    /// A character the field may not hold (a format/control character, or one that the PDFs and
    /// the CP932 exports cannot carry), named in the message.
    Character { field: Field, ch: char },
}

/// How a refused character is named to the user: its code point, and the character itself only
/// when it is visible (a right-to-left override shown inline would turn the message around).
pub fn describe_char(ch: char) -> String {
    let code = format!("U+{:04X}", u32::from(ch));
    if ch.is_control() || crate::person::is_format_char(ch) || ch.is_whitespace() {
        code
    } else {
        format!("「{ch}」{code}")
    }
}

impl RuleError {
    /// The field the error belongs beside on the form.
    pub fn field(&self) -> Field {
        match self {
            RuleError::Required(f) | RuleError::Mismatch(f) => *f,
            RuleError::Format { field, .. } | RuleError::Character { field, .. } => *field,
            RuleError::MobileEmail => Field::Email,
            RuleError::SameAsCurrent => Field::NewPassword,
        }
    }

    /// The same error told about another field, for a value type shared by several fields
    /// (a `Password` is also the 新しいパスワード).
    pub fn for_field(self, field: Field) -> RuleError {
        match self {
            RuleError::Required(_) => RuleError::Required(field),
            RuleError::Format { rule, .. } => RuleError::Format { field, rule },
            RuleError::Mismatch(_) => RuleError::Mismatch(field),
            RuleError::Character { ch, .. } => RuleError::Character { field, ch },
            other => other,
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::Required(field) => write!(f, "{}を入力してください。", field.label()),
            RuleError::Format { field, rule } => {
                write!(f, "{}は{}で入力してください。", field.label(), rule)
            }
            RuleError::Mismatch(field) => {
                let again = field.confirmation().map_or_else(
                    || format!("{}（再入力）", field.label()),
                    |c| c.label().into(),
                );
                write!(f, "{}と{}が一致しません。", field.label(), again)
            }
            RuleError::MobileEmail => f.write_str("携帯電話のメールアドレスは登録できません。"),
            RuleError::SameAsCurrent => {
                f.write_str("新しいパスワードには現在のパスワードと異なるものを入力してください。")
            }
            RuleError::Character { field, ch } => write!(
                f,
                "{}に使用できない文字（{}）が含まれています。",
                field.label(),
                describe_char(*ch)
            ),
        }
    }
}

impl std::error::Error for RuleError {}

/// 再入力: the confirmation must repeat the value exactly (no trimming, case-sensitive).
/// An empty confirmation of a filled value is `Required` on the 再入力 field.
pub fn confirm(field: Field, value: &str, confirmation: &str) -> Result<(), RuleError> {
    if value == confirmation {
        return Ok(());
    }
    match field.confirmation() {
        Some(again) if confirmation.is_empty() => Err(RuleError::Required(again)),
        _ => Err(RuleError::Mismatch(field)),
    }
}

/// Serde for whole numbers sent as JSON numbers: `42` and `42.0` are the same number (JSON
/// Schema's `integer` admits both), while `42.5`, strings and values out of range are refused.
/// Used with `#[serde(deserialize_with = "…")]` on the integer fields of request bodies.
pub mod whole {
    use serde::{Deserialize, Deserializer, de::Error};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Int(i64),
        Float(f64),
    }

    pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: TryFrom<i64>,
    {
        let n = match Number::deserialize(d)? {
            Number::Int(i) => i,
            Number::Float(f)
                if f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64 =>
            {
                f as i64
            }
            Number::Float(f) => {
                return Err(D::Error::custom(format!("{f} is not a whole number")));
            }
        };
        T::try_from(n).map_err(|_| D::Error::custom(format!("{n} is out of range")))
    }

    /// The same for an optional field (`null` or absent: `None`; use with `#[serde(default)]`).
    pub mod option {
        use serde::{Deserialize, Deserializer};

        pub fn deserialize<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
        where
            D: Deserializer<'de>,
            T: TryFrom<i64>,
        {
            #[derive(Deserialize)]
            struct Whole<T: TryFrom<i64>>(#[serde(deserialize_with = "super::deserialize")] T);
            Ok(Option::<Whole<T>>::deserialize(d)?.map(|Whole(t)| t))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_number_may_be_written_with_a_zero_fraction() {
        #[derive(serde::Deserialize, Debug)]
        struct V {
            #[serde(deserialize_with = "super::whole::deserialize")]
            v: i32,
        }
        let v = |s: &str| serde_json::from_str::<V>(s).map(|v| v.v);
        assert_eq!(v(r#"{"v":42}"#).ok(), Some(42));
        assert_eq!(v(r#"{"v":42.0}"#).ok(), Some(42));
        assert!(v(r#"{"v":42.5}"#).is_err());
        assert!(v(r#"{"v":"42"}"#).is_err());
        assert!(v(r#"{"v":3000000000}"#).is_err());
        assert!(v(r#"{"v":1e300}"#).is_err());
    }

    #[test]
    fn an_optional_whole_number_may_be_absent_null_or_written_with_a_zero_fraction() {
        #[derive(serde::Deserialize, Debug)]
        struct V {
            #[serde(default, deserialize_with = "super::whole::option::deserialize")]
            v: Option<i64>,
        }
        let v = |s: &str| serde_json::from_str::<V>(s).map(|v| v.v);
        assert_eq!(v("{}").ok(), Some(None));
        assert_eq!(v(r#"{"v":null}"#).ok(), Some(None));
        assert_eq!(v(r#"{"v":-633.0}"#).ok(), Some(Some(-633)));
        assert!(v(r#"{"v":-633.5}"#).is_err());
        assert!(v(r#"{"v":"1"}"#).is_err());
    }

    const ALL: [Field; 51] = [
        Field::ContractNumber,
        Field::InitialPassword,
        Field::UserId,
        Field::Password,
        Field::PasswordConfirmation,
        Field::CurrentPassword,
        Field::NewPassword,
        Field::NewPasswordConfirmation,
        Field::UserName,
        Field::Email,
        Field::EmailConfirmation,
        Field::PaymentGroupNo,
        Field::OrganisationName,
        Field::OrganisationKana,
        Field::Code,
        Field::CollectiveSavingsRestriction,
        Field::Status,
        Field::EmployeeNo,
        Field::KanaName,
        Field::KanjiName,
        Field::Product,
        Field::BranchNo,
        Field::AccountNo,
        Field::AmountMonthly,
        Field::AmountSummer,
        Field::AmountYearEnd,
        Field::StartMonth,
        Field::EndMonth,
        Field::StopReason,
        Field::StopText,
        Field::Month,
        Field::ResultReason,
        Field::Outcome,
        Field::RunNo,
        Field::RunName,
        Field::ReceivedOn,
        Field::RunKind,
        Field::SavingsAmount,
        Field::SavingsKind,
        Field::DepositAmount,
        Field::Incentive,
        Field::Balance,
        Field::BaseDate,
        Field::DepositDate,
        Field::ItemCode,
        Field::ItemName,
        Field::DisplayOrder,
        Field::ItemKind,
        Field::AmountsFrom,
        Field::BulkAmount,
        Field::ResultText,
    ];

    #[test]
    fn every_field_has_a_label_and_a_distinct_api_name() {
        let mut names = std::collections::HashSet::new();
        for f in ALL {
            assert!(!f.label().is_empty());
            assert!(names.insert(f.api_name()), "{f:?} repeats an api name");
        }
    }

    #[test]
    fn a_confirmation_that_repeats_the_value_passes() {
        assert_eq!(confirm(Field::Password, "Abcd123!", "Abcd123!"), Ok(()));
    }

    #[test]
    fn a_confirmation_that_differs_is_a_mismatch_of_the_field() {
        assert_eq!(
            confirm(Field::Password, "Abcd123!", "Abcd123?"),
            Err(RuleError::Mismatch(Field::Password))
        );
    }

    #[test]
    fn a_confirmation_differing_only_in_case_or_spaces_is_a_mismatch() {
        assert!(confirm(Field::Email, "a@example.jp", "A@example.jp").is_err());
        assert!(confirm(Field::Email, "a@example.jp", "a@example.jp ").is_err());
    }

    #[test]
    fn an_empty_confirmation_is_required_on_the_confirmation_field() {
        assert_eq!(
            confirm(Field::Email, "a@example.jp", ""),
            Err(RuleError::Required(Field::EmailConfirmation))
        );
    }

    #[test]
    fn messages_name_the_field_in_japanese() {
        assert_eq!(
            RuleError::Required(Field::UserId).to_string(),
            "ユーザーIDを入力してください。"
        );
        assert_eq!(
            RuleError::Mismatch(Field::Password).to_string(),
            "パスワードとパスワード（再入力）が一致しません。"
        );
        assert_eq!(RuleError::MobileEmail.field(), Field::Email);
    }

    #[test]
    fn an_error_can_be_told_about_another_field() {
        let e = RuleError::Format {
            field: Field::Password,
            rule: "x",
        };
        assert_eq!(e.for_field(Field::NewPassword).field(), Field::NewPassword);
    }
}
