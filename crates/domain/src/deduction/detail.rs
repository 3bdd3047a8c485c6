//! 労金控除明細: its fields as types that parse, its state and source, and the per-field diff the
//! update history keeps.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{DeductionConfig, Refusal};
use crate::kana::KanaName;
use crate::person::UserName;
use crate::rules::{Field, RuleError};
use crate::schedule::Occasion;
use crate::session::named_enum;

/// The most one amount may be (99,999,999円, the payroll programs' 8 digits).
pub const AMOUNT_MAX: i64 = 99_999_999;
pub const AMOUNT_RULE: &str = "0～99,999,999の半角数字（円）";

/// Half-width digits only, `min..=max` of them.
fn digits(
    field: Field,
    s: &str,
    min: usize,
    max: usize,
    rule: &'static str,
) -> Result<String, RuleError> {
    if s.is_empty() {
        return Err(RuleError::Required(field));
    }
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::Format { field, rule });
    }
    Ok(s.to_owned())
}

/// 職員番号: half-width digits, 1–10; leading zeros are part of it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmployeeNo(String);

impl EmployeeNo {
    pub const RULE: &'static str = "半角数字1～10桁";
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        digits(Field::EmployeeNo, s, 1, 10, Self::RULE).map(Self)
    }
}

/// 漢字氏名: full-width, 1–20 characters, printable in CP932 (the ユーザー名 rule).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KanjiName(String);

impl KanjiName {
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        UserName::parse(s)
            .map(|n| Self(n.as_str().to_owned()))
            .map_err(|e| e.for_field(Field::KanjiName))
    }
}

/// 取引コード: 2 half-width digits. Whether the code is offered is the config's question.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductCode(String);

impl ProductCode {
    pub const RULE: &'static str = "一覧にある取引コード";
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        if s.is_empty() {
            return Err(RuleError::Required(Field::Product));
        }
        digits(Field::Product, s, 2, 2, Self::RULE).map(Self)
    }
}

/// 店番: 3 half-width digits.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BranchNo(String);

impl BranchNo {
    pub const RULE: &'static str = "半角数字3桁";
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        digits(Field::BranchNo, s, 3, 3, Self::RULE).map(Self)
    }
}

/// 口座番号: 7 half-width digits.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountNo(String);

impl AccountNo {
    pub const RULE: &'static str = "半角数字7桁";
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        digits(Field::AccountNo, s, 7, 7, Self::RULE).map(Self)
    }
}

crate::string_newtype!(EmployeeNo, KanjiName, ProductCode, BranchNo, AccountNo);

/// 控除年月, 開始月, 終了月: a month, `YYYY-MM` in JSON (e.g. `2024-06`), its first day in the
/// database.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth(NaiveDate);

impl YearMonth {
    pub const RULE: &'static str = "YYYY-MM形式の年月";

    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(Self)
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self(date.with_day(1).unwrap_or(date))
    }

    /// `YYYY-MM` (also `YYYYMM`, as the bank's files write it).
    pub fn parse_as(field: Field, s: &str) -> Result<Self, RuleError> {
        if s.is_empty() {
            return Err(RuleError::Required(field));
        }
        let bad = || RuleError::Format {
            field,
            rule: Self::RULE,
        };
        // Bytes before slicing: `s[..4]` of multi-byte text would split a character.
        if !s.is_ascii() {
            return Err(bad());
        }
        let (y, m) = match (s.len(), s.as_bytes().get(4)) {
            (7, Some(b'-')) => (&s[..4], &s[5..]),
            (6, _) => (&s[..4], &s[4..]),
            _ => return Err(bad()),
        };
        if !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>()) else {
            return Err(bad());
        };
        if y < 2000 {
            return Err(bad());
        }
        Self::new(y, m).ok_or_else(bad)
    }

    pub fn first_day(self) -> NaiveDate {
        self.0
    }

    /// `YYYYMM`, as the CSV files carry it.
    pub fn compact(self) -> String {
        format!("{:04}{:02}", self.0.year(), self.0.month())
    }

    /// `YYYY年MM月`, as the lists print it.
    pub fn label(self) -> String {
        self.0.format("%Y年%m月").to_string()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written directly: chrono's `format` parses its pattern on every call, and the history
        // of a 100,000-line import names a 適用月 or 開始月 per line.
        write!(f, "{:04}-{:02}", self.0.year(), self.0.month())
    }
}

impl std::str::FromStr for YearMonth {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, RuleError> {
        Self::parse_as(Field::Month, s)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// 状態: 有効 or 解除.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailState {
    Active,
    Cancelled,
}

named_enum!(DetailState {
    Active => "active", "有効";
    Cancelled => "cancelled", "解除";
});

/// 登録元: the organisation on the Web, or the bank's counter (窓口).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Web,
    Counter,
}

named_enum!(Source {
    Web => "web", "Web";
    Counter => "counter", "窓口";
});

/// 月例・夏季・年末 amounts, whole yen.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Amounts {
    pub monthly: i64,
    pub summer: i64,
    pub year_end: i64,
}

impl Amounts {
    pub fn for_occasion(&self, occasion: Occasion) -> i64 {
        match occasion {
            Occasion::Monthly => self.monthly,
            Occasion::Summer => self.summer,
            Occasion::YearEnd => self.year_end,
        }
    }
}

/// One amount: 0 ..= [`AMOUNT_MAX`].
pub fn parse_amount(field: Field, yen: i64) -> Result<i64, RuleError> {
    if (0..=AMOUNT_MAX).contains(&yen) {
        Ok(yen)
    } else {
        Err(RuleError::Format {
            field,
            rule: AMOUNT_RULE,
        })
    }
}

/// The detail form as typed (追加登録 and 変更), before any rule is applied.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailInput {
    /// 職員番号 (半角数字1～10桁).
    pub employee_no: String,
    /// カナ氏名: 全角・ひらがなも可 (半角カナに変換して登録).
    pub kana_name: String,
    /// 漢字氏名 (全角20文字以内).
    pub kanji_name: String,
    /// 取引コード (`GET /api/v1/deduction/products`).
    pub product_code: String,
    /// 店番 (半角数字3桁).
    pub branch_no: String,
    /// 口座番号 (半角数字7桁).
    pub account_no: String,
    /// 月例金額 (円).
    #[serde(deserialize_with = "crate::rules::whole::deserialize")]
    pub amount_monthly: i64,
    /// 夏季金額 (円).
    #[serde(deserialize_with = "crate::rules::whole::deserialize")]
    pub amount_summer: i64,
    /// 年末金額 (円).
    #[serde(deserialize_with = "crate::rules::whole::deserialize")]
    pub amount_year_end: i64,
    /// 開始月 `YYYY-MM`.
    pub start_month: String,
    /// 終了月 `YYYY-MM`; 省略・null は期限なし.
    #[serde(default)]
    pub end_month: Option<String>,
}

/// A detail's fields after every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailFields {
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: KanjiName,
    pub product: ProductCode,
    pub branch_no: BranchNo,
    pub account_no: AccountNo,
    pub amounts: Amounts,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
}

impl DetailFields {
    /// Every rule, in the form's order; the first failure is returned. A product must be in the
    /// configured list, at least one amount must be > 0, and the 終了月 not before the 開始月.
    pub fn parse(input: &DetailInput, config: &DeductionConfig) -> Result<Self, Refusal> {
        let fields = DetailFields {
            employee_no: EmployeeNo::parse(&input.employee_no)?,
            kana_name: KanaName::parse(&input.kana_name)?,
            kanji_name: KanjiName::parse(&input.kanji_name)?,
            product: match ProductCode::parse(&input.product_code)? {
                product if config.product_name(product.as_str()).is_some() => product,
                _ => {
                    return Err(RuleError::Format {
                        field: Field::Product,
                        rule: ProductCode::RULE,
                    }
                    .into());
                }
            },
            branch_no: BranchNo::parse(&input.branch_no)?,
            account_no: AccountNo::parse(&input.account_no)?,
            amounts: Amounts {
                monthly: parse_amount(Field::AmountMonthly, input.amount_monthly)?,
                summer: parse_amount(Field::AmountSummer, input.amount_summer)?,
                year_end: parse_amount(Field::AmountYearEnd, input.amount_year_end)?,
            },
            start_month: YearMonth::parse_as(Field::StartMonth, &input.start_month)?,
            end_month: match input.end_month.as_deref() {
                None | Some("") => None,
                Some(s) => Some(YearMonth::parse_as(Field::EndMonth, s)?),
            },
        };
        if fields.amounts == Amounts::default() {
            return Err(Refusal::NoAmount);
        }
        if fields.end_month.is_some_and(|end| end < fields.start_month) {
            return Err(RuleError::Format {
                field: Field::EndMonth,
                rule: "開始月以降の年月",
            }
            .into());
        }
        Ok(fields)
    }

    /// Is the detail to be requested in `month` for `occasion` (in period, amount > 0)?
    pub fn requested_in(&self, occasion: Occasion, month: YearMonth) -> bool {
        self.start_month <= month
            && self.end_month.is_none_or(|end| month <= end)
            && self.amounts.for_occasion(occasion) > 0
    }
}

/// A stored detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub id: String,
    pub fields: DetailFields,
    pub state: DetailState,
    /// Where the last change came from.
    pub source: Source,
    pub version: i32,
}

/// The items the update history names.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailField {
    EmployeeNo,
    KanaName,
    KanjiName,
    Product,
    BranchNo,
    AccountNo,
    AmountMonthly,
    AmountSummer,
    AmountYearEnd,
    StartMonth,
    EndMonth,
    State,
}

named_enum!(DetailField {
    EmployeeNo => "employee_no", "職員番号";
    KanaName => "kana_name", "カナ氏名";
    KanjiName => "kanji_name", "漢字氏名";
    Product => "product", "取引";
    BranchNo => "branch_no", "店番";
    AccountNo => "account_no", "口座番号";
    AmountMonthly => "amount_monthly", "月例金額";
    AmountSummer => "amount_summer", "夏季金額";
    AmountYearEnd => "amount_year_end", "年末金額";
    StartMonth => "start_month", "開始月";
    EndMonth => "end_month", "終了月";
    State => "state", "状態";
});

/// One line of 変更内容: before → after as the history shows them (`None`: no value).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: DetailField,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The display text of every history item of a detail, in [`DetailField::ALL`] order.
pub fn history_values(
    fields: &DetailFields,
    state: DetailState,
    config: &DeductionConfig,
) -> [(DetailField, Option<String>); 12] {
    let product = format!(
        "{} {}",
        fields.product,
        config.display_name(fields.product.as_str())
    );
    [
        (
            DetailField::EmployeeNo,
            Some(fields.employee_no.to_string()),
        ),
        (DetailField::KanaName, Some(fields.kana_name.to_string())),
        (DetailField::KanjiName, Some(fields.kanji_name.to_string())),
        (DetailField::Product, Some(product)),
        (DetailField::BranchNo, Some(fields.branch_no.to_string())),
        (DetailField::AccountNo, Some(fields.account_no.to_string())),
        (
            DetailField::AmountMonthly,
            Some(fields.amounts.monthly.to_string()),
        ),
        (
            DetailField::AmountSummer,
            Some(fields.amounts.summer.to_string()),
        ),
        (
            DetailField::AmountYearEnd,
            Some(fields.amounts.year_end.to_string()),
        ),
        (
            DetailField::StartMonth,
            Some(fields.start_month.to_string()),
        ),
        (
            DetailField::EndMonth,
            fields.end_month.map(|m| m.to_string()),
        ),
        (DetailField::State, Some(state.label().to_owned())),
    ]
}

/// What changed between two versions; `before = None` is an addition (every item with a value).
pub fn diff(
    before: Option<(&DetailFields, DetailState)>,
    after: (&DetailFields, DetailState),
    config: &DeductionConfig,
) -> Vec<FieldChange> {
    let new = history_values(after.0, after.1, config);
    match before {
        None => new
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(field, after)| FieldChange {
                field,
                before: None,
                after,
            })
            .collect(),
        Some((fields, state)) => history_values(fields, state, config)
            .into_iter()
            .zip(new)
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, before), (_, after))| FieldChange {
                field,
                before,
                after,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn input() -> DetailInput {
        DetailInput {
            employee_no: "0012345".into(),
            kana_name: "ロウキン　タロウ".into(),
            kanji_name: "労金　太郎".into(),
            product_code: "01".into(),
            branch_no: "123".into(),
            account_no: "1234567".into(),
            amount_monthly: 10_000,
            amount_summer: 0,
            amount_year_end: 30_000,
            start_month: "2024-06".into(),
            end_month: None,
        }
    }

    fn parse(i: &DetailInput) -> Result<DetailFields, Refusal> {
        DetailFields::parse(i, &DeductionConfig::default())
    }

    #[test]
    fn an_empty_form_names_the_first_field_of_the_form_first() {
        let empty = DetailInput {
            employee_no: String::new(),
            kana_name: String::new(),
            kanji_name: String::new(),
            product_code: String::new(),
            branch_no: String::new(),
            account_no: String::new(),
            amount_monthly: 0,
            amount_summer: 0,
            amount_year_end: 0,
            start_month: String::new(),
            end_month: None,
        };
        assert_eq!(
            parse(&empty),
            Err(Refusal::Rule(RuleError::Required(Field::EmployeeNo)))
        );
        // With the names filled, an unknown 取引 is named before the 店番 after it.
        let unknown = DetailInput {
            product_code: "99".into(),
            branch_no: String::new(),
            ..input()
        };
        assert!(matches!(
            parse(&unknown),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::Product,
                ..
            }))
        ));
    }

    #[test]
    fn a_complete_form_parses_and_the_kana_is_converted() {
        let f = parse(&input()).expect("valid");
        assert_eq!(f.kana_name.as_str(), "ﾛｳｷﾝ ﾀﾛｳ");
        assert_eq!(f.employee_no.as_str(), "0012345");
        assert_eq!(f.start_month, YearMonth::new(2024, 6).expect("month"));
    }

    #[test]
    fn an_employee_number_is_1_to_10_half_width_digits() {
        assert!(EmployeeNo::parse("1").is_ok());
        assert!(EmployeeNo::parse("1234567890").is_ok());
        assert!(EmployeeNo::parse("12345678901").is_err());
        assert!(EmployeeNo::parse("１２３").is_err());
        assert!(EmployeeNo::parse("12a").is_err());
        assert_eq!(
            EmployeeNo::parse(""),
            Err(RuleError::Required(Field::EmployeeNo))
        );
    }

    #[test]
    fn branch_and_account_numbers_have_exactly_3_and_7_digits() {
        assert!(BranchNo::parse("012").is_ok());
        assert!(BranchNo::parse("12").is_err());
        assert!(AccountNo::parse("0123456").is_ok());
        assert!(AccountNo::parse("12345678").is_err());
        let e = AccountNo::parse("123").expect_err("short");
        assert_eq!(e.to_string(), "口座番号は半角数字7桁で入力してください。");
    }

    #[test]
    fn a_kana_name_outside_the_banks_set_is_refused_and_named() {
        let mut i = input();
        i.kana_name = "ロウキン・タロウ".into();
        assert_eq!(
            parse(&i),
            Err(Refusal::Rule(RuleError::Character {
                field: Field::KanaName,
                ch: '・'
            }))
        );
    }

    #[test]
    fn a_kanji_name_is_full_width_and_named_as_漢字氏名() {
        let mut i = input();
        i.kanji_name = "Taro".into();
        assert!(matches!(
            parse(&i),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::KanjiName,
                ..
            }))
        ));
        i.kanji_name = String::new();
        assert_eq!(
            parse(&i),
            Err(Refusal::Rule(RuleError::Required(Field::KanjiName)))
        );
    }

    #[test]
    fn a_product_outside_the_list_is_refused() {
        let mut i = input();
        i.product_code = "99".into();
        assert!(matches!(
            parse(&i),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::Product,
                ..
            }))
        ));
    }

    #[test]
    fn amounts_are_whole_yen_from_0_to_99_999_999() {
        let mut i = input();
        i.amount_summer = -1;
        assert!(matches!(
            parse(&i),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::AmountSummer,
                ..
            }))
        ));
        i.amount_summer = AMOUNT_MAX;
        assert!(parse(&i).is_ok());
        i.amount_summer = AMOUNT_MAX + 1;
        assert!(parse(&i).is_err());
    }

    #[test]
    fn at_least_one_amount_must_be_more_than_zero() {
        let mut i = input();
        i.amount_monthly = 0;
        i.amount_year_end = 0;
        assert_eq!(parse(&i), Err(Refusal::NoAmount));
    }

    #[test]
    fn the_end_month_is_not_before_the_start_month_or_absent() {
        let mut i = input();
        i.end_month = Some("2024-06".into());
        assert!(parse(&i).is_ok());
        i.end_month = Some(String::new());
        assert_eq!(parse(&i).map(|f| f.end_month), Ok(None));
        i.end_month = Some("2024-05".into());
        assert!(matches!(
            parse(&i),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::EndMonth,
                ..
            }))
        ));
    }

    #[test]
    fn a_month_reads_as_yyyy_mm_or_yyyymm_only() {
        let m = YearMonth::new(2024, 6).expect("month");
        assert_eq!(YearMonth::parse_as(Field::Month, "2024-06"), Ok(m));
        assert_eq!(YearMonth::parse_as(Field::Month, "202406"), Ok(m));
        for bad in [
            "2024-13",
            "2024/06",
            "24-06",
            "2024-6",
            "1999-12",
            "２０２４-06",
            // Six or seven bytes that are not six or seven characters (no panic on slicing).
            "組ぶ",
            "20２4",
            "2024-０",
        ] {
            assert!(YearMonth::parse_as(Field::Month, bad).is_err(), "{bad}");
        }
        assert_eq!(m.to_string(), "2024-06");
        assert_eq!(m.compact(), "202406");
        assert_eq!(serde_json::to_string(&m).expect("json"), "\"2024-06\"");
    }

    #[test]
    fn a_detail_is_requested_only_in_its_period_with_an_amount_for_the_occasion() {
        let mut i = input();
        i.end_month = Some("2024-12".into());
        let f = parse(&i).expect("valid");
        let m = |mo| YearMonth::new(2024, mo).expect("month");
        assert!(!f.requested_in(Occasion::Monthly, m(5)));
        assert!(f.requested_in(Occasion::Monthly, m(6)));
        assert!(f.requested_in(Occasion::Monthly, m(12)));
        assert!(!f.requested_in(Occasion::Monthly, YearMonth::new(2025, 1).expect("m")));
        assert!(
            !f.requested_in(Occasion::Summer, m(7)),
            "summer amount is 0"
        );
        assert!(f.requested_in(Occasion::YearEnd, m(12)));
    }

    #[test]
    fn the_diff_names_only_the_changed_items_in_form_order() {
        let c = DeductionConfig::default();
        let a = parse(&input()).expect("valid");
        let mut i = input();
        i.amount_monthly = 12_000;
        i.account_no = "7654321".into();
        let b = parse(&i).expect("valid");
        let d = diff(
            Some((&a, DetailState::Active)),
            (&b, DetailState::Active),
            &c,
        );
        assert_eq!(
            d,
            vec![
                FieldChange {
                    field: DetailField::AccountNo,
                    before: Some("1234567".into()),
                    after: Some("7654321".into())
                },
                FieldChange {
                    field: DetailField::AmountMonthly,
                    before: Some("10000".into()),
                    after: Some("12000".into())
                },
            ]
        );
        let added = diff(None, (&a, DetailState::Active), &c);
        assert_eq!(added.len(), 11, "every item but the empty 終了月");
        assert_eq!(added[3].after.as_deref(), Some("01 エース預金"));
        let cancelled = diff(
            Some((&a, DetailState::Active)),
            (&a, DetailState::Cancelled),
            &c,
        );
        assert_eq!(
            cancelled,
            vec![FieldChange {
                field: DetailField::State,
                before: Some("有効".into()),
                after: Some("解除".into())
            }]
        );
    }
}
