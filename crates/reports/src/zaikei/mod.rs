//! 財形貯蓄事務's outputs (`docs/zaikei.md` §4, §5): the 財形積立明細書 of each document, the
//! 財形積立変更明細書 of a 預入依頼書, and their CSV files.
//!
//! Every document is a pure function from plain, owned input to bytes. The route maps its store
//! rows (`cjs_store::zaikei::{LineRow, ChangeRow, KindTotals}`) to these structs:
//!
//! - [`ListHeader`]: 事業主名, 入金グループ, お取引店; 作成基準日 (and 入金予定日), 作成日時;
//! - [`Line`]: one line of a cycle (`line_no` order);
//! - [`KindTotals`]: the database's `COUNT` and `SUM` per 財形種類 (0件 included) and 総合計;
//! - [`Change`]: one 財形積立変更明細 row (`change_no` order).
//!
//! | document | module | paper |
//! |---|---|---|
//! | 財形積立明細書（預入依頼書・…） | [`statement`] | A4 landscape |
//! | 財形積立明細書（加入者残高一覧表） | [`statement`] | A4 portrait |
//! | 財形積立明細書（奨励金・…） | [`statement`] | A4 portrait |
//! | 財形積立変更明細書（預入依頼書・…） | [`changes_list`] | A4 landscape |
//! | 財形積立明細データ (CSV §5.1, three layouts) | [`statement_csv`] | — |
//! | 財形積立変更明細データ (CSV §5.2) | [`changes_csv`] | — |

pub mod changes_csv;
pub mod changes_list;
pub mod sample;
pub mod statement;
pub mod statement_csv;

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::changes::ChangeKind;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::{DocumentKind, SavingsKind};

use crate::deduction::jst_text;
use crate::pdf::Header;

pub use crate::deduction::lump_request::date_text;

/// What a document's 財形積立明細書 is called in its title and file name, inside the brackets:
/// `預入依頼書・月例`, `加入者残高一覧表`, `奨励金・一時金`.
pub fn document_part(document: EmployerDocument) -> &'static str {
    match document {
        EmployerDocument::DepositMonthly => "預入依頼書・月例",
        EmployerDocument::DepositSummer => "預入依頼書・夏季一時金",
        EmployerDocument::DepositYearEnd => "預入依頼書・年末一時金",
        EmployerDocument::Balance => "加入者残高一覧表",
        EmployerDocument::IncentiveMonthly => "奨励金・月例",
        EmployerDocument::IncentiveBonus => "奨励金・一時金",
    }
}

/// 財形積立明細書（預入依頼書・月例）.
pub fn statement_title(document: EmployerDocument) -> String {
    format!("財形積立明細書（{}）", document_part(document))
}

/// 財形積立変更明細書（預入依頼書・月例） (a 預入依頼書's; the route refuses others with E1062).
pub fn changes_title(document: EmployerDocument) -> String {
    format!("財形積立変更明細書（{}）", document_part(document))
}

/// 財形積立明細データ / 財形積立変更明細データ, the CSV files' titles.
pub const STATEMENT_DATA: &str = "財形積立明細データ";
pub const CHANGES_DATA: &str = "財形積立変更明細データ";

/// The header block of every 財形 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHeader {
    /// 事業主名 (the contract's name).
    pub employer_name: String,
    /// 入金グループ番号 (`0001`).
    pub group_no: String,
    /// 入金グループ名称.
    pub group_name: String,
    /// お取引店 (empty: the line is left out).
    pub branch: String,
    pub document: EmployerDocument,
    /// 作成基準日.
    pub base_date: NaiveDate,
    /// 入金予定日 (預入依頼書 only).
    pub deposit_date: Option<NaiveDate>,
    /// 作成日時: when the list is made (the route passes now); printed in JST.
    pub created_at: DateTime<Utc>,
}

impl ListHeader {
    /// `0001 本社`.
    pub fn group(&self) -> String {
        format!("{} {}", self.group_no, self.group_name)
    }

    pub fn kind(&self) -> DocumentKind {
        DocumentKind::of(self.document)
    }

    /// Left: 事業主名, 入金グループ, お取引店; right: 作成基準日, 入金予定日 (預入依頼書), then
    /// `extra_right`, 作成日時. Page `n / N` is printed at every page's foot.
    pub(crate) fn pdf(&self, title: String, extra_right: Option<String>) -> Header {
        let mut left = Vec::with_capacity(3);
        if !self.employer_name.is_empty() {
            left.push(format!("事業主名：{}", self.employer_name));
        }
        left.push(format!("入金グループ：{}", self.group()));
        if !self.branch.is_empty() {
            left.push(format!("お取引店：{}", self.branch));
        }
        let mut right = vec![format!("作成基準日：{}", date_text(self.base_date))];
        if let Some(d) = self.deposit_date {
            right.push(format!("入金予定日：{}", date_text(d)));
        }
        right.extend(extra_right);
        right.push(format!("作成日時：{}", jst_text(self.created_at)));
        Header {
            title,
            more_left: left,
            more_right: right,
            ..Header::default()
        }
    }
}

/// One line of a cycle (`zaikei_lines`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 行番号 (No).
    pub line_no: i32,
    pub employee_no: String,
    pub kana_name: String,
    /// 漢字氏名 (empty when the bank sent none).
    pub kanji_name: String,
    pub kind: SavingsKind,
    pub branch_no: String,
    pub account_no: String,
    /// 預入金額 / 残高 / 積立金額.
    pub amount: i64,
    /// 奨励金 / 0 / 奨励金額.
    pub incentive: i64,
}

impl Line {
    /// 預入合計 = 預入金額 + 奨励金.
    pub fn deposit_total(&self) -> i64 {
        self.amount + self.incentive
    }
}

/// 件数 and the sums of one 財形種類 (or, as [`KindTotals::total`], of every line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: i64,
    pub amount: i64,
    pub incentive: i64,
}

/// The database's totals of a cycle: per 財形種類 in the order 一般, 住宅, 年金 (0件 rows
/// included) and 総合計.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KindTotals {
    pub per_kind: Vec<(SavingsKind, Tally)>,
    pub total: Tally,
}

/// One side (変更前 or 変更後) of a 変更明細 row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub branch_no: String,
    pub account_no: String,
    /// 預入金額.
    pub amount: i64,
    /// 奨励金.
    pub incentive: i64,
}

/// One 財形積立変更明細 row (`zaikei_changes`): `before` `None` on 新規, `after` `None` on 解約.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// No (変更区分, 職員番号, 財形種類 order).
    pub change_no: i32,
    pub change_kind: ChangeKind,
    pub employee_no: String,
    pub kana_name: String,
    /// Empty when none.
    pub kanji_name: String,
    pub kind: SavingsKind,
    pub before: Option<Side>,
    pub after: Option<Side>,
}

/// `12件`.
pub(crate) fn count(n: i64) -> String {
    format!("{}件", crate::yen(n))
}

#[cfg(test)]
mod tests;
