//! 一斉積立事務 (`/api/v1/collective/...`): the JSON of the three functions (一斉積立内訳明細照会,
//! 一斉積立内訳明細表出力, 一斉積立内訳明細データエクスポート). Layouts, rules, paths and screen IDs:
//! `docs/collective.md` (§1–§3 the data, §7 the operations and the error codes).
//!
//! The data is the bank's: every operation reads. Money is whole yen (`i64`), dates `YYYY-MM-DD`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use crate::deduction::{CsvCharset, SortOrder};
pub use crate::ledger::ExportQuery;
pub use cjs_domain::changes::ChangeKind;
pub use cjs_domain::collective::RunOrigin;
pub use cjs_domain::schedule::RunKind;

/// The SPA's screen IDs of this menu.
pub mod screen {
    /// 一斉積立内訳明細照会
    pub const INQUIRY: &str = "CS101101";
    /// 一斉積立内訳明細表出力
    pub const LISTS: &str = "CS102101";
    /// 一斉積立内訳明細データエクスポート
    pub const EXPORT: &str = "CS103101";
}

/// The lists' and the exports' titles (file names `{title}_{group}_{番号3桁}`).
pub mod title {
    /// The PDF of a run's lines.
    pub const LINE_LIST: &str = "一斉積立内訳明細表";
    /// The PDF of a run's 変更明細.
    pub const CHANGE_LIST: &str = "一斉積立変更明細表";
    /// The CSV of a run's lines (docs §5.1).
    pub const LINE_DATA: &str = "一斉積立内訳明細データ";
    /// The CSV of a run's 変更明細 (docs §5.2).
    pub const CHANGE_DATA: &str = "一斉積立変更明細データ";
}

/// Paging as every list takes it: `page` from 1, `per_page` 1–100 (50).
pub const PER_PAGE_DEFAULT: u32 = 50;
pub const PER_PAGE_MAX: u32 = 100;

fn page_of(page: Option<u32>) -> u32 {
    page.unwrap_or(1).max(1)
}

fn per_page_of(per_page: Option<u32>) -> u32 {
    per_page.unwrap_or(PER_PAGE_DEFAULT).clamp(1, PER_PAGE_MAX)
}

/// `014`: a 番号 as the screens and lists show it.
pub fn run_no_label(run_no: i32) -> String {
    format!("{run_no:03}")
}

// ---- 一斉積立データ (runs) ----

/// One 一斉積立データ of the group with its 件数 / 合計 (database sums).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveRunSummary))]
pub struct RunSummary {
    /// 番号 (1–999).
    pub run_no: i32,
    /// 番号 with 3 digits (`014`).
    pub run_no_label: String,
    /// 名称.
    pub name: String,
    /// `014 サンプル1`.
    pub title: String,
    /// 受信日.
    pub received_on: NaiveDate,
    /// 作成区分.
    pub kind: RunKind,
    /// 定例 / 臨時作成.
    pub kind_label: String,
    /// 作成元: `file` (with lines) / `header` (受信情報のみ: no lines, no 変更明細).
    pub origin: RunOrigin,
    /// 受信データ / 受信情報のみ.
    pub origin_label: String,
    /// 件数 (0 for a `header` run).
    pub count: i64,
    /// 積立金額合計 (0 for a `header` run).
    pub amount: i64,
    /// 比較対象: the run the 変更明細 was made against (null: none, every member 新規).
    pub previous_run_no: Option<i32>,
    /// 登録日時.
    pub created_at: DateTime<Utc>,
}

impl RunSummary {
    /// Lines and 変更明細 exist (a `header` run has none: E1052).
    pub fn has_lines(&self) -> bool {
        self.origin == RunOrigin::File
    }
}

/// `GET /collective/runs` (一斉積立内訳明細照会, CS101101): the group's runs, newest first
/// (受信日, then 番号). Empty when the bank has sent none (not an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveRunList))]
pub struct RunList {
    pub runs: Vec<RunSummary>,
}

/// 件数 and 積立金額合計 (database sums, whole yen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveTotals))]
pub struct Totals {
    /// 件数.
    pub count: i64,
    /// 積立金額合計.
    pub amount: i64,
}

// ---- 内訳明細 ----

/// 照会の並べ替え項目 (these only; ties by 行番号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveLineSort))]
#[serde(rename_all = "snake_case")]
pub enum LineSort {
    /// 行番号 (省略時).
    #[default]
    LineNo,
    /// 職員番号.
    EmployeeNo,
    /// カナ氏名.
    KanaName,
    /// 積立金額.
    Amount,
}

impl LineSort {
    pub const ALL: &'static [LineSort] = &[
        LineSort::LineNo,
        LineSort::EmployeeNo,
        LineSort::KanaName,
        LineSort::Amount,
    ];

    /// The label the screen prints.
    pub fn label(self) -> &'static str {
        match self {
            LineSort::LineNo => "行番号",
            LineSort::EmployeeNo => "職員番号",
            LineSort::KanaName => "カナ氏名",
            LineSort::Amount => "積立金額",
        }
    }
}

/// `GET /collective/runs/{no}/lines` (一斉積立内訳明細照会（内訳明細）).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LineQuery {
    /// 職員番号 (完全一致).
    pub employee_no: Option<String>,
    /// カナ氏名 (前方一致; 全角・ひらがなも可、半角カナに変換して検索).
    pub kana_prefix: Option<String>,
    /// 店番 (3桁, 完全一致).
    pub branch_no: Option<String>,
    /// `line_no` (省略時) / `employee_no` / `kana_name` / `amount`.
    pub sort: Option<LineSort>,
    /// `asc` (省略時) / `desc`.
    pub order: Option<SortOrder>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl LineQuery {
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// 一斉積立内訳明細: one member of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveLineView))]
pub struct LineView {
    /// 行番号 (1…n in 職員番号 order, as loaded).
    pub line_no: i32,
    /// 職員番号.
    pub employee_no: String,
    /// カナ氏名.
    pub kana_name: String,
    /// 漢字氏名 (null: none).
    pub kanji_name: Option<String>,
    /// 店番.
    pub branch_no: String,
    /// 口座番号.
    pub account_no: String,
    /// 積立金額.
    pub amount: i64,
}

/// `GET /collective/runs/{no}/lines`: one page of the lines that match, and the run's totals
/// (every line, whatever the conditions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveLinePage))]
pub struct LinePage {
    pub run: RunSummary,
    /// 条件に合う件数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<LineView>,
    /// The run's 件数 / 積立金額合計.
    pub totals: Totals,
}

// ---- 変更明細 ----

/// `GET /collective/runs/{no}/changes` (一斉積立内訳明細照会（変更明細）).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ChangeQuery {
    /// 変更区分 `new` / `account` / `amount` / `gone` (省略時はすべて).
    pub kind: Option<ChangeKind>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl ChangeQuery {
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// 一斉積立変更明細: one member whose 口座 or 積立金額 changed against the previous run. 変更前 is
/// null on 新規, 変更後 on 解約.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveChangeView))]
pub struct ChangeView {
    /// 行番号 (変更区分, then 職員番号).
    pub change_no: i32,
    /// 変更区分.
    pub kind: ChangeKind,
    /// 新規 / 口座変更 / 金額変更 / 解約.
    pub kind_label: String,
    pub employee_no: String,
    /// This run's name (解約: the previous run's).
    pub kana_name: String,
    pub kanji_name: Option<String>,
    /// 変更前 店番.
    pub before_branch_no: Option<String>,
    /// 変更前 口座番号.
    pub before_account_no: Option<String>,
    /// 変更前 積立金額.
    pub before_amount: Option<i64>,
    /// 変更後 店番.
    pub after_branch_no: Option<String>,
    /// 変更後 口座番号.
    pub after_account_no: Option<String>,
    /// 変更後 積立金額.
    pub after_amount: Option<i64>,
}

/// 件数 of one 変更区分 (0件 included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveKindCount))]
pub struct KindCount {
    pub kind: ChangeKind,
    /// 新規 / 口座変更 / 金額変更 / 解約.
    pub label: String,
    pub count: i64,
}

/// The 変更明細's totals: 件数 per 変更区分 (list order, 0 included), 前回 / 今回, 差額.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveChangeTotals))]
pub struct ChangeTotals {
    pub per_kind: Vec<KindCount>,
    /// 前回: the previous run's 件数 / 積立金額合計 (0 when there is none).
    pub previous: Totals,
    /// 今回: this run's.
    pub current: Totals,
    /// 差額 = 今回 − 前回 (積立金額).
    pub difference: i64,
}

/// `GET /collective/runs/{no}/changes`: one page of the 変更明細 (of one 変更区分 or all) and the
/// totals of every 変更区分.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CollectiveChangePage))]
pub struct ChangePage {
    pub run: RunSummary,
    /// 比較対象 (null: 比較対象なし, every member 新規).
    pub previous_run: Option<RunSummary>,
    /// 条件に合う件数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<ChangeView>,
    pub totals: ChangeTotals,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn the_collective_codes_read_as_the_layout_gives_them() {
        assert_eq!(ErrorCode::E1050.http_status(), 409);
        assert_eq!(ErrorCode::E1051.http_status(), 404);
        assert_eq!(ErrorCode::E1052.http_status(), 409);
        assert_eq!(
            ErrorCode::E1050.message(&[]),
            "一斉積立データはまだ受信していません。"
        );
        assert_eq!(
            ErrorCode::E1051.message(&["014"]),
            "指定された一斉積立データ（番号014）はありません。"
        );
        assert_eq!(
            ErrorCode::E1052.message(&[]),
            "この一斉積立データは明細のない受信情報のみのため、内訳明細はありません。"
        );
    }

    #[test]
    fn queries_read_the_wire_names_and_clamp_paging() {
        let q: LineQuery =
            serde_json::from_str(r#"{"sort":"kana_name","order":"desc","per_page":1000}"#)
                .expect("parses");
        assert_eq!(
            (q.sort, q.order, q.page(), q.per_page()),
            (Some(LineSort::KanaName), Some(SortOrder::Desc), 1, 100)
        );
        assert_eq!(LineQuery::default().per_page(), 50);
        let c: ChangeQuery = serde_json::from_str(r#"{"kind":"gone","page":0}"#).expect("parses");
        assert_eq!((c.kind, c.page()), (Some(ChangeKind::Gone), 1));
        assert!(serde_json::from_str::<LineQuery>(r#"{"sort":"kanji_name"}"#).is_err());
    }

    #[test]
    fn a_run_number_shows_with_three_digits() {
        assert_eq!(run_no_label(14), "014");
        assert_eq!(run_no_label(999), "999");
        for s in LineSort::ALL {
            assert!(!s.label().is_empty());
        }
    }
}
