//! 賃控元帳明細: the form and its rules, the stored line with its 適用月 and prior amounts, the
//! amount a line gives for a month, and the per-field diff the history keeps.

use serde::{Deserialize, Serialize};

use super::Refusal;
use super::item::{Item, ItemCode};
use crate::deduction::detail::{Amounts, EmployeeNo, KanjiName, YearMonth, parse_amount};
use crate::kana::KanaName;
use crate::rules::{Field, RuleError};
use crate::schedule::Occasion;
use crate::session::named_enum;

/// 状態: 有効 / 解除 (the same names as a 労金控除明細).
pub use crate::deduction::detail::DetailState as LineState;

/// The line form as typed (新規登録 and 変更), before any rule is applied.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    /// 職員番号 (半角数字1～10桁; 変更では登録時のまま).
    pub employee_no: String,
    /// カナ氏名: 全角・ひらがなも可 (半角カナに変換して登録).
    pub kana_name: String,
    /// 漢字氏名 (全角20文字以内).
    pub kanji_name: String,
    /// 種目コード (`GET /api/v1/ledger/items`; 変更では登録時のまま).
    pub item_code: String,
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

/// A line's fields after every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFields {
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: KanjiName,
    /// The item's id (what the line refers to) and code.
    pub item_id: String,
    pub item_code: ItemCode,
    /// The current amounts.
    pub amounts: Amounts,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
}

const AMOUNT_FIELDS: [(Occasion, Field); 3] = [
    (Occasion::Monthly, Field::AmountMonthly),
    (Occasion::Summer, Field::AmountSummer),
    (Occasion::YearEnd, Field::AmountYearEnd),
];

impl LineFields {
    /// Every rule, in the form's order; the first failure is returned.
    pub fn parse(input: &LineInput, items: &[Item]) -> Result<Self, Refusal> {
        Self::parse_all(input, items).map_err(|mut all| all.swap_remove(0))
    }

    /// Every rule, every failure (in the form's order, at most one per field), for the import's
    /// problem list. The item must be one of `items`, an amount > 0 only where the item has it,
    /// at least one amount > 0, and the 終了月 not before the 開始月.
    pub fn parse_all(input: &LineInput, items: &[Item]) -> Result<Self, Vec<Refusal>> {
        fn keep<T>(errors: &mut Vec<Refusal>, r: Result<T, RuleError>) -> Option<T> {
            r.map_err(|e| errors.push(e.into())).ok()
        }
        let mut errors: Vec<Refusal> = Vec::new();
        let employee_no = keep(&mut errors, EmployeeNo::parse(&input.employee_no));
        let kana_name = keep(&mut errors, KanaName::parse(&input.kana_name));
        let kanji_name = keep(&mut errors, KanjiName::parse(&input.kanji_name));
        let item = match ItemCode::parse(&input.item_code) {
            Err(e) => {
                errors.push(e.into());
                None
            }
            Ok(code) => match items.iter().find(|i| i.fields.code == code) {
                Some(i) => Some(i),
                None => {
                    errors.push(Refusal::UnknownItem(code.to_string()));
                    None
                }
            },
        };
        let mut amounts = Amounts::default();
        let mut amounts_ok = true;
        for ((occasion, field), yen) in AMOUNT_FIELDS.into_iter().zip([
            input.amount_monthly,
            input.amount_summer,
            input.amount_year_end,
        ]) {
            match parse_amount(field, yen) {
                Err(e) => {
                    errors.push(e.into());
                    amounts_ok = false;
                }
                Ok(v) => {
                    if let Some(item) = item.filter(|i| v > 0 && !i.fields.allows(occasion)) {
                        errors.push(Refusal::AmountNotAllowed {
                            item: item.fields.name.to_string(),
                            field,
                        });
                        amounts_ok = false;
                    }
                    set(&mut amounts, occasion, v);
                }
            }
        }
        if amounts_ok && amounts == Amounts::default() {
            errors.push(Refusal::NoAmount);
        }
        let start_month = YearMonth::parse_as(Field::StartMonth, &input.start_month)
            .map_err(|e| errors.push(e.into()))
            .ok();
        let end_month = match input.end_month.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(s) => YearMonth::parse_as(Field::EndMonth, s)
                .map_err(|e| errors.push(e.into()))
                .ok()
                .map(Some),
        };
        if let (Some(start), Some(Some(end))) = (start_month, end_month)
            && end < start
        {
            errors.push(
                RuleError::Format {
                    field: Field::EndMonth,
                    rule: "開始月以降の年月",
                }
                .into(),
            );
        }
        match (
            employee_no,
            kana_name,
            kanji_name,
            item,
            start_month,
            end_month,
        ) {
            (
                Some(employee_no),
                Some(kana_name),
                Some(kanji_name),
                Some(item),
                Some(start),
                Some(end),
            ) if errors.is_empty() => Ok(LineFields {
                employee_no,
                kana_name,
                kanji_name,
                item_id: item.id.clone(),
                item_code: item.fields.code.clone(),
                amounts,
                start_month: start,
                end_month: end,
            }),
            _ => Err(errors),
        }
    }

    /// Is `month` inside 開始月 ..= 終了月?
    pub fn in_period(&self, month: YearMonth) -> bool {
        self.start_month <= month && self.end_month.is_none_or(|end| month <= end)
    }
}

/// Sets one occasion's amount.
pub fn set(amounts: &mut Amounts, occasion: Occasion, yen: i64) {
    match occasion {
        Occasion::Monthly => amounts.monthly = yen,
        Occasion::Summer => amounts.summer = yen,
        Occasion::YearEnd => amounts.year_end = yen,
    }
}

/// A stored line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub id: String,
    pub fields: LineFields,
    /// The month the current amounts (`fields.amounts`) apply from.
    pub amounts_from: YearMonth,
    /// The amounts before `amounts_from` (one level), if any.
    pub prior: Option<Amounts>,
    pub state: LineState,
    pub version: i32,
}

impl Line {
    /// The amounts in force in `month` (the 適用月 rule; no prior: the current ones).
    pub fn amounts_in(&self, month: YearMonth) -> Amounts {
        if month >= self.amounts_from {
            self.fields.amounts
        } else {
            self.prior.unwrap_or(self.fields.amounts)
        }
    }

    /// What the line gives for `occasion` in `month`: 0 when 解除 or out of its period.
    pub fn amount(&self, occasion: Occasion, month: YearMonth) -> i64 {
        if self.state != LineState::Active || !self.fields.in_period(month) {
            return 0;
        }
        self.amounts_in(month).for_occasion(occasion)
    }
}

/// The 適用月 and prior amounts after setting the current amounts to `new` from `from`
/// (`docs/ledger.md` §2.1). Unchanged amounts leave both as they are.
pub fn shift_amounts(
    current: Amounts,
    amounts_from: YearMonth,
    prior: Option<Amounts>,
    new: Amounts,
    from: YearMonth,
) -> (YearMonth, Option<Amounts>) {
    if new == current {
        (amounts_from, prior)
    } else if from > amounts_from {
        (from, Some(current))
    } else {
        (from, prior)
    }
}

/// The items the update history names.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineField {
    EmployeeNo,
    KanaName,
    KanjiName,
    Item,
    AmountMonthly,
    AmountSummer,
    AmountYearEnd,
    AmountsFrom,
    StartMonth,
    EndMonth,
    State,
}

named_enum!(LineField {
    EmployeeNo => "employee_no", "職員番号";
    KanaName => "kana_name", "カナ氏名";
    KanjiName => "kanji_name", "漢字氏名";
    Item => "item", "種目";
    AmountMonthly => "amount_monthly", "月例金額";
    AmountSummer => "amount_summer", "夏季金額";
    AmountYearEnd => "amount_year_end", "年末金額";
    AmountsFrom => "amounts_from", "適用月";
    StartMonth => "start_month", "開始月";
    EndMonth => "end_month", "終了月";
    State => "state", "状態";
});

/// One line of 変更内容: before → after as the history shows them (`None`: no value).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", schema(as = LedgerFieldChange))]
pub struct FieldChange {
    pub field: LineField,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A line as the history sees it: its fields, 適用月, state, and the item's label.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub fields: &'a LineFields,
    pub amounts_from: YearMonth,
    pub state: LineState,
    /// `101 組合費`.
    pub item_label: &'a str,
}

fn values(s: Snapshot<'_>) -> [(LineField, Option<String>); 11] {
    let f = s.fields;
    [
        (LineField::EmployeeNo, Some(f.employee_no.to_string())),
        (LineField::KanaName, Some(f.kana_name.to_string())),
        (LineField::KanjiName, Some(f.kanji_name.to_string())),
        (LineField::Item, Some(s.item_label.to_owned())),
        (
            LineField::AmountMonthly,
            Some(f.amounts.monthly.to_string()),
        ),
        (LineField::AmountSummer, Some(f.amounts.summer.to_string())),
        (
            LineField::AmountYearEnd,
            Some(f.amounts.year_end.to_string()),
        ),
        (LineField::AmountsFrom, Some(s.amounts_from.to_string())),
        (LineField::StartMonth, Some(f.start_month.to_string())),
        (LineField::EndMonth, f.end_month.map(|m| m.to_string())),
        (LineField::State, Some(s.state.label().to_owned())),
    ]
}

/// What changed between two versions, in form order; `before = None` is an addition (every item
/// with a value). A change of amounts always names the 適用月 (before → after, equal or not).
pub fn diff(before: Option<Snapshot<'_>>, after: Snapshot<'_>) -> Vec<FieldChange> {
    let new = values(after);
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
        Some(old) => {
            let amounts_changed = old.fields.amounts != after.fields.amounts;
            values(old)
                .into_iter()
                .zip(new)
                .filter(|((field, old), (_, new))| {
                    old != new || (*field == LineField::AmountsFrom && amounts_changed)
                })
                .map(|((field, before), (_, after))| FieldChange {
                    field,
                    before,
                    after,
                })
                .collect()
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ledger::item::tests::item;

    pub(crate) fn items() -> Vec<Item> {
        vec![
            item("101", "組合費", true, false),
            item("201", "共済掛金", true, true),
            item("301", "互助会費", false, true),
        ]
    }

    pub(crate) fn input() -> LineInput {
        LineInput {
            employee_no: "0012345".into(),
            kana_name: "ロウキン　タロウ".into(),
            kanji_name: "労金　太郎".into(),
            item_code: "201".into(),
            amount_monthly: 2_000,
            amount_summer: 5_000,
            amount_year_end: 0,
            start_month: "2024-04".into(),
            end_month: None,
        }
    }

    pub(crate) fn m(y: i32, mo: u32) -> YearMonth {
        YearMonth::new(y, mo).expect("month")
    }

    pub(crate) fn line(input: &LineInput) -> Line {
        let fields = LineFields::parse(input, &items()).expect("valid");
        Line {
            id: format!("line-{}-{}", input.employee_no, input.item_code),
            amounts_from: fields.start_month,
            fields,
            prior: None,
            state: LineState::Active,
            version: 1,
        }
    }

    #[test]
    fn a_complete_form_parses_with_the_kana_converted_and_the_item_resolved() {
        let f = LineFields::parse(&input(), &items()).expect("valid");
        assert_eq!(f.kana_name.as_str(), "ﾛｳｷﾝ ﾀﾛｳ");
        assert_eq!(f.employee_no.as_str(), "0012345");
        assert_eq!(f.item_id, "item-201");
        assert_eq!(f.amounts.summer, 5_000);
    }

    #[test]
    fn an_unknown_item_is_refused_naming_its_code() {
        let mut i = input();
        i.item_code = "999".into();
        assert_eq!(
            LineFields::parse(&i, &items()),
            Err(Refusal::UnknownItem("999".into()))
        );
    }

    #[test]
    fn an_amount_is_allowed_only_where_the_item_has_it() {
        let mut i = input();
        i.item_code = "101".into();
        assert_eq!(
            LineFields::parse(&i, &items()),
            Err(Refusal::AmountNotAllowed {
                item: "組合費".into(),
                field: Field::AmountSummer
            })
        );
        i.amount_summer = 0;
        assert!(LineFields::parse(&i, &items()).is_ok());
        i.item_code = "301".into();
        i.amount_summer = 1;
        assert!(matches!(
            LineFields::parse(&i, &items()),
            Err(Refusal::AmountNotAllowed {
                field: Field::AmountMonthly,
                ..
            })
        ));
    }

    #[test]
    fn amounts_run_from_0_to_99_999_999_and_one_must_be_more_than_0() {
        let mut i = input();
        i.amount_monthly = 99_999_999;
        assert!(LineFields::parse(&i, &items()).is_ok());
        i.amount_monthly = 100_000_000;
        assert!(LineFields::parse(&i, &items()).is_err());
        i.amount_monthly = -1;
        assert!(LineFields::parse(&i, &items()).is_err());
        i.amount_monthly = 0;
        i.amount_summer = 0;
        assert_eq!(LineFields::parse(&i, &items()), Err(Refusal::NoAmount));
    }

    #[test]
    fn every_bad_field_is_reported_in_form_order() {
        let i = LineInput {
            employee_no: "12a".into(),
            kana_name: "ﾀﾛｳ,".into(),
            kanji_name: "".into(),
            item_code: "1".into(),
            amount_monthly: -5,
            amount_summer: 0,
            amount_year_end: 0,
            start_month: "2024-13".into(),
            end_month: Some("2024/01".into()),
        };
        let errors = LineFields::parse_all(&i, &items()).expect_err("all bad");
        let fields: Vec<_> = errors.iter().map(Refusal::field).collect();
        assert_eq!(
            fields,
            [
                Some(Field::EmployeeNo),
                Some(Field::KanaName),
                Some(Field::KanjiName),
                Some(Field::ItemCode),
                Some(Field::AmountMonthly),
                Some(Field::StartMonth),
                Some(Field::EndMonth),
            ]
        );
    }

    #[test]
    fn the_end_month_is_not_before_the_start_month() {
        let mut i = input();
        i.end_month = Some("2024-04".into());
        assert!(LineFields::parse(&i, &items()).is_ok());
        i.end_month = Some("2024-03".into());
        assert_eq!(
            LineFields::parse(&i, &items()).map_err(|e| e.field()),
            Err(Some(Field::EndMonth))
        );
    }

    #[test]
    fn a_line_gives_its_amount_only_inside_its_period_and_while_active() {
        let mut i = input();
        i.end_month = Some("2024-12".into());
        let mut l = line(&i);
        assert_eq!(l.amount(Occasion::Monthly, m(2024, 3)), 0);
        assert_eq!(l.amount(Occasion::Monthly, m(2024, 4)), 2_000);
        assert_eq!(l.amount(Occasion::Monthly, m(2024, 12)), 2_000);
        assert_eq!(l.amount(Occasion::Monthly, m(2025, 1)), 0);
        assert_eq!(l.amount(Occasion::YearEnd, m(2024, 12)), 0);
        l.state = LineState::Cancelled;
        assert_eq!(l.amount(Occasion::Monthly, m(2024, 6)), 0);
    }

    #[test]
    fn before_the_適用月_the_prior_amounts_apply_from_it_the_current_ones() {
        let mut l = line(&input());
        l.amounts_from = m(2024, 7);
        l.prior = Some(Amounts {
            monthly: 1_500,
            summer: 4_000,
            year_end: 0,
        });
        assert_eq!(l.amount(Occasion::Monthly, m(2024, 6)), 1_500);
        assert_eq!(l.amount(Occasion::Monthly, m(2024, 7)), 2_000);
        assert_eq!(l.amount(Occasion::Summer, m(2024, 6)), 4_000);
        l.prior = None;
        assert_eq!(
            l.amount(Occasion::Monthly, m(2024, 6)),
            2_000,
            "no prior: current"
        );
    }

    #[test]
    fn a_later_適用月_keeps_one_level_of_prior_amounts() {
        let a = |y| Amounts {
            monthly: y,
            summer: 0,
            year_end: 0,
        };
        // Later: the current amounts become the prior ones.
        assert_eq!(
            shift_amounts(a(100), m(2024, 4), Some(a(50)), a(200), m(2024, 7)),
            (m(2024, 7), Some(a(100)))
        );
        // The same month: only the current amounts change.
        assert_eq!(
            shift_amounts(a(100), m(2024, 7), Some(a(50)), a(200), m(2024, 7)),
            (m(2024, 7), Some(a(50)))
        );
        // Earlier: the new amounts start earlier, the prior stays for before.
        assert_eq!(
            shift_amounts(a(100), m(2024, 7), Some(a(50)), a(200), m(2024, 5)),
            (m(2024, 5), Some(a(50)))
        );
        // Unchanged amounts: nothing moves.
        assert_eq!(
            shift_amounts(a(100), m(2024, 4), None, a(100), m(2024, 9)),
            (m(2024, 4), None)
        );
    }

    #[test]
    fn the_diff_names_changed_items_and_the_適用月_with_any_amount() {
        let a = LineFields::parse(&input(), &items()).expect("valid");
        let mut i = input();
        i.amount_monthly = 2_500;
        i.kanji_name = "労金　一郎".into();
        let b = LineFields::parse(&i, &items()).expect("valid");
        let snap = |f, from, state| Snapshot {
            fields: f,
            amounts_from: from,
            state,
            item_label: "201 共済掛金",
        };
        let d = diff(
            Some(snap(&a, m(2024, 4), LineState::Active)),
            snap(&b, m(2024, 4), LineState::Active),
        );
        let named: Vec<_> = d.iter().map(|c| c.field).collect();
        assert_eq!(
            named,
            [
                LineField::KanjiName,
                LineField::AmountMonthly,
                LineField::AmountsFrom
            ]
        );
        let added = diff(None, snap(&a, m(2024, 4), LineState::Active));
        assert_eq!(added.len(), 10, "every item but the empty 終了月");
        assert_eq!(added[3].after.as_deref(), Some("201 共済掛金"));
        let name_only = diff(
            Some(snap(&a, m(2024, 4), LineState::Active)),
            snap(&a, m(2024, 4), LineState::Cancelled),
        );
        assert_eq!(name_only.len(), 1);
        assert_eq!(name_only[0].field, LineField::State);
    }
}
