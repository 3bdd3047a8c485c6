//! 労金控除事務's outputs: the cycle's PDF lists and CSV files (`docs/deduction.md` §4, §5).
//!
//! Every document is a pure function from plain, owned input to bytes. The route maps its store
//! rows to these structs:
//!
//! - [`ListHeader`]: what every list prints at the top of each page (入金グループ, 支給区分,
//!   控除年月, 作成日時, お取引店);
//! - [`Line`]: one request line (`deduction_lines`) with its 入金中止 and result;
//! - [`EmployerRow`]: one employee of the 企業宛控除依頼書 ([`employer::rows`] makes them from
//!   lines);
//! - [`lump_request::LumpForm`]: the まとめ入金依頼書's figures, as fixed at 確定.
//!
//! Lines are expected in the cycle's order, `line_no` = 職員番号, 取引コード, 店番, 口座番号 (as
//! the store keeps them); each list keeps that order, except where its module says it regroups
//! (異動分: by 異動区分; 更新明細書: 入金中止 first). Each list also picks its own lines from
//! what it is given (the error list keeps the error lines, …), so the route may pass every line
//! of the cycle or only the list's.
//!
//! Totals of the PDF lists are summed here from the lines printed (whole yen, `i64`, exact), so
//! the foot always agrees with the rows above it; the まとめ入金依頼書 prints the database's
//! figures fixed at 確定.
//!
//! | document | module | paper |
//! |---|---|---|
//! | 控除依頼リスト | [`request_list`] | A4 landscape |
//! | 窓口扱い控除依頼内容変更リスト | [`counter_list`] | A4 landscape |
//! | 控除依頼明細エラーリスト | [`error_list`] | A4 landscape |
//! | 控除依頼異動分リスト | [`movement_list`] | A4 landscape |
//! | 企業宛控除依頼書 (+ CSV §5.2) | [`employer`] | A4 portrait |
//! | まとめ入金依頼書 | [`lump_request`] | A4 portrait, one page |
//! | まとめ入金更新明細書（Web依頼済）, まとめ入金WEB更新依頼明細書 | [`lump_updates`] | A4 landscape |
//! | 控除結果リスト | [`result_list`] | A4 landscape |
//! | 控除不能リスト | [`failed_list`] | A4 landscape |
//! | カナ氏名不一致リスト | [`kana_mismatch_list`] | A4 landscape |
//! | 労金控除依頼データ (CSV §5.1) | [`requests_csv`] | — |

pub mod counter_list;
pub mod employer;
pub mod error_list;
pub mod failed_list;
pub mod kana_mismatch_list;
pub mod lump_request;
pub mod lump_updates;
pub mod movement_list;
pub mod request_list;
pub mod requests_csv;
pub mod result_list;
pub mod sample;

use chrono::{DateTime, Utc};
use cjs_domain::calendar::jst;
use cjs_domain::deduction::{
    FailReason, LineError, LineList, Movement, Outcome, RequestLine, StopReason, YearMonth,
};
use cjs_domain::schedule::Occasion;

use crate::pdf::{Header, ListReport, Orientation};

pub use employer::EmployerRow;

/// The header block of every 労金控除 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHeader {
    /// 入金グループ番号 (as the contract numbers it, e.g. `0001`).
    pub group_no: String,
    /// 入金グループ名称.
    pub group_name: String,
    /// 支給区分 (printed as 月例 / 夏季一時金 / 年末一時金).
    pub occasion: Occasion,
    /// 控除年月.
    pub month: YearMonth,
    /// 作成日時: when the list is made (the route passes now); printed in JST.
    pub created_at: DateTime<Utc>,
    /// お取引店: the contract's branch name (empty: the line is left out).
    pub branch: String,
}

impl ListHeader {
    /// `0001 本社グループ`.
    pub fn group(&self) -> String {
        format!("{} {}", self.group_no, self.group_name)
    }

    /// `月例　2026年04月分`.
    pub fn cycle(&self) -> String {
        format!("{}　{}分", self.occasion.label(), self.month.label())
    }

    /// The report layer's header: 入金グループ and お取引店 on the left; 支給区分・控除年月 and
    /// 作成日時 on the right (page `n / N` is printed at every page's foot).
    pub(crate) fn pdf(&self, title: impl Into<String>) -> Header {
        let mut left = vec![format!("入金グループ：{}", self.group())];
        if !self.branch.is_empty() {
            left.push(format!("お取引店：{}", self.branch));
        }
        Header {
            title: title.into(),
            more_left: left,
            more_right: vec![
                format!(
                    "支給区分：{}　控除年月：{}",
                    self.occasion.label(),
                    self.month.label()
                ),
                format!("作成日時：{}", jst_text(self.created_at)),
            ],
            ..Header::default()
        }
    }
}

/// The line list a `?list=` names, as a report (`None` for `stoppable`, a screen with no
/// paper). The route may pass every line of the cycle: each list picks its own.
pub fn line_list(list: LineList, header: &ListHeader, lines: &[Line]) -> Option<ListReport> {
    Some(match list {
        LineList::All => request_list::build(header, lines),
        LineList::Counter => counter_list::build(header, lines),
        LineList::Errors => error_list::build(header, lines),
        LineList::Movements => movement_list::build(header, lines),
        LineList::WebUpdates => lump_updates::build(header, lines),
        LineList::Results => result_list::build(header, lines),
        LineList::Failed => failed_list::build(header, lines),
        LineList::KanaMismatch => kana_mismatch_list::build(header, lines),
        LineList::Stoppable => return None,
    })
}

/// `YYYY/MM/DD HH:MM` in JST, as the lists print times.
pub fn jst_text(t: DateTime<Utc>) -> String {
    jst(t).format("%Y/%m/%d %H:%M").to_string()
}

/// 入金中止 on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineStop {
    pub reason: StopReason,
    /// The clerk's text (required for その他).
    pub text: Option<String>,
}

impl LineStop {
    /// `退職`, `その他（家族の介護）`.
    pub fn label(&self) -> String {
        match self.text.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => format!("{}（{t}）", self.reason.label()),
            None => self.reason.label().to_owned(),
        }
    }
}

/// The bank's result on a line (結果データ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome {
    pub outcome: Outcome,
    pub reason: Option<FailReason>,
    /// The bank's free text.
    pub reason_text: Option<String>,
    /// 金庫カナ氏名 (`None`: the bank gave none).
    pub bank_kana: Option<String>,
    /// カナ氏名不一致, as the store computed it at loading.
    pub kana_mismatch: bool,
}

impl LineOutcome {
    /// 不能理由 as printed: `02 口座解約済`, `99 その他（…）`; empty for 済.
    pub fn reason_label(&self) -> String {
        let mut s = match self.reason {
            Some(r) => format!("{} {}", r.code(), r.label()),
            None => String::new(),
        };
        if let Some(t) = self.reason_text.as_deref().filter(|t| !t.is_empty()) {
            if s.is_empty() {
                s.push_str(t);
            } else {
                s.push_str(&format!("（{t}）"));
            }
        }
        s
    }
}

/// One request line of the cycle (`deduction_lines`), as every list and the CSV read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 行番号 (1…n in 職員番号, 取引, 店番, 口座番号 order).
    pub line_no: i32,
    /// 職員番号 (text: leading zeros kept).
    pub employee_no: String,
    /// カナ氏名 (the bank's half-width kana).
    pub kana_name: String,
    /// 漢字氏名; empty on a bank-file line without one.
    pub kanji_name: String,
    /// 取引コード (2 digits).
    pub product_code: String,
    /// 取引名 as copied at the snapshot.
    pub product_name: String,
    /// 店番 (3 digits).
    pub branch_no: String,
    /// 口座番号 (7 digits).
    pub account_no: String,
    /// 依頼金額 (0 on 解除).
    pub amount: i64,
    /// 前回金額 (`None` on 新規).
    pub previous_amount: Option<i64>,
    pub movement: Movement,
    /// 窓口: changed at the bank's counter since the previous cycle.
    pub counter: bool,
    pub error: Option<LineError>,
    /// 入金中止, if set.
    pub stop: Option<LineStop>,
    /// The bank's result, once loaded.
    pub result: Option<LineOutcome>,
}

impl Line {
    /// Counted in the totals: not 解除 and not an error line (入金中止 lines still count on the
    /// request lists: they were requested; the まとめ入金 excludes them).
    pub fn counts(&self) -> bool {
        self.movement != Movement::Cancelled && self.error.is_none()
    }
}

impl From<&RequestLine> for Line {
    /// A line as the snapshot (`deduction::snapshot::derive` / `from_bank`) made it: no 入金中止,
    /// no result yet.
    fn from(r: &RequestLine) -> Self {
        let b = &r.body;
        Line {
            line_no: r.line_no,
            employee_no: b.employee_no.as_str().to_owned(),
            kana_name: b.kana_name.as_str().to_owned(),
            kanji_name: b
                .kanji_name
                .as_ref()
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
            product_code: b.product.as_str().to_owned(),
            product_name: b.product_name.clone(),
            branch_no: b.branch_no.as_str().to_owned(),
            account_no: b.account_no.as_str().to_owned(),
            amount: b.amount,
            previous_amount: r.previous_amount,
            movement: r.movement,
            counter: r.counter,
            error: r.error,
            stop: None,
            result: None,
        }
    }
}

/// 件数 and 金額.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: i64,
    pub amount: i64,
}

impl Tally {
    pub fn add(&mut self, amount: i64) {
        self.count += 1;
        self.amount += amount;
    }
}

/// A list with the 労金控除 header (landscape unless said).
pub(crate) fn report(
    header: &ListHeader,
    title: impl Into<String>,
    orientation: Orientation,
) -> ListReport {
    ListReport {
        header: header.pdf(title),
        orientation,
        columns: Vec::new(),
        rows: Vec::new(),
    }
}

/// `12件`.
pub(crate) fn count(n: i64) -> String {
    format!("{}件", crate::yen(n))
}

/// The amount or an empty cell.
pub(crate) fn opt_yen(v: Option<i64>) -> crate::pdf::Cell {
    v.map_or(crate::pdf::Cell::Empty, crate::pdf::Cell::Yen)
}

#[cfg(test)]
mod tests;
