//! The detail's fields (docs/deduction.md §1), shared by DR102101 (新規登録) and DR101201 (変更):
//! 職員番号, カナ氏名, 漢字氏名, 取引, 店番, 口座番号, 月例・夏季・年末金額, 開始月, 終了月. The
//! server converts and checks everything again; an error names its field (`details.field`, the
//! JSON name) and shows beside it.

use cjs_api_types::ErrorCode;
use cjs_api_types::deduction::{DetailInput, DetailView, ProductList};
use cjs_domain::KanaName;
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::{SelectField, local_error};
use crate::widgets::field::{Field, check};
use crate::widgets::form::FormState;

/// The form's values as typed.
#[derive(Clone, Copy)]
pub struct DetailSignals {
    pub employee_no: RwSignal<String>,
    pub kana_name: RwSignal<String>,
    pub kanji_name: RwSignal<String>,
    pub product_code: RwSignal<String>,
    pub branch_no: RwSignal<String>,
    pub account_no: RwSignal<String>,
    pub amount_monthly: RwSignal<String>,
    pub amount_summer: RwSignal<String>,
    pub amount_year_end: RwSignal<String>,
    pub start_month: RwSignal<String>,
    pub end_month: RwSignal<String>,
}

impl DetailSignals {
    pub fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            employee_no: s(),
            kana_name: s(),
            kanji_name: s(),
            product_code: s(),
            branch_no: s(),
            account_no: s(),
            amount_monthly: s(),
            amount_summer: s(),
            amount_year_end: s(),
            start_month: s(),
            end_month: s(),
        }
    }

    /// Shows a detail as read (変更).
    pub fn fill(self, d: &DetailView) {
        self.employee_no.set(d.employee_no.clone());
        self.kana_name.set(d.kana_name.clone());
        self.kanji_name.set(d.kanji_name.clone());
        self.product_code.set(d.product_code.clone());
        self.branch_no.set(d.branch_no.clone());
        self.account_no.set(d.account_no.clone());
        self.amount_monthly.set(d.amount_monthly.to_string());
        self.amount_summer.set(d.amount_summer.to_string());
        self.amount_year_end.set(d.amount_year_end.to_string());
        self.start_month.set(d.start_month.to_string());
        self.end_month
            .set(d.end_month.map(|m| m.to_string()).unwrap_or_default());
    }

    /// The request body; an amount that is not a whole number stops here, named like the
    /// server's E1002.
    pub fn input(self) -> Result<DetailInput, cjs_api_types::ApiError> {
        Ok(DetailInput {
            employee_no: self.employee_no.get_untracked().trim().to_owned(),
            kana_name: self.kana_name.get_untracked(),
            kanji_name: self.kanji_name.get_untracked().trim().to_owned(),
            product_code: self.product_code.get_untracked(),
            branch_no: self.branch_no.get_untracked().trim().to_owned(),
            account_no: self.account_no.get_untracked().trim().to_owned(),
            amount_monthly: amount(self.amount_monthly, "月例金額", "amount_monthly")?,
            amount_summer: amount(self.amount_summer, "夏季金額", "amount_summer")?,
            amount_year_end: amount(self.amount_year_end, "年末金額", "amount_year_end")?,
            start_month: self.start_month.get_untracked().trim().to_owned(),
            end_month: Some(self.end_month.get_untracked().trim().to_owned())
                .filter(|m| !m.is_empty()),
        })
    }
}

impl Default for DetailSignals {
    fn default() -> Self {
        Self::new()
    }
}

/// An amount as typed: empty is 0; digits with or without commas (also full-width digits).
pub fn parse_yen(typed: &str) -> Option<i64> {
    let digits: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '円'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if digits.is_empty() {
        return Some(0);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
        return None;
    }
    digits.parse().ok()
}

fn amount(
    value: RwSignal<String>,
    label: &str,
    field: &str,
) -> Result<i64, cjs_api_types::ApiError> {
    parse_yen(&value.get_untracked())
        .ok_or_else(|| local_error(ErrorCode::E1002, &[label, "半角数字（円単位）"], field))
}

/// The 取引 the form offers (`GET /deduction/products`), as `(code, "01 エース預金")`.
pub fn product_options(form: FormState) -> Signal<Vec<(String, String)>> {
    let products = RwSignal::new(None::<ProductList>);
    form.load(api::deduction::products(), move |p| products.set(Some(p)));
    Signal::derive(move || {
        products.with(|p| {
            p.iter()
                .flat_map(|p| p.products.iter())
                .map(|p| (p.code.clone(), format!("{} {}", p.code, p.name)))
                .collect()
        })
    })
}

/// The fields, in the manual's order.
#[component]
pub fn DetailFields(form: FormState, values: DetailSignals) -> impl IntoView {
    let products = product_options(form);
    view! {
        <Field
            name="employee_no"
            label="職員番号"
            hint="（半角数字10桁以内）"
            value=values.employee_no
            form=form
            inputmode="numeric"
            maxlength=10
            check=check(|v| EmployeeNo::parse(v).map(|_| ()))
        />
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
        <SelectField
            name="product_code"
            label="取引"
            value=values.product_code
            form=form
            options=products
            blank="選択してください"
        />
        <Field
            name="branch_no"
            label="店番"
            hint="（半角数字3桁）"
            value=values.branch_no
            form=form
            inputmode="numeric"
            maxlength=3
            check=check(|v| BranchNo::parse(v).map(|_| ()))
        />
        <Field
            name="account_no"
            label="口座番号"
            hint="（半角数字7桁）"
            value=values.account_no
            form=form
            inputmode="numeric"
            maxlength=7
            check=check(|v| AccountNo::parse(v).map(|_| ()))
        />
        <Field
            name="amount_monthly"
            label="月例金額"
            hint="（円。0～99,999,999）"
            value=values.amount_monthly
            form=form
            inputmode="numeric"
            maxlength=11
        />
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

    #[test]
    fn amounts_may_be_typed_with_commas_or_full_width_digits() {
        assert_eq!(parse_yen(""), Some(0));
        assert_eq!(parse_yen(" 10,000 "), Some(10_000));
        assert_eq!(parse_yen("１２３４"), Some(1234));
        assert_eq!(parse_yen("5000円"), Some(5000));
        assert_eq!(parse_yen("-1"), None);
        assert_eq!(parse_yen("1.5"), None);
        assert_eq!(parse_yen("abc"), None);
    }
}
