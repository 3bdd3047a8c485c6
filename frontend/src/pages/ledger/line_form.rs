//! The line's fields (docs/ledger.md §2), shared by LR102101 (新規登録) and LR101201 (変更):
//! 職員番号, カナ氏名, 漢字氏名, 種目, 月例・夏季・年末金額 (only those the 種目 takes), 開始月,
//! 終了月; on 変更 also 適用月. The server converts and checks everything again; an error names its
//! field (`details.field`) and shows beside it.

use cjs_api_types::ErrorCode;
use cjs_api_types::ledger::{ItemList, LineInput, LineView};
use cjs_domain::KanaName;
use cjs_domain::deduction::{EmployeeNo, KanjiName};
use leptos::prelude::*;

use crate::pages::deduction::detail_form::parse_yen;
use crate::pages::deduction::{SelectField, local_error};
use crate::pages::ledger::{allowed_text, find_item, item_options};
use crate::widgets::field::{Field, StaticField, check};
use crate::widgets::form::FormState;

/// The form's values as typed.
#[derive(Clone, Copy)]
pub struct LineSignals {
    pub employee_no: RwSignal<String>,
    pub kana_name: RwSignal<String>,
    pub kanji_name: RwSignal<String>,
    pub item_code: RwSignal<String>,
    pub amount_monthly: RwSignal<String>,
    pub amount_summer: RwSignal<String>,
    pub amount_year_end: RwSignal<String>,
    pub start_month: RwSignal<String>,
    pub end_month: RwSignal<String>,
    /// 適用月 (変更 only).
    pub amounts_from: RwSignal<String>,
}

impl LineSignals {
    pub fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            employee_no: s(),
            kana_name: s(),
            kanji_name: s(),
            item_code: s(),
            amount_monthly: s(),
            amount_summer: s(),
            amount_year_end: s(),
            start_month: s(),
            end_month: s(),
            amounts_from: s(),
        }
    }

    /// Shows a line as read (変更).
    pub fn fill(self, l: &LineView) {
        self.employee_no.set(l.employee_no.clone());
        self.kana_name.set(l.kana_name.clone());
        self.kanji_name.set(l.kanji_name.clone());
        self.item_code.set(l.item_code.clone());
        self.amount_monthly.set(l.amount_monthly.to_string());
        self.amount_summer.set(l.amount_summer.to_string());
        self.amount_year_end.set(l.amount_year_end.to_string());
        self.start_month.set(l.start_month.to_string());
        self.end_month
            .set(l.end_month.map(|m| m.to_string()).unwrap_or_default());
        self.amounts_from.set(String::new());
    }

    /// The amounts as typed: `(monthly, summer, year_end)`; the ones the 種目 does not take are 0
    /// (a field hidden after a change of 種目 does not send what was typed in it).
    pub fn amounts(
        self,
        items: RwSignal<Option<ItemList>>,
    ) -> Result<(i64, i64, i64), cjs_api_types::ApiError> {
        let item = find_item(items, &self.item_code.get_untracked());
        let (monthly, bonus) = item.map_or((true, true), |i| (i.monthly, i.bonus));
        let amount_if = |on: bool, value: RwSignal<String>, label: &str, field: &str| {
            if on {
                amount(value, label, field)
            } else {
                Ok(0)
            }
        };
        Ok((
            amount_if(monthly, self.amount_monthly, "月例金額", "amount_monthly")?,
            amount_if(bonus, self.amount_summer, "夏季金額", "amount_summer")?,
            amount_if(bonus, self.amount_year_end, "年末金額", "amount_year_end")?,
        ))
    }

    /// The request body; an amount that is not a whole number stops here, named like the
    /// server's E1002.
    pub fn input(
        self,
        items: RwSignal<Option<ItemList>>,
    ) -> Result<LineInput, cjs_api_types::ApiError> {
        let (amount_monthly, amount_summer, amount_year_end) = self.amounts(items)?;
        Ok(LineInput {
            employee_no: self.employee_no.get_untracked().trim().to_owned(),
            kana_name: self.kana_name.get_untracked(),
            kanji_name: self.kanji_name.get_untracked().trim().to_owned(),
            item_code: self.item_code.get_untracked(),
            amount_monthly,
            amount_summer,
            amount_year_end,
            start_month: self.start_month.get_untracked().trim().to_owned(),
            end_month: Some(self.end_month.get_untracked().trim().to_owned())
                .filter(|m| !m.is_empty()),
        })
    }
}

impl Default for LineSignals {
    fn default() -> Self {
        Self::new()
    }
}

fn amount(
    value: RwSignal<String>,
    label: &str,
    field: &str,
) -> Result<i64, cjs_api_types::ApiError> {
    parse_yen(&value.get_untracked())
        .ok_or_else(|| local_error(ErrorCode::E1002, &[label, "半角数字（円単位）"], field))
}

/// The fields, in the order of the list. `employee_fixed`: 変更 shows 職員番号 and 種目 without
/// an input (they cannot change; 解除 and add a new line).
#[component]
pub fn LineFields(
    form: FormState,
    values: LineSignals,
    items: RwSignal<Option<ItemList>>,
    #[prop(optional)] employee_fixed: bool,
) -> impl IntoView {
    let options = item_options(items);
    let chosen = Memo::new(move |_| find_item(items, &values.item_code.get()));
    let monthly = move || chosen.with(|i| i.as_ref().is_none_or(|i| i.monthly));
    let bonus = move || chosen.with(|i| i.as_ref().is_none_or(|i| i.bonus));
    let item_note = move || {
        chosen.get().map(|i| {
            view! {
                <StaticField
                    label="控除できる金額"
                    value=format!("{}（種目区分: {}）", allowed_text(&i), i.kind_label)
                    testid="item-allows"
                />
            }
        })
    };
    let none = Signal::derive(|| "（この種目にはありません）".to_owned());
    let employee = if employee_fixed {
        view! {
            <StaticField
                label="職員番号"
                value=Signal::derive(move || values.employee_no.get())
                testid="employee-no"
            />
        }
        .into_any()
    } else {
        view! {
            <Field
                name="employee_no"
                label="職員番号"
                hint="（半角数字10桁以内。先頭の0も入力してください）"
                value=values.employee_no
                form=form
                inputmode="numeric"
                maxlength=10
                check=check(|v| EmployeeNo::parse(v).map(|_| ()))
            />
        }
        .into_any()
    };
    view! {
        {employee}
        <Field
            name="kana_name"
            label="カナ氏名"
            hint="（半角カナ30文字以内。全角カナ・ひらがなで入力しても半角カナに変換して登録します）"
            value=values.kana_name
            form=form
            maxlength=60
            check=check(|v| KanaName::parse(v).map(|_| ()))
        />
        <Field
            name="kanji_name"
            label="漢字氏名"
            hint="（全角20文字以内）"
            value=values.kanji_name
            form=form
            maxlength=20
            check=check(|v| KanjiName::parse(v).map(|_| ()))
        />
        {move || {
            if employee_fixed {
                let label = Signal::derive(move || {
                    chosen
                        .with(|i| i.as_ref().map(crate::pages::ledger::item_label))
                        .unwrap_or_else(|| values.item_code.get())
                });
                view! { <StaticField label="種目" value=label testid="item" /> }.into_any()
            } else {
                view! {
                    <SelectField
                        name="item_code"
                        label="種目"
                        value=values.item_code
                        form=form
                        options=options
                        blank="選択してください"
                    />
                }
                .into_any()
            }
        }}
        {item_note}
        <Show
            when=monthly
            fallback=move || view! { <StaticField label="月例金額" value=none /> }
        >
            <Field
                name="amount_monthly"
                label="月例金額"
                hint="（円。0～99,999,999）"
                value=values.amount_monthly
                form=form
                inputmode="numeric"
                maxlength=11
            />
        </Show>
        <Show
            when=bonus
            fallback=move || {
                view! {
                    <StaticField label="夏季金額" value=none />
                    <StaticField label="年末金額" value=none />
                }
            }
        >
            <Field
                name="amount_summer"
                label="夏季金額"
                hint="（円。0～99,999,999）"
                value=values.amount_summer
                form=form
                inputmode="numeric"
                maxlength=11
            />
            <Field
                name="amount_year_end"
                label="年末金額"
                hint="（円。0～99,999,999。月例・夏季・年末のいずれかは1円以上）"
                value=values.amount_year_end
                form=form
                inputmode="numeric"
                maxlength=11
            />
        </Show>
        <Field
            name="start_month"
            label="開始月"
            hint="（例: 2024-06）"
            value=values.start_month
            form=form
            kind="month"
            maxlength=7
        />
        <Field
            name="end_month"
            label="終了月"
            hint="（省略時は期限なし）"
            value=values.end_month
            form=form
            kind="month"
            maxlength=7
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::ledger::{ItemKind, ItemView};

    fn item(code: &str, monthly: bool, bonus: bool) -> ItemView {
        ItemView {
            id: format!("i-{code}"),
            item_code: code.to_owned(),
            item_name: "組合費".to_owned(),
            display_order: 1,
            kind: ItemKind::UnionDues,
            kind_label: "組合費".to_owned(),
            monthly,
            bonus,
            version: 1,
            used_by: 0,
            updated_at: chrono::DateTime::default(),
        }
    }

    #[test]
    fn amounts_the_item_does_not_take_are_sent_as_zero() {
        let owner = Owner::new();
        owner.with(|| {
            let items = RwSignal::new(Some(ItemList {
                items: vec![item("101", true, false)],
            }));
            let v = LineSignals::new();
            v.item_code.set("101".to_owned());
            v.amount_monthly.set("2,500".to_owned());
            v.amount_summer.set("9000".to_owned());
            assert_eq!(v.amounts(items).ok(), Some((2500, 0, 0)));
            v.amount_monthly.set("x".to_owned());
            let e = v.amounts(items).expect_err("refused");
            assert_eq!(e.code, ErrorCode::E1002);
            assert_eq!(
                crate::widgets::errors::error_field(&e),
                Some("amount_monthly")
            );
        });
    }
}
