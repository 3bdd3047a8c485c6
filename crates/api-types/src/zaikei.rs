//! 財形貯蓄事務 (`/api/v1/zaikei/...`): the JSON of 財形積立明細照会, 財形積立明細書出力 and
//! 財形積立明細データエクスポート. Layouts, rules, paths and screen IDs: `docs/zaikei.md` (§1 the
//! documents, §2 the lines, §3 the 変更明細, §7 the operations and error codes).
//!
//! Dates are `YYYY-MM-DD`; money is whole yen (`i64`), the totals summed by the database. The
//! data is the bank's: every operation reads.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use crate::deduction::{CsvCharset, SortOrder};
pub use crate::ledger::ExportQuery;
pub use cjs_domain::changes::ChangeKind;
pub use cjs_domain::schedule::EmployerDocument;
pub use cjs_domain::zaikei::{AmountColumns, DocumentKind, SavingsKind};

/// The SPA's screen IDs of this menu.
pub mod screen {
    /// 財形積立明細照会
    pub const INQUIRY: &str = "ZK101101";
    /// 財形積立明細書出力 (財形積立明細書, 財形積立変更明細書)
    pub const STATEMENT: &str = "ZK102101";
    /// 財形積立明細データエクスポート
    pub const EXPORT: &str = "ZK103101";
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

/// 財形積立明細照会の並べ替え項目 (these only; ties by 行番号). 財形種類 sorts 一般, 住宅, 年金.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiLineSort))]
#[serde(rename_all = "snake_case")]
pub enum LineSort {
    /// 行番号 (省略時).
    #[default]
    LineNo,
    EmployeeNo,
    KanaName,
    Kind,
    /// 金額 (預入金額 / 残高 / 積立金額).
    Amount,
}

impl LineSort {
    pub const ALL: &'static [LineSort] = &[
        LineSort::LineNo,
        LineSort::EmployeeNo,
        LineSort::KanaName,
        LineSort::Kind,
        LineSort::Amount,
    ];

    /// The label the screens print.
    pub fn label(self) -> &'static str {
        match self {
            LineSort::LineNo => "行番号",
            LineSort::EmployeeNo => "職員番号",
            LineSort::KanaName => "カナ氏名",
            LineSort::Kind => "財形種類",
            LineSort::Amount => "金額",
        }
    }
}

/// The titles of a document's amount columns (what `amount` and `incentive` hold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiAmountColumnsView))]
pub struct AmountColumnsView {
    /// 預入金額 / 残高 / 積立金額.
    pub amount: String,
    /// 奨励金 / 奨励金額; null for 加入者残高一覧表 (no such column: `incentive` is always 0).
    pub incentive: Option<String>,
    /// 預入合計 (預入金額 + 奨励金) for 預入依頼書; null otherwise.
    pub deposit_total: Option<String>,
}

impl AmountColumnsView {
    pub fn of(kind: DocumentKind) -> AmountColumnsView {
        let columns = AmountColumns::of(kind);
        AmountColumnsView {
            amount: columns.amount.1.to_owned(),
            incentive: columns.incentive.map(|(_, title, _)| title.to_owned()),
            deposit_total: kind.is_deposit().then(|| "預入合計".to_owned()),
        }
    }
}

// ---- 帳票とサイクル (ZK101101) ----

/// One kept cycle (作成基準日) of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiCycleView))]
pub struct CycleView {
    /// 作成基準日.
    pub base_date: NaiveDate,
    /// 入金予定日 (預入依頼書 only; null otherwise).
    pub deposit_date: Option<NaiveDate>,
    /// 比較対象: the 作成基準日 the 変更明細 was made against (預入依頼書; null otherwise or when
    /// there was no previous cycle).
    pub previous_base_date: Option<NaiveDate>,
    /// 件数 (明細の行数).
    pub lines: i64,
    /// 登録日時.
    pub loaded_at: DateTime<Utc>,
}

/// A contracted document with its kept cycles, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiDocumentView))]
pub struct DocumentView {
    pub document: EmployerDocument,
    /// 預入依頼書（月例）, 加入者残高一覧表, 奨励金（一時金） …
    pub name: String,
    pub kind: DocumentKind,
    /// 預入依頼書 / 加入者残高一覧表 / 奨励金.
    pub kind_label: String,
    pub columns: AmountColumnsView,
    /// 財形積立変更明細書 exists for this document (預入依頼書 only).
    pub has_changes: bool,
    /// Kept cycles, newest first (empty: not received yet).
    pub cycles: Vec<CycleView>,
}

/// `GET /zaikei/documents`: the group's contracted documents in the order 預入依頼書（月例・夏季一時金・
/// 年末一時金）, 加入者残高一覧表, 奨励金（月例・一時金）.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiDocumentList))]
pub struct DocumentList {
    pub payment_group: String,
    pub payment_group_name: String,
    pub documents: Vec<DocumentView>,
}

// ---- 明細 (ZK101101) ----

/// `GET /zaikei/documents/{doc}/{date}/lines` (財形積立明細照会（明細）).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LineQuery {
    /// 職員番号 (完全一致).
    pub employee_no: Option<String>,
    /// カナ氏名 (前方一致; 全角・ひらがなも可、半角カナに変換して検索).
    pub kana_prefix: Option<String>,
    /// 財形種類.
    pub kind: Option<SavingsKind>,
    pub sort: Option<LineSort>,
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

/// 財形積立明細 (one 職員番号 + 財形種類 of a cycle).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiLineView))]
pub struct LineView {
    /// 行番号 (No).
    pub line_no: i32,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    pub kind: SavingsKind,
    /// 一般 / 住宅 / 年金.
    pub kind_label: String,
    /// 店番.
    pub branch_no: String,
    /// 口座番号.
    pub account_no: String,
    /// 預入金額 / 残高 / 積立金額 (`columns.amount`).
    pub amount: i64,
    /// 奨励金 / 奨励金額 (`columns.incentive`); 0 for 加入者残高一覧表.
    pub incentive: i64,
    /// 預入合計 = 預入金額 + 奨励金 (預入依頼書 only; null otherwise).
    pub deposit_total: Option<i64>,
}

/// 件数 and sums of one 財形種類 (0件 included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiKindTotalView))]
pub struct KindTotalView {
    pub kind: SavingsKind,
    /// 一般 / 住宅 / 年金.
    pub label: String,
    pub count: i64,
    /// Σ 預入金額 / 残高 / 積立金額.
    pub amount: i64,
    /// Σ 奨励金 / 奨励金額 (0 for 加入者残高一覧表).
    pub incentive: i64,
    /// Σ 預入合計 (預入依頼書 only).
    pub deposit_total: Option<i64>,
}

/// 総合計.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiGrandTotalView))]
pub struct GrandTotalView {
    pub count: i64,
    pub amount: i64,
    pub incentive: i64,
    /// 預入依頼書 only.
    pub deposit_total: Option<i64>,
}

/// The cycle's totals (every line, whatever the filter): per 財形種類 in the order 一般, 住宅, 年金,
/// then 総合計.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiLineTotals))]
pub struct LineTotals {
    pub per_kind: Vec<KindTotalView>,
    /// 総合計.
    pub total: GrandTotalView,
}

/// `GET /zaikei/documents/{doc}/{date}/lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiLinePage))]
pub struct LinePage {
    pub document: EmployerDocument,
    /// 預入依頼書（月例） …
    pub name: String,
    pub kind: DocumentKind,
    /// 作成基準日.
    pub base_date: NaiveDate,
    /// 入金予定日 (預入依頼書 only).
    pub deposit_date: Option<NaiveDate>,
    /// 比較対象 (預入依頼書 only).
    pub previous_base_date: Option<NaiveDate>,
    /// Which amount columns this document shows.
    pub columns: AmountColumnsView,
    /// 条件に合う件数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<LineView>,
    pub totals: LineTotals,
}

// ---- 変更明細 (ZK101101, 預入依頼書 only) ----

/// `GET /zaikei/documents/{doc}/{date}/changes` (財形積立明細照会（変更明細）).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ChangeQuery {
    /// 変更区分 (省略時はすべて).
    pub change_kind: Option<ChangeKind>,
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

/// 財形積立変更明細: one line against the previous cycle (`before_*` null on 新規, `after_*` null
/// on 解約).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiChangeView))]
pub struct ChangeView {
    /// No (変更区分, 職員番号, 財形種類 order).
    pub change_no: i32,
    pub change_kind: ChangeKind,
    /// 新規 / 口座変更 / 金額変更 / 解約.
    pub change_kind_label: String,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    pub kind: SavingsKind,
    /// 一般 / 住宅 / 年金.
    pub kind_label: String,
    pub before_branch_no: Option<String>,
    pub before_account_no: Option<String>,
    /// 変更前 預入金額.
    pub before_amount: Option<i64>,
    /// 変更前 奨励金.
    pub before_incentive: Option<i64>,
    pub after_branch_no: Option<String>,
    pub after_account_no: Option<String>,
    /// 変更後 預入金額.
    pub after_amount: Option<i64>,
    /// 変更後 奨励金.
    pub after_incentive: Option<i64>,
}

/// 小計 件数 of one 変更区分 (0件 included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiChangeCount))]
pub struct ChangeCount {
    pub change_kind: ChangeKind,
    /// 新規 / 口座変更 / 金額変更 / 解約.
    pub label: String,
    pub count: i64,
}

/// `GET /zaikei/documents/{doc}/{date}/changes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ZaikeiChangePage))]
pub struct ChangePage {
    pub document: EmployerDocument,
    /// 預入依頼書（月例） …
    pub name: String,
    /// 作成基準日.
    pub base_date: NaiveDate,
    /// 入金予定日.
    pub deposit_date: Option<NaiveDate>,
    /// 比較対象 (null: 比較対象なし, every line 新規).
    pub previous_base_date: Option<NaiveDate>,
    /// 条件に合う件数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<ChangeView>,
    /// 件数 per 変更区分 in the order 新規, 口座変更, 金額変更, 解約 (every row, whatever the filter).
    pub counts: Vec<ChangeCount>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn each_document_names_its_amount_columns() {
        let deposit = AmountColumnsView::of(DocumentKind::Deposit);
        assert_eq!(
            (
                deposit.amount.as_str(),
                deposit.incentive.as_deref(),
                deposit.deposit_total.as_deref()
            ),
            ("預入金額", Some("奨励金"), Some("預入合計"))
        );
        let balance = AmountColumnsView::of(DocumentKind::Balance);
        assert_eq!(
            (
                balance.amount.as_str(),
                balance.incentive,
                balance.deposit_total
            ),
            ("残高", None, None)
        );
        let incentive = AmountColumnsView::of(DocumentKind::Incentive);
        assert_eq!(
            (incentive.amount.as_str(), incentive.incentive.as_deref()),
            ("積立金額", Some("奨励金額"))
        );
    }

    #[test]
    fn queries_read_as_the_layout_names_them_and_paging_is_clamped() {
        let q = LineQuery {
            page: Some(0),
            per_page: Some(1000),
            ..LineQuery::default()
        };
        assert_eq!((q.page(), q.per_page()), (1, 100));
        assert_eq!(ChangeQuery::default().per_page(), 50);
        assert_eq!(
            serde_json::to_string(&LineSort::default()).expect("json"),
            "\"line_no\""
        );
        for s in LineSort::ALL {
            let json = serde_json::to_string(s).expect("json");
            assert_eq!(serde_json::from_str::<LineSort>(&json).expect("back"), *s);
            assert!(!s.label().is_empty());
        }
        assert_eq!(
            serde_json::from_str::<SavingsKind>("\"housing\"").expect("kind"),
            SavingsKind::Housing
        );
        assert_eq!(
            serde_json::from_str::<ChangeKind>("\"gone\"").expect("kind"),
            ChangeKind::Gone
        );
    }

    #[test]
    fn the_zaikei_codes_read_as_docs_section_7() {
        let codes = [
            (
                ErrorCode::E1060,
                404,
                "指定された作成基準日の財形積立明細はありません。",
            ),
            (ErrorCode::E1061, 403, "ご契約のない帳票です。"),
            (
                ErrorCode::E1062,
                409,
                "財形積立変更明細書は預入依頼書のみ出力できます。",
            ),
            (
                ErrorCode::E1063,
                409,
                "財形積立明細はまだ受信していません。",
            ),
        ];
        for (code, status, message) in codes {
            assert_eq!(code.http_status(), status, "{code}");
            assert_eq!(code.message(&[]), message, "{code}");
        }
    }
}
