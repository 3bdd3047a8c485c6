//! 賃控元帳事務 (`/api/v1/ledger/...`): the JSON of the thirteen functions. Layouts, rules, paths and
//! screen IDs: `docs/ledger.md` (§7 the operations, §8 the error codes).
//!
//! Months are `YYYY-MM` strings in requests (the domain checks them: E1001 / E1002) and
//! [`YearMonth`] in responses; money is whole yen (`i64`).

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

pub use crate::deduction::{CsvCharset, SortOrder};
pub use cjs_domain::ledger::{
    AmountEdit, BulkRequest, CombinedRow, CombinedTotals, EditMode, EmployeeBlock, FailReason,
    ItemInput, ItemKind, LineField, LineInput, LineState, MismatchKind, Movement, Operation,
    Outcome, Refusal, ResultInput, RowProblem, RowSource, RunList,
};

/// The SPA's screen IDs of this menu (ours: the manual shows none for it).
pub mod screen {
    /// 賃控元帳明細照会
    pub const LINE_SEARCH: &str = "LR101101";
    /// 賃控元帳明細照会 → 明細 (変更・解除)
    pub const LINE_EDIT: &str = "LR101201";
    /// 賃控元帳明細新規登録
    pub const LINE_NEW: &str = "LR102101";
    /// 賃控元帳確認リスト出力
    pub const CHECK_LISTS: &str = "LR103101";
    /// 賃控元帳明細更新履歴照会
    pub const HISTORY: &str = "LR104101";
    /// 賃控元帳控除依頼リスト出力
    pub const REQUEST_LISTS: &str = "LR105101";
    /// 賃控元帳控除依頼データエクスポート
    pub const REQUEST_EXPORT: &str = "LR106101";
    /// 賃控元帳結果リスト出力
    pub const RESULT_LISTS: &str = "LR107101";
    /// 賃控元帳明細一括更新
    pub const BULK: &str = "LR108101";
    /// 賃控元帳明細データエクスポート
    pub const LINE_EXPORT: &str = "LR109101";
    /// 賃控元帳明細データインポート
    pub const LINE_IMPORT: &str = "LR110101";
    /// 賃控元帳種目情報照会
    pub const ITEMS: &str = "LR111101";
    /// 賃控元帳種目情報照会 → 種目 (登録・変更・削除)
    pub const ITEM_EDIT: &str = "LR111201";
    /// 労金控除賃控元帳依頼リスト出力
    pub const COMBINED_LIST: &str = "LR112101";
    /// 労金控除賃控元帳依頼データエクスポート
    pub const COMBINED_EXPORT: &str = "LR113101";
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

/// A wire enum with its Japanese labels: `snake_case` in JSON, `label()` for the screens, `ALL`.
macro_rules! labelled {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The label the screens and lists print.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }
    };
}

labelled!(
    /// 明細照会の状態条件 (省略時 `active`).
    #[derive(Default)]
    StateFilter {
        #[default]
        Active => "有効",
        Cancelled => "解除",
        All => "すべて",
    }
);

labelled!(
    /// 明細照会の並べ替え項目 (these only).
    #[derive(Default)]
    LineSort {
        #[default]
        EmployeeNo => "職員番号",
        KanaName => "カナ氏名",
        Item => "種目",
        UpdatedAt => "更新日時",
    }
);

labelled!(
    /// 賃控元帳確認リスト出力のリスト.
    CheckList {
        /// 賃控元帳内訳リスト.
        Breakdown => "賃控元帳内訳リスト",
        /// 賃控元帳種目合計リスト.
        Items => "賃控元帳種目合計リスト",
        /// 賃控元帳異動分リスト.
        Movements => "賃控元帳異動分リスト",
    }
);

labelled!(
    /// 賃控元帳結果リスト出力の PDF (`?list=`).
    #[derive(Default)]
    ResultList {
        /// 賃控元帳控除結果リスト.
        #[default]
        All => "賃控元帳控除結果リスト",
        /// 賃控元帳控除不能リスト.
        Failed => "賃控元帳控除不能リスト",
    }
);

labelled!(
    /// 取込の実行方法.
    ImportMode {
        /// 確認のみ (何も書き込まない).
        Check => "確認",
        /// 取込 (エラーがあれば何も書き込まない).
        Apply => "取込",
    }
);

impl ImportMode {
    /// The mode as the query writes it (`?mode=check` / `apply`): logs and metrics.
    pub fn key(self) -> &'static str {
        match self {
            Self::Check => "check",
            Self::Apply => "apply",
        }
    }
}

impl From<ResultList> for RunList {
    fn from(r: ResultList) -> Self {
        match r {
            ResultList::All => RunList::All,
            ResultList::Failed => RunList::Failed,
        }
    }
}

// ---- 種目 (LR111101 / LR111201) ----

/// 賃控元帳種目.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemView {
    pub id: String,
    pub item_code: String,
    pub item_name: String,
    pub display_order: i32,
    pub kind: ItemKind,
    /// 労金 / 組合費 / 共済 / その他.
    pub kind_label: String,
    pub monthly: bool,
    pub bonus: bool,
    /// この種目を使用している明細の件数 (有効・解除).
    pub used_by: i64,
    /// 変更・削除の際にそのまま送り返す版.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// `GET /ledger/items`: every item of the group, 表示順 then code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemList {
    pub items: Vec<ItemView>,
}

/// `PUT /ledger/items/{id}` (変更): the form and the version it was read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemChangeRequest {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
    pub item: ItemInput,
}

/// `DELETE /ledger/items/{id}?version=` (削除).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ItemDeleteQuery {
    /// 照会した時の版.
    pub version: i32,
}

// ---- 明細 (LR101101 / LR101201 / LR102101) ----

/// `GET /ledger/lines` (賃控元帳明細照会, LR101101).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LineQuery {
    /// 職員番号 (完全一致).
    pub employee_no: Option<String>,
    /// カナ氏名 (前方一致; 全角・ひらがなも可、半角カナに変換して検索).
    pub kana_prefix: Option<String>,
    /// 種目コード.
    pub item_code: Option<String>,
    /// 状態 (省略時は有効のみ).
    pub state: Option<StateFilter>,
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

/// 賃控元帳明細.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerLineView))]
pub struct LineView {
    pub id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_id: String,
    pub item_code: String,
    pub item_name: String,
    /// 現在の金額 (適用月から).
    pub amount_monthly: i64,
    pub amount_summer: i64,
    pub amount_year_end: i64,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
    /// 適用月: the current amounts apply from this month.
    pub amounts_from: YearMonth,
    /// 前回金額 (適用月より前の月に使う); 前回がなければ null.
    pub prior_monthly: Option<i64>,
    pub prior_summer: Option<i64>,
    pub prior_year_end: Option<i64>,
    pub state: LineState,
    /// 有効 / 解除.
    pub state_label: String,
    /// 変更・解除の際にそのまま送り返す版.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// `GET /ledger/lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerLinePage))]
pub struct LinePage {
    /// 条件に合う件数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<LineView>,
}

/// `PUT /ledger/lines/{id}` (変更): the form, the month changed amounts apply from, the version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineChangeRequest {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
    pub line: LineInput,
    /// 適用月 `YYYY-MM`: required when an amount changes (E1001); the months before it keep the
    /// amounts they had (前回金額).
    #[serde(default)]
    pub amounts_from: Option<String>,
}

/// `POST /ledger/lines/{id}/cancel` (解除).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineCancelRequest {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
}

// ---- 更新履歴 (LR104101) ----

/// `GET /ledger/history` (賃控元帳明細更新履歴照会, LR104101).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HistoryQuery {
    pub employee_no: Option<String>,
    pub line_id: Option<String>,
    pub item_code: Option<String>,
    /// 更新日 (日本時間) の範囲.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl HistoryQuery {
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// One item of 変更内容.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerHistoryChangeView))]
pub struct HistoryChangeView {
    pub field: LineField,
    /// 職員番号, 月例金額, 適用月, 状態 …
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One change of a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerHistoryView))]
pub struct HistoryView {
    pub line_id: String,
    pub version: i32,
    pub at: DateTime<Utc>,
    /// `None` for the bank (operator).
    pub user_id: Option<String>,
    /// ユーザー名, or 「金庫」.
    pub user_name: String,
    pub operation: Operation,
    /// 新規登録 / 変更 / 解除 / 一括更新 / インポート.
    pub operation_label: String,
    /// The screen the change was made on (LR102101, LR101201, LR108101, LR110101, `OPERATOR`).
    pub screen_id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub item_code: String,
    pub changes: Vec<HistoryChangeView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerHistoryPage))]
pub struct HistoryPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<HistoryView>,
}

// ---- 確認リスト (LR103101) ----

/// Paging of a list's preview (`page` from 1, `per_page` 1–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl PageQuery {
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// 賃控元帳内訳リスト: one line giving an amount for the cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakdownRow {
    pub no: i64,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_code: String,
    pub item_name: String,
    /// 控除金額 (この支給区分・控除年月の金額).
    pub amount: i64,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
}

/// 賃控元帳種目合計リスト: one item (0件 included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemTotalRow {
    pub no: i64,
    pub item_code: String,
    pub item_name: String,
    pub kind: ItemKind,
    pub kind_label: String,
    pub count: i64,
    pub amount: i64,
}

/// 賃控元帳異動分リスト: one change against the last run before the cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovementRow {
    pub no: i64,
    pub movement: Movement,
    /// 新規 / 金額変更 / 終了.
    pub movement_label: String,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_code: String,
    pub item_name: String,
    /// 前回金額 (新規は null).
    pub previous_amount: Option<i64>,
    /// 今回金額 (終了は0).
    pub current_amount: i64,
    /// 差額 = 今回 − 前回.
    pub difference: i64,
}

/// 異動分リストの区分ごとの小計 (0件 included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovementTotal {
    pub movement: Movement,
    pub label: String,
    pub count: i64,
    pub difference: i64,
}

/// Totals of a 確認リスト (whole yen).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckTotals {
    /// 人数 (内訳リスト).
    pub employees: i64,
    /// 件数.
    pub count: i64,
    /// 金額 (内訳・種目合計).
    pub amount: i64,
    /// 差額の合計 (異動分).
    pub difference: i64,
    /// 区分ごとの小計 (異動分のみ).
    pub movements: Vec<MovementTotal>,
}

/// `GET /ledger/cycles/{occasion}/{month}/check/{list}`: one page of a 確認リスト. Only the
/// chosen list's rows are filled (`breakdown`, `items` or `movements`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckPage {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub list: CheckList,
    /// The list's title.
    pub title: String,
    /// The month of the run the movements compare with (異動分; null: none, every line 新規).
    pub previous_month: Option<YearMonth>,
    /// 行数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub breakdown: Vec<BreakdownRow>,
    pub items: Vec<ItemTotalRow>,
    pub movements: Vec<MovementRow>,
    pub totals: CheckTotals,
}

// ---- 控除依頼 (LR105101 / LR106101 / LR107101) ----

/// Counts and sums of a run's lines by result (database sums, whole yen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunTotals {
    /// 人数.
    pub employees: i64,
    /// 件数.
    pub lines: i64,
    /// 金額.
    pub amount: i64,
    pub deducted_count: i64,
    pub deducted_amount: i64,
    pub failed_count: i64,
    pub failed_amount: i64,
    /// 結果未登録.
    pub unrecorded_count: i64,
    pub unrecorded_amount: i64,
}

/// A cycle's 賃控元帳控除依頼 (run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LedgerRunView))]
pub struct RunView {
    pub occasion: Occasion,
    /// 月例 / 夏季 / 年末.
    pub occasion_label: String,
    /// 控除年月.
    pub month: YearMonth,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub created_by_name: String,
    /// 件数 and 金額 at 作成.
    pub line_count: i64,
    pub total: i64,
    /// The last time a result was recorded.
    pub results_at: Option<DateTime<Utc>>,
    /// 結果登録で送り返す版.
    pub version: i32,
    pub totals: RunTotals,
}

/// `GET /ledger/runs`: the group's runs, newest 控除年月 first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Runs {
    pub runs: Vec<RunView>,
}

/// `POST /ledger/cycles/{occasion}/{month}/run` (作成).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RunCreateRequest {
    /// 作成し直す (作成済の控除依頼を置き換える; 結果登録後は不可 E1035). Without it a made run is
    /// refused (E1036).
    #[serde(default)]
    pub replace: bool,
}

/// `GET /ledger/cycles/{occasion}/{month}/lines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RunLineQuery {
    /// `all` 全件 (省略時) / `deducted` 済 / `failed` 不能 / `unrecorded` 未登録.
    pub list: Option<RunList>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl RunLineQuery {
    pub fn list(&self) -> RunList {
        self.list.unwrap_or(RunList::All)
    }
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// 控除依頼明細 (copied from the ledger at 作成) with its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunLineView {
    pub line_no: i32,
    /// The ledger line it was made from.
    pub line_id: Option<String>,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_code: String,
    pub item_name: String,
    pub item_kind: ItemKind,
    /// 労金 / 組合費 / 共済 / その他.
    pub item_kind_label: String,
    pub amount: i64,
    /// null: 未登録.
    pub result: Option<Outcome>,
    /// 済 / 不能 / 空.
    pub result_label: String,
    pub result_reason: Option<FailReason>,
    /// 退職 …, その他 with its text: `その他（育児休業）`.
    pub result_reason_label: Option<String>,
    pub result_text: Option<String>,
    pub result_by: Option<String>,
    pub result_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunLinePage {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub list: RunList,
    /// 全件 / 済 / 不能 / 未登録.
    pub title: String,
    /// 行数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<RunLineView>,
    /// The run's totals (every line, by result).
    pub totals: RunTotals,
    /// 結果登録で送り返す版.
    pub version: i32,
}

/// `?encoding=` of the CSV downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    /// `cp932` (省略時) / `utf8` (BOM 付き).
    pub encoding: Option<CsvCharset>,
}

/// `GET …/results.pdf?list=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ResultListQuery {
    /// `all` 賃控元帳控除結果リスト (省略時) / `failed` 賃控元帳控除不能リスト.
    pub list: Option<ResultList>,
}

/// `PUT /ledger/cycles/{occasion}/{month}/results`: all or nothing; lines not named keep their
/// result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultsRequest {
    /// The run's version as read.
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
    pub results: Vec<ResultInput>,
}

/// 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト: one pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MismatchView {
    pub no: i64,
    pub kind: MismatchKind,
    /// カナ氏名相違 / 職員番号桁数相違.
    pub kind_label: String,
    /// 職員番号（賃控元帳）.
    pub ledger_employee_no: String,
    /// カナ氏名（賃控元帳）.
    pub ledger_kana_name: String,
    /// 職員番号（労金控除）.
    pub deduction_employee_no: String,
    /// カナ氏名（労金控除）.
    pub deduction_kana_name: String,
    pub kanji_name: String,
}

/// `GET /ledger/cycles/{occasion}/{month}/mismatches`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MismatchList {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub rows: Vec<MismatchView>,
    /// 件数 per 区分.
    pub kana_count: i64,
    pub digits_count: i64,
}

// ---- 取込 (LR110101, LR107101) ----

/// `?mode=` (and for 明細データインポート `amounts_from=`) of the imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImportQuery {
    /// `check`: 確認のみ; `apply`: 取込 (エラーがあれば何も書き込まず E1038).
    pub mode: ImportMode,
    /// 適用月 `YYYY-MM` of every changed amount (明細データインポート; required when a row changes
    /// an amount).
    pub amounts_from: Option<String>,
}

/// `POST /ledger/import` and `POST …/results/import`: what the file does (or did). Apply with
/// problems answers 422 E1038 with this report as `details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub mode: ImportMode,
    /// Written (apply without problems).
    pub applied: bool,
    /// `cp932` / `utf8` / `utf8_bom`, as detected.
    pub encoding: String,
    /// データ行数.
    pub rows: i64,
    /// 新規 (明細データ).
    pub new: i64,
    /// 変更 (明細データ), or lines whose result changes (控除結果).
    pub changed: i64,
    /// 変更なし.
    pub unchanged: i64,
    /// Every problem: `N行目 M列目（項目）: 理由`.
    pub problems: Vec<RowProblem>,
}

// ---- 一括更新 (LR108101) ----

/// `POST /ledger/bulk/apply`: the request as previewed and the preview's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkApplyRequest {
    /// The 一括更新 as previewed.
    pub request: BulkRequest,
    /// `BulkPreview::fingerprint` (E1040 when the lines changed since).
    pub fingerprint: String,
}

/// 月例・夏季・年末 amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmountsView {
    pub monthly: i64,
    pub summer: i64,
    pub year_end: i64,
}

/// One line a bulk update changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkChangeView {
    pub line_id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub before: AmountsView,
    pub after: AmountsView,
}

/// One line a bulk update cannot change, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkProblemView {
    pub line_id: String,
    pub employee_no: String,
    pub kana_name: String,
    /// The catalogue's code (E1002, E1019, E1031).
    pub code: String,
    pub message: String,
}

/// `POST /ledger/bulk/preview`: every affected line before → after, the problems, and the
/// fingerprint `apply` sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkPreview {
    /// 対象件数 (changes).
    pub count: i64,
    pub changes: Vec<BulkChangeView>,
    pub problems: Vec<BulkProblemView>,
    /// Hex SHA-256 of the affected lines' `id:version`.
    pub fingerprint: String,
}

/// `POST /ledger/bulk/apply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    /// 更新した明細の件数.
    pub changed: i64,
}

// ---- 労金控除賃控元帳依頼 (LR112101 / LR113101) ----

/// `GET /ledger/cycles/{occasion}/{month}/combined` (労金控除賃控元帳依頼データエクスポート, JSON
/// for payroll programs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CombinedRequest {
    pub payment_group: String,
    pub payment_group_name: String,
    pub occasion: Occasion,
    pub occasion_label: String,
    pub month: YearMonth,
    /// The cycle's 労金控除 request data exists (else 「労金控除データ：なし」 and ledger items of kind
    /// 労金 stay in).
    pub deduction_data: bool,
    /// Per employee (職員番号 order) the 労金控除 rows, then the ledger's, with the total.
    pub employees: Vec<EmployeeBlock>,
    /// 人数, 労金控除 and 賃控元帳 件数・金額, 総合計.
    pub totals: CombinedTotals,
}

/// The catalogue entry of a refusal, with its items; `None` for [`Refusal::Rule`], which the
/// server maps as every `RuleError` (E1001 / E1002 / E1009, with the field).
pub fn refusal_code(refusal: &Refusal) -> Option<(ErrorCode, Vec<String>)> {
    let plain = |c| Some((c, Vec::new()));
    let with = |c, items: &[&str]| Some((c, items.iter().map(|s| (*s).to_owned()).collect()));
    match refusal {
        Refusal::Rule(_) => None,
        Refusal::NoAmount => plain(ErrorCode::E1019),
        Refusal::Stale => plain(ErrorCode::E1010),
        Refusal::Cancelled => plain(ErrorCode::E1012),
        Refusal::AlreadyRegistered(what) => with(ErrorCode::E1003, &[what]),
        Refusal::ItemInUse(n) => with(ErrorCode::E1030, &[&n.to_string()]),
        Refusal::AmountNotAllowed { item, field } => with(ErrorCode::E1031, &[item, field.label()]),
        Refusal::FlagInUse { flag, count } => with(ErrorCode::E1032, &[&count.to_string(), flag]),
        Refusal::NoOccasion => plain(ErrorCode::E1033),
        Refusal::NoRun => plain(ErrorCode::E1034),
        Refusal::ResultsRecorded => plain(ErrorCode::E1035),
        Refusal::RunExists => plain(ErrorCode::E1036),
        Refusal::NothingToRequest => plain(ErrorCode::E1037),
        Refusal::FileProblems(n) => with(ErrorCode::E1038, &[&n.to_string()]),
        Refusal::BulkProblems(n) => with(ErrorCode::E1039, &[&n.to_string()]),
        Refusal::BulkChanged => plain(ErrorCode::E1040),
        Refusal::UnknownItem(code) => with(ErrorCode::E1041, &[code]),
        Refusal::NothingToUpdate => plain(ErrorCode::E1042),
        Refusal::DigitCount { given, registered } => with(ErrorCode::E1043, &[given, registered]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn every_ledger_code_fills_its_items_and_is_a_conflict_or_input_error() {
        let codes = [
            (ErrorCode::E1030, vec!["3"]),
            (ErrorCode::E1031, vec!["組合費", "夏季金額"]),
            (ErrorCode::E1032, vec!["2", "賞与"]),
            (ErrorCode::E1033, vec![]),
            (ErrorCode::E1034, vec![]),
            (ErrorCode::E1035, vec![]),
            (ErrorCode::E1036, vec![]),
            (ErrorCode::E1037, vec![]),
            (ErrorCode::E1038, vec!["3"]),
            (ErrorCode::E1039, vec!["1"]),
            (ErrorCode::E1040, vec![]),
            (ErrorCode::E1041, vec!["999"]),
            (ErrorCode::E1042, vec![]),
            (ErrorCode::E1043, vec!["12345", "0012345"]),
        ];
        for (code, items) in codes {
            assert!([409, 422].contains(&code.http_status()), "{code}");
            assert!(!code.message(&items).contains('{'), "{code}");
        }
        assert_eq!(
            ErrorCode::E1032.message(&["2", "賞与"]),
            "2件の明細に賞与が設定されているため、この種目の賞与をなしにできません。"
        );
        assert_eq!(
            ErrorCode::E1043.message(&["12345", "0012345"]),
            "職員番号（12345）は登録済の職員番号（0012345）と桁数が異なります。"
        );
    }

    #[test]
    fn enums_read_as_the_layout_names_them() {
        assert_eq!(
            serde_json::to_string(&StateFilter::default()).expect("json"),
            "\"active\""
        );
        assert_eq!(RunList::from(ResultList::Failed), RunList::Failed);
        for l in CheckList::ALL {
            assert!(l.label().starts_with("賃控元帳"));
        }
    }

    #[test]
    fn a_change_carries_the_version_the_form_and_the_month_it_applies_from() {
        let json = r#"{"version":2,"amounts_from":"2024-07","line":{"employee_no":"0012",
            "kana_name":"ｱ","kanji_name":"亜","item_code":"101","amount_monthly":1500,
            "amount_summer":0,"amount_year_end":0,"start_month":"2024-04"}}"#;
        // The form is the domain's.
        let r: LineChangeRequest = serde_json::from_str(json).expect("parses");
        assert_eq!(
            (r.version, r.amounts_from.as_deref(), r.line.end_month),
            (2, Some("2024-07"), None)
        );
        assert!(serde_json::from_str::<LineCancelRequest>(r#"{"version":1,"x":1}"#).is_err());
    }

    #[test]
    fn a_bulk_apply_is_the_request_and_the_fingerprint() {
        let json = r#"{"request":{"item_code":"101","monthly":{"mode":"add","value":-500},
            "amounts_from":"2024-07"},"fingerprint":"ab"}"#;
        let r: BulkApplyRequest = serde_json::from_str(json).expect("parses");
        assert_eq!(r.fingerprint, "ab");
        assert_eq!(
            r.request.monthly,
            Some(AmountEdit {
                mode: EditMode::Add,
                value: -500
            })
        );
        assert_eq!(r.request.summer, None);
    }

    #[test]
    fn every_refusal_has_a_code_with_its_items_filled() {
        use cjs_domain::rules::Field;
        let all = [
            Refusal::NoAmount,
            Refusal::Stale,
            Refusal::Cancelled,
            Refusal::AlreadyRegistered("種目コード"),
            Refusal::ItemInUse(12),
            Refusal::AmountNotAllowed {
                item: "組合費".into(),
                field: Field::AmountSummer,
            },
            Refusal::FlagInUse {
                flag: "賞与",
                count: 2,
            },
            Refusal::NoOccasion,
            Refusal::NoRun,
            Refusal::ResultsRecorded,
            Refusal::RunExists,
            Refusal::NothingToRequest,
            Refusal::FileProblems(3),
            Refusal::BulkProblems(1),
            Refusal::BulkChanged,
            Refusal::UnknownItem("999".into()),
            Refusal::NothingToUpdate,
            Refusal::DigitCount {
                given: "12345".into(),
                registered: "0012345".into(),
            },
        ];
        for r in &all {
            let (code, items) = refusal_code(r).expect("a code");
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            let message = code.message(&items);
            assert!(!message.contains('{'), "{r:?} leaves an item unfilled");
            // The catalogue's text is the domain's wording.
            assert_eq!(message, r.to_string(), "{r:?}");
        }
    }

    #[test]
    fn paging_is_clamped_to_1_100() {
        let q = LineQuery {
            page: Some(0),
            per_page: Some(1000),
            ..LineQuery::default()
        };
        assert_eq!((q.page(), q.per_page()), (1, 100));
        assert_eq!(PageQuery::default().per_page(), 50);
    }
}
