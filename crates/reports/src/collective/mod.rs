//! 一斉積立事務's outputs: the two PDF lists and the two CSV files (`docs/collective.md` §4, §5).
//!
//! Every document is a pure function from plain, owned input to bytes. The route maps its store
//! rows (`cjs_store::collective`) to these structs:
//!
//! - [`ListHeader`]: what every list prints at the top of each page (入金グループ, お取引店, the
//!   run as 「一斉積立　014 サンプル1」, its 受信日 and 作成区分, 作成日時);
//! - [`RunHeading`]: the run itself (番号, 名称, 受信日, 作成区分), also the first columns of the
//!   CSV files and the 変更明細表's 比較対象;
//! - [`Line`]: one 内訳明細 line (`collective_lines`);
//! - [`ChangeLine`]: one 変更明細 row (`collective_changes`), 変更前 / 変更後 as [`Side`]s;
//! - [`Totals`]: the database's 件数 and 積立金額合計 of a run (`SUM` in SQL): the foot of the
//!   内訳明細表 and the 前回 / 今回 of the 変更明細表 (the unchanged members are not among the
//!   rows, so those totals cannot be summed from them).
//!
//! | document | module | paper |
//! |---|---|---|
//! | 一斉積立内訳明細表 | [`line_list`] | A4 portrait |
//! | 一斉積立変更明細表 | [`change_list`] | A4 landscape |
//! | 一斉積立内訳明細データ (CSV §5.1) | [`lines_csv`] | — |
//! | 一斉積立変更明細データ (CSV §5.2) | [`changes_csv`] | — |

pub mod change_list;
pub mod changes_csv;
pub mod line_list;
pub mod lines_csv;
pub mod sample;

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::changes::ChangeKind;
use cjs_domain::schedule::RunKind;

use crate::deduction::jst_text;
use crate::pdf::{Header, ListReport, Orientation};

/// A run (一斉積立データ) as the lists and files name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunHeading {
    /// 番号 (1–999).
    pub run_no: i32,
    /// 名称.
    pub name: String,
    /// 受信日.
    pub received_on: NaiveDate,
    /// 作成区分.
    pub kind: RunKind,
}

impl RunHeading {
    /// 番号 with 3 digits: `014`.
    pub fn number(&self) -> String {
        format!("{:03}", self.run_no)
    }

    /// `014 サンプル1`.
    pub fn title(&self) -> String {
        format!("{} {}", self.number(), self.name)
    }

    /// 受信日 on paper: `2012年10月14日`.
    pub fn received_label(&self) -> String {
        date_label(self.received_on)
    }

    /// 受信日 in the files: `20121014`.
    pub fn received_compact(&self) -> String {
        self.received_on.format("%Y%m%d").to_string()
    }

    /// 比較対象 as the 変更明細表's header names it: `013 サンプル0（2012年09月14日）`.
    pub fn reference(&self) -> String {
        format!("{}（{}）", self.title(), self.received_label())
    }
}

/// A date as the lists print it: `2012年10月14日`.
pub fn date_label(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// The header block of both lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHeader {
    /// 入金グループ番号 (`0001`).
    pub group_no: String,
    /// 入金グループ名称.
    pub group_name: String,
    /// お取引店: the contract's branch name (empty: the line is left out).
    pub branch: String,
    /// The run listed.
    pub run: RunHeading,
    /// 作成日時: when the list is made (the route passes now); printed in JST.
    pub created_at: DateTime<Utc>,
}

impl ListHeader {
    /// `0001 本社グループ`.
    pub fn group(&self) -> String {
        format!("{} {}", self.group_no, self.group_name)
    }

    /// Left: 入金グループ and お取引店; right: 「一斉積立　014 サンプル1」,
    /// 「受信日：2012年10月14日　作成区分：臨時作成」, then `extra_right` (the 変更明細表's
    /// 比較対象), then 作成日時. Page `n / N` is printed at every page's foot.
    pub(crate) fn pdf(&self, title: &str, extra_right: Option<String>) -> Header {
        let mut left = vec![format!("入金グループ：{}", self.group())];
        if !self.branch.is_empty() {
            left.push(format!("お取引店：{}", self.branch));
        }
        let mut right = vec![
            format!("一斉積立　{}", self.run.title()),
            format!(
                "受信日：{}　作成区分：{}",
                self.run.received_label(),
                self.run.kind.label()
            ),
        ];
        right.extend(extra_right);
        right.push(format!("作成日時：{}", jst_text(self.created_at)));
        Header {
            title: title.to_owned(),
            more_left: left,
            more_right: right,
            ..Header::default()
        }
    }

    pub(crate) fn report(
        &self,
        title: &str,
        orientation: Orientation,
        extra_right: Option<String>,
    ) -> ListReport {
        ListReport {
            header: self.pdf(title, extra_right),
            orientation,
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// One 内訳明細 line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 行番号 (1…n in 職員番号 order, as loaded).
    pub line_no: i32,
    /// 職員番号 (text: leading zeros kept).
    pub employee_no: String,
    /// カナ氏名 (the bank's half-width kana).
    pub kana_name: String,
    /// 漢字氏名 (empty when none).
    pub kanji_name: String,
    /// 店番 (3 digits).
    pub branch_no: String,
    /// 口座番号 (7 digits).
    pub account_no: String,
    /// 積立金額.
    pub amount: i64,
}

/// One side of a 変更明細 row: 店番, 口座番号, 積立金額.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub branch_no: String,
    pub account_no: String,
    pub amount: i64,
}

/// One 変更明細 row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    /// 行番号 (変更区分, then 職員番号).
    pub change_no: i32,
    /// 変更区分.
    pub kind: ChangeKind,
    pub employee_no: String,
    /// This run's names (解約: the previous run's).
    pub kana_name: String,
    /// Empty when none.
    pub kanji_name: String,
    /// 変更前 (`None` on 新規).
    pub before: Option<Side>,
    /// 変更後 (`None` on 解約).
    pub after: Option<Side>,
}

/// 件数 and 積立金額合計 of a run, as the database sums them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub count: i64,
    pub amount: i64,
}

/// The 変更明細表's foot: 前回 (the run compared with; zero when none) and 今回.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeFoot {
    pub previous: Totals,
    pub current: Totals,
}

impl ChangeFoot {
    /// 差額 = 今回 − 前回 (積立金額).
    pub fn difference(&self) -> i64 {
        self.current.amount - self.previous.amount
    }
}

/// `12件`.
pub(crate) fn count(n: i64) -> String {
    format!("{}件", crate::yen(n))
}

#[cfg(test)]
mod tests;
