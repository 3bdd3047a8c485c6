//! 労金控除賃控元帳依頼: per employee, the cycle's 労金控除 request lines and the ledger's run
//! lines with the total to deduct — what payroll needs. The ledger's 労金 items are left out when
//! the bank's data for the cycle exists (it is the source of those amounts).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::item::ItemKind;
use super::run::RunLine;
use crate::session::named_enum;

/// 区分 of a row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowSource {
    Rokin,
    Ledger,
}

named_enum!(RowSource {
    Rokin => "rokin", "労金控除";
    Ledger => "ledger", "賃控元帳";
});

/// A 労金控除 request line that counts (not 解除, no error), as the caller read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeductionRow {
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    pub product_code: String,
    pub product_name: String,
    pub branch_no: String,
    pub account_no: String,
    pub amount: i64,
}

/// One row under an employee.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CombinedRow {
    pub source: RowSource,
    /// 取引コード or 種目コード.
    pub code: String,
    /// 取引名 or 種目名.
    pub name: String,
    /// 店番 (労金控除 only).
    pub branch_no: Option<String>,
    /// 口座番号 (労金控除 only).
    pub account_no: Option<String>,
    pub amount: i64,
}

/// One employee with its rows and total.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeBlock {
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    pub rows: Vec<CombinedRow>,
    pub total: i64,
}

/// The list's foot.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CombinedTotals {
    pub employees: i64,
    pub rokin_count: i64,
    pub rokin_amount: i64,
    pub ledger_count: i64,
    pub ledger_amount: i64,
    pub total: i64,
}

/// Puts the two together by 職員番号 (as text), in 職員番号 order: the 労金控除 rows in the order
/// given, then the ledger's. `bank_data`: the cycle's 労金控除 run exists, so ledger lines of kind
/// 労金 are left out. Names come from the employee's first row (漢字氏名: the first that has one).
pub fn combine(
    deduction: &[DeductionRow],
    ledger: &[RunLine],
    bank_data: bool,
) -> (Vec<EmployeeBlock>, CombinedTotals) {
    let mut blocks: BTreeMap<String, EmployeeBlock> = BTreeMap::new();
    let mut totals = CombinedTotals::default();
    for d in deduction {
        let b = blocks
            .entry(d.employee_no.clone())
            .or_insert_with(|| EmployeeBlock {
                employee_no: d.employee_no.clone(),
                kana_name: d.kana_name.clone(),
                kanji_name: None,
                rows: Vec::new(),
                total: 0,
            });
        if b.kanji_name.is_none() {
            b.kanji_name.clone_from(&d.kanji_name);
        }
        b.rows.push(CombinedRow {
            source: RowSource::Rokin,
            code: d.product_code.clone(),
            name: d.product_name.clone(),
            branch_no: Some(d.branch_no.clone()),
            account_no: Some(d.account_no.clone()),
            amount: d.amount,
        });
        b.total += d.amount;
        totals.rokin_count += 1;
        totals.rokin_amount += d.amount;
    }
    for l in ledger
        .iter()
        .filter(|l| !(bank_data && l.item_kind == ItemKind::Rokin))
    {
        let b = blocks
            .entry(l.employee_no.to_string())
            .or_insert_with(|| EmployeeBlock {
                employee_no: l.employee_no.to_string(),
                kana_name: l.kana_name.to_string(),
                kanji_name: None,
                rows: Vec::new(),
                total: 0,
            });
        if b.kanji_name.is_none() {
            b.kanji_name = Some(l.kanji_name.to_string());
        }
        b.rows.push(CombinedRow {
            source: RowSource::Ledger,
            code: l.item_code.to_string(),
            name: l.item_name.clone(),
            branch_no: None,
            account_no: None,
            amount: l.amount,
        });
        b.total += l.amount;
        totals.ledger_count += 1;
        totals.ledger_amount += l.amount;
    }
    totals.employees = i64::try_from(blocks.len()).unwrap_or(i64::MAX);
    totals.total = totals.rokin_amount + totals.ledger_amount;
    (blocks.into_values().collect(), totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::item::tests::item;
    use crate::ledger::line::tests::{input, m};
    use crate::ledger::line::{Line, LineFields, LineState};
    use crate::ledger::run::derive;
    use crate::schedule::Occasion;

    fn run() -> Vec<RunLine> {
        let mut rokin = item("901", "労金積立", true, true);
        rokin.fields.kind = ItemKind::Rokin;
        let items = vec![item("101", "組合費", true, false), rokin];
        let lines: Vec<Line> = [("0001", "101"), ("0001", "901"), ("0003", "101")]
            .into_iter()
            .map(|(no, code)| {
                let mut i = input();
                i.employee_no = no.into();
                i.item_code = code.into();
                i.amount_summer = 0;
                i.amount_monthly = if code == "901" { 10_000 } else { 3_000 };
                let fields = LineFields::parse(&i, &items).expect("valid");
                Line {
                    id: format!("{no}-{code}"),
                    amounts_from: fields.start_month,
                    fields,
                    prior: None,
                    state: LineState::Active,
                    version: 1,
                }
            })
            .collect();
        derive(&lines, &items, Occasion::Monthly, m(2024, 6))
    }

    fn rokin(no: &str, amount: i64) -> DeductionRow {
        DeductionRow {
            employee_no: no.into(),
            kana_name: "ﾛｳｷﾝ ﾀﾛｳ".into(),
            kanji_name: None,
            product_code: "01".into(),
            product_name: "エース預金".into(),
            branch_no: "123".into(),
            account_no: "1234567".into(),
            amount,
        }
    }

    #[test]
    fn with_the_banks_data_the_ledgers_rokin_items_are_left_out() {
        let (blocks, totals) =
            combine(&[rokin("0001", 20_000), rokin("0002", 5_000)], &run(), true);
        let got: Vec<_> = blocks
            .iter()
            .map(|b| (b.employee_no.as_str(), b.rows.len(), b.total))
            .collect();
        assert_eq!(
            got,
            [("0001", 2, 23_000), ("0002", 1, 5_000), ("0003", 1, 3_000)]
        );
        assert_eq!(blocks[0].rows[0].source, RowSource::Rokin);
        assert_eq!(blocks[0].rows[1].source, RowSource::Ledger);
        assert_eq!(blocks[0].kanji_name.as_deref(), Some("労金　太郎"));
        assert_eq!(
            totals,
            CombinedTotals {
                employees: 3,
                rokin_count: 2,
                rokin_amount: 25_000,
                ledger_count: 2,
                ledger_amount: 6_000,
                total: 31_000
            }
        );
    }

    #[test]
    fn without_the_banks_data_the_ledgers_rokin_items_stay() {
        let (blocks, totals) = combine(&[], &run(), false);
        assert_eq!(blocks[0].rows.len(), 2);
        assert_eq!(blocks[0].total, 13_000);
        assert_eq!(totals.total, 16_000);
        assert_eq!(totals.rokin_count, 0);
    }
}
