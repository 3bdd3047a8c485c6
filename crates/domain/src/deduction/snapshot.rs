//! 締切 → 控除依頼: the request lines of a cycle, derived from the previous cycle of the same
//! 支給区分 and the current details (a pure function; the store writes its result in one
//! transaction), or taken from the bank's own request file; with 異動区分 and error flags.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::DeductionConfig;
use super::detail::{
    AccountNo, BranchNo, Detail, DetailState, EmployeeNo, KanjiName, ProductCode, YearMonth,
};
use crate::kana::KanaName;
use crate::schedule::Occasion;
use crate::session::named_enum;

/// 異動区分 against the previous cycle of the same 支給区分.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    New,
    Changed,
    Cancelled,
    Continued,
}

named_enum!(Movement {
    New => "new", "新規";
    Changed => "changed", "変更";
    Cancelled => "cancelled", "解除";
    Continued => "continued", "継続";
});

/// Where a cycle's request lines came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOrigin {
    /// Made by us at 締切 from the details.
    Snapshot,
    /// Loaded from the bank's request file.
    BankFile,
}

named_enum!(RunOrigin {
    Snapshot => "snapshot", "締切時作成";
    BankFile => "bank_file", "金庫データ";
});

/// Why a line cannot be processed (控除依頼明細エラー). Error lines are listed, never totalled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineError {
    /// 店番 000 or 口座番号 0000000: the counter's placeholder, no account to pay into.
    NoAccount,
    /// A requested line (not 解除) for 0 yen.
    ZeroAmount,
    /// The same 職員番号 + 取引 + 店番 + 口座番号 again in the cycle.
    Duplicate,
}

named_enum!(LineError {
    NoAccount => "no_account", "口座なし";
    ZeroAmount => "zero_amount", "金額0";
    Duplicate => "duplicate", "重複";
});

/// Which lines of a cycle: the manual's lists, and the 入金中止 screen's candidates.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineList {
    /// 控除依頼リスト: every line.
    #[default]
    All,
    /// 窓口扱い控除依頼内容変更リスト: counter lines not 継続.
    Counter,
    /// 控除依頼明細エラーリスト.
    Errors,
    /// 控除依頼異動分リスト: lines not 継続 (新規, 変更, 解除 in that order).
    Movements,
    /// 入金中止設定: requested lines (not 解除, no error).
    Stoppable,
    /// まとめ入金更新明細書（Web依頼済）: 入金中止 lines, then Web changes (not 継続, not 窓口).
    WebUpdates,
    /// 控除結果リスト: lines with a result.
    Results,
    /// 控除不能リスト.
    Failed,
    /// カナ氏名不一致リスト.
    KanaMismatch,
}

named_enum!(LineList {
    All => "all", "控除依頼リスト";
    Counter => "counter", "窓口扱い控除依頼内容変更リスト";
    Errors => "errors", "控除依頼明細エラーリスト";
    Movements => "movements", "控除依頼異動分リスト";
    Stoppable => "stoppable", "まとめ入金依頼入金中止設定";
    WebUpdates => "web_updates", "まとめ入金更新明細書（Web依頼済）";
    Results => "results", "控除結果リスト";
    Failed => "failed", "控除不能リスト";
    KanaMismatch => "kana_mismatch", "カナ氏名不一致リスト";
});

/// What a request line says about the member, the account and the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineBody {
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    /// Empty only on lines from the bank's file.
    pub kanji_name: Option<KanjiName>,
    pub product: ProductCode,
    /// The product's name when the line was made (the config may change later).
    pub product_name: String,
    pub branch_no: BranchNo,
    pub account_no: AccountNo,
    /// 依頼金額 for the occasion; 0 on 解除 lines.
    pub amount: i64,
}

impl LineBody {
    fn key(&self) -> (&str, &str, &str, &str) {
        (
            self.employee_no.as_str(),
            self.product.as_str(),
            self.branch_no.as_str(),
            self.account_no.as_str(),
        )
    }

    fn differs_from(&self, other: &LineBody) -> bool {
        self.amount != other.amount
            || self.kana_name != other.kana_name
            || self.kanji_name != other.kanji_name
            || self.key() != other.key()
    }
}

/// One line of the cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// 1…n in 職員番号, 取引, 店番, 口座番号 order.
    pub line_no: i32,
    pub detail_id: Option<String>,
    pub body: LineBody,
    /// The previous cycle's amount (`None` on 新規).
    pub previous_amount: Option<i64>,
    pub movement: Movement,
    /// Changed at the bank's counter (窓口) since the previous cycle.
    pub counter: bool,
    pub error: Option<LineError>,
}

/// A line of the previous cycle of the same occasion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousLine {
    pub detail_id: Option<String>,
    pub body: LineBody,
    pub movement: Movement,
}

/// A current detail and whether its changes since the previous cycle were made at the counter.
#[derive(Debug, Clone, Copy)]
pub struct SnapshotDetail<'a> {
    pub detail: &'a Detail,
    pub counter: bool,
}

fn body_of(detail: &Detail, occasion: Occasion, config: &DeductionConfig) -> LineBody {
    let f = &detail.fields;
    LineBody {
        employee_no: f.employee_no.clone(),
        kana_name: f.kana_name.clone(),
        kanji_name: Some(f.kanji_name.clone()),
        product: f.product.clone(),
        product_name: config.display_name(f.product.as_str()),
        branch_no: f.branch_no.clone(),
        account_no: f.account_no.clone(),
        amount: f.amounts.for_occasion(occasion),
    }
}

/// The request lines of the cycle `occasion` / `month`.
///
/// A detail is requested when 有効, in its period and with an amount for the occasion. Against
/// the previous cycle's lines (解除 lines left out), matched by detail and, for lines from the
/// bank's file, by 職員番号 + 取引 + 店番 + 口座番号: requested and new → 新規; in both → 変更
/// when the amount, a name, the product or the account differ, else 継続; only in the previous
/// → 解除 for 0 yen with the previous amount kept.
pub fn derive(
    occasion: Occasion,
    month: YearMonth,
    previous: &[PreviousLine],
    details: &[SnapshotDetail<'_>],
    config: &DeductionConfig,
) -> Vec<RequestLine> {
    let previous: Vec<&PreviousLine> = previous
        .iter()
        .filter(|p| p.movement != Movement::Cancelled)
        .collect();
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(previous.len());
    let mut by_key: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
    for (i, p) in previous.iter().enumerate() {
        match &p.detail_id {
            Some(id) => {
                by_id.insert(id.as_str(), i);
            }
            None => {
                by_key.entry(p.body.key()).or_insert(i);
            }
        }
    }
    let mut used = vec![false; previous.len()];
    let mut counter_of: HashMap<&str, bool> = HashMap::with_capacity(details.len());
    let mut lines = Vec::with_capacity(details.len() + previous.len() / 20);
    for d in details {
        counter_of.insert(d.detail.id.as_str(), d.counter);
        if d.detail.state != DetailState::Active || !d.detail.fields.requested_in(occasion, month) {
            continue;
        }
        let body = body_of(d.detail, occasion, config);
        let found = by_id
            .get(d.detail.id.as_str())
            .or_else(|| by_key.get(&body.key()))
            .copied()
            .filter(|&i| !used[i]);
        let (movement, previous_amount) = match found {
            Some(i) => {
                used[i] = true;
                let before = &previous[i].body;
                let m = if body.differs_from(before) {
                    Movement::Changed
                } else {
                    Movement::Continued
                };
                (m, Some(before.amount))
            }
            None => (Movement::New, None),
        };
        lines.push(RequestLine {
            line_no: 0,
            detail_id: Some(d.detail.id.clone()),
            body,
            previous_amount,
            movement,
            counter: d.counter,
            error: None,
        });
    }
    for (i, p) in previous.iter().enumerate() {
        if used[i] {
            continue;
        }
        let counter = p
            .detail_id
            .as_deref()
            .and_then(|id| counter_of.get(id).copied())
            .unwrap_or(false);
        lines.push(RequestLine {
            line_no: 0,
            detail_id: p.detail_id.clone(),
            body: LineBody {
                amount: 0,
                ..p.body.clone()
            },
            previous_amount: Some(p.body.amount),
            movement: Movement::Cancelled,
            counter,
            error: None,
        });
    }
    finish(lines)
}

/// A line of the bank's own request file (load-requests), as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLine {
    pub body: LineBody,
    pub movement: Movement,
    pub counter: bool,
    pub previous_amount: Option<i64>,
}

/// The bank's lines with our order, numbers and error flags.
pub fn from_bank(lines: Vec<BankLine>) -> Vec<RequestLine> {
    finish(
        lines
            .into_iter()
            .map(|b| RequestLine {
                line_no: 0,
                detail_id: None,
                body: b.body,
                previous_amount: b.previous_amount,
                movement: b.movement,
                counter: b.counter,
                error: None,
            })
            .collect(),
    )
}

/// Sorts, numbers and flags errors (first rule that applies wins; 解除 lines carry none).
fn finish(mut lines: Vec<RequestLine>) -> Vec<RequestLine> {
    lines.sort_by(|a, b| {
        a.body
            .key()
            .cmp(&b.body.key())
            .then(a.movement.cmp(&b.movement))
    });
    let mut seen: std::collections::HashSet<(String, String, String, String)> =
        std::collections::HashSet::with_capacity(lines.len());
    for (i, line) in lines.iter_mut().enumerate() {
        line.line_no = i32::try_from(i + 1).unwrap_or(i32::MAX);
        if line.movement == Movement::Cancelled {
            continue;
        }
        let (e, p, b, a) = line.body.key();
        let first = seen.insert((e.to_owned(), p.to_owned(), b.to_owned(), a.to_owned()));
        line.error = if line.body.branch_no.as_str() == "000"
            || line.body.account_no.as_str() == "0000000"
        {
            Some(LineError::NoAccount)
        } else if line.body.amount == 0 {
            Some(LineError::ZeroAmount)
        } else if !first {
            Some(LineError::Duplicate)
        } else {
            None
        };
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deduction::detail::{Amounts, DetailFields, Source};

    fn m(mo: u32) -> YearMonth {
        YearMonth::new(2024, mo).expect("month")
    }

    fn detail(id: &str, emp: &str, monthly: i64, account: &str) -> Detail {
        Detail {
            id: id.into(),
            fields: DetailFields {
                employee_no: EmployeeNo::parse(emp).expect("no"),
                kana_name: KanaName::parse("ﾛｳｷﾝ ﾀﾛｳ").expect("kana"),
                kanji_name: KanjiName::parse("労金　太郎").expect("kanji"),
                product: ProductCode::parse("01").expect("product"),
                branch_no: BranchNo::parse("123").expect("branch"),
                account_no: AccountNo::parse(account).expect("account"),
                amounts: Amounts {
                    monthly,
                    summer: 0,
                    year_end: 50_000,
                },
                start_month: m(4),
                end_month: None,
            },
            state: DetailState::Active,
            source: Source::Web,
            version: 1,
        }
    }

    fn run(previous: &[PreviousLine], details: &[Detail], month: YearMonth) -> Vec<RequestLine> {
        let snap: Vec<SnapshotDetail<'_>> = details
            .iter()
            .map(|d| SnapshotDetail {
                detail: d,
                counter: d.source == Source::Counter,
            })
            .collect();
        derive(
            Occasion::Monthly,
            month,
            previous,
            &snap,
            &DeductionConfig::default(),
        )
    }

    fn as_previous(lines: Vec<RequestLine>) -> Vec<PreviousLine> {
        lines
            .into_iter()
            .map(|l| PreviousLine {
                detail_id: l.detail_id,
                body: l.body,
                movement: l.movement,
            })
            .collect()
    }

    #[test]
    fn the_first_cycle_makes_every_requested_detail_new() {
        let lines = run(
            &[],
            &[
                detail("a", "2", 1000, "1111111"),
                detail("b", "1", 2000, "2222222"),
            ],
            m(6),
        );
        assert_eq!(lines.len(), 2);
        assert!(
            lines
                .iter()
                .all(|l| l.movement == Movement::New && l.previous_amount.is_none())
        );
        assert_eq!(
            lines[0].body.employee_no.as_str(),
            "1",
            "sorted by 職員番号"
        );
        assert_eq!((lines[0].line_no, lines[1].line_no), (1, 2));
        assert_eq!(lines[0].body.product_name, "エース預金");
    }

    #[test]
    fn an_unchanged_detail_continues_and_a_changed_amount_is_a_change() {
        let before = vec![
            detail("a", "1", 1000, "1111111"),
            detail("b", "2", 2000, "2222222"),
        ];
        let prev = as_previous(run(&[], &before, m(5)));
        let mut after = before.clone();
        after[1].fields.amounts.monthly = 2500;
        let lines = run(&prev, &after, m(6));
        assert_eq!(lines[0].movement, Movement::Continued);
        assert_eq!(lines[0].previous_amount, Some(1000));
        assert_eq!(lines[1].movement, Movement::Changed);
        assert_eq!(
            (lines[1].previous_amount, lines[1].body.amount),
            (Some(2000), 2500)
        );
    }

    #[test]
    fn a_changed_account_is_a_change() {
        let before = vec![detail("a", "1", 1000, "1111111")];
        let prev = as_previous(run(&[], &before, m(5)));
        let after = vec![detail("a", "1", 1000, "3333333")];
        let lines = run(&prev, &after, m(6));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].movement, Movement::Changed);
    }

    #[test]
    fn a_cancelled_or_gone_detail_is_a_cancellation_for_0_yen_once() {
        let before = vec![
            detail("a", "1", 1000, "1111111"),
            detail("b", "2", 2000, "2222222"),
        ];
        let prev = as_previous(run(&[], &before, m(5)));
        let mut after = before.clone();
        after[0].state = DetailState::Cancelled;
        after.truncate(1);
        let lines = run(&prev, &after, m(6));
        assert_eq!(lines.len(), 2);
        assert!(
            lines
                .iter()
                .all(|l| l.movement == Movement::Cancelled && l.body.amount == 0)
        );
        assert_eq!(lines[1].previous_amount, Some(2000));
        // The next cycle forgets them.
        let next = run(&as_previous(lines), &after, m(7));
        assert!(next.is_empty());
    }

    #[test]
    fn a_detail_whose_end_month_passed_is_cancelled_and_one_not_yet_started_is_absent() {
        let mut ending = detail("a", "1", 1000, "1111111");
        ending.fields.end_month = Some(m(5));
        let prev = as_previous(run(&[], std::slice::from_ref(&ending), m(5)));
        assert_eq!(prev.len(), 1);
        let lines = run(&prev, &[ending], m(6));
        assert_eq!(lines[0].movement, Movement::Cancelled);
        let mut later = detail("b", "2", 1000, "2222222");
        later.fields.start_month = m(7);
        assert!(run(&[], &[later], m(6)).is_empty());
    }

    #[test]
    fn a_detail_with_no_amount_for_the_occasion_is_not_requested_in_it() {
        let d = detail("a", "1", 1000, "1111111");
        let snap = [SnapshotDetail {
            detail: &d,
            counter: false,
        }];
        let summer = derive(
            Occasion::Summer,
            m(7),
            &[],
            &snap,
            &DeductionConfig::default(),
        );
        assert!(summer.is_empty());
        let year_end = derive(
            Occasion::YearEnd,
            m(12),
            &[],
            &snap,
            &DeductionConfig::default(),
        );
        assert_eq!(year_end[0].body.amount, 50_000);
    }

    #[test]
    fn counter_changes_are_marked_on_their_lines() {
        let mut d = detail("a", "1", 1000, "1111111");
        d.source = Source::Counter;
        let lines = run(&[], &[d], m(6));
        assert!(lines[0].counter);
    }

    #[test]
    fn a_placeholder_account_is_an_error_line() {
        let lines = run(&[], &[detail("a", "1", 1000, "0000000")], m(6));
        assert_eq!(lines[0].error, Some(LineError::NoAccount));
    }

    #[test]
    fn bank_lines_for_zero_yen_or_twice_are_error_lines() {
        let body = |amount| LineBody {
            amount,
            ..run(&[], &[detail("a", "1", 1000, "1111111")], m(6))[0]
                .body
                .clone()
        };
        let line = |amount, movement| BankLine {
            body: body(amount),
            movement,
            counter: false,
            previous_amount: None,
        };
        let lines = from_bank(vec![
            line(1000, Movement::New),
            line(0, Movement::Continued),
            line(0, Movement::Cancelled),
        ]);
        let errors: Vec<_> = lines.iter().map(|l| (l.movement, l.error)).collect();
        assert_eq!(
            errors,
            vec![
                (Movement::New, None),
                (Movement::Cancelled, None),
                (Movement::Continued, Some(LineError::ZeroAmount)),
            ]
        );
        let twice = from_bank(vec![line(1000, Movement::New), line(1000, Movement::New)]);
        assert_eq!(twice[1].error, Some(LineError::Duplicate));
    }

    #[test]
    fn previous_bank_lines_are_matched_by_account_when_they_name_no_detail() {
        let d = detail("a", "1", 1000, "1111111");
        let mut prev = as_previous(run(&[], std::slice::from_ref(&d), m(5)));
        prev[0].detail_id = None;
        let lines = run(&prev, &[d], m(6));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].movement, Movement::Continued);
    }
}
