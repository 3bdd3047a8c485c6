//! 賃控元帳事務 (`/api/v1/ledger/...`): the JSON of the thirteen functions. Layouts, rules, paths and
//! screen IDs: `docs/ledger.md` (§7 the operations, §8 the error codes).
//!
//! Months are `YYYY-MM` strings in requests (the domain checks them: E1001 / E1002) and
//! [`YearMonth`] in responses; money is whole yen (`i64`).

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use serde::{Deserialize, Serialize};

pub use crate::deduction::{CsvCharset, SortOrder};

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
    /// 種目区分.
    ItemKind {
        /// 労金 (left out of 労金控除賃控元帳依頼 when the cycle's 労金控除 data exists).
        Rokin => "労金",
        UnionDues => "組合費",
        MutualAid => "共済",
        Other => "その他",
    }
);

labelled!(
    /// 明細の状態.
    LineState {
        Active => "有効",
        Cancelled => "解除",
    }
);

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
    /// 更新履歴の処理.
    Operation {
        Add => "新規登録",
        Change => "変更",
        Cancel => "解除",
        Bulk => "一括更新",
        Import => "インポート",
    }
);

labelled!(
    /// 更新履歴の変更項目.
    LineField {
        EmployeeNo => "職員番号",
        KanaName => "カナ氏名",
        KanjiName => "漢字氏名",
        Item => "種目",
        AmountMonthly => "月例金額",
        AmountSummer => "夏季金額",
        AmountYearEnd => "年末金額",
        AmountsFrom => "適用月",
        StartMonth => "開始月",
        EndMonth => "終了月",
        State => "状態",
    }
);

labelled!(
    /// 控除結果.
    Outcome {
        Deducted => "済",
        Failed => "不能",
    }
);

labelled!(
    /// 不能理由.
    FailReason {
        Retired => "退職",
        Leave => "休職",
        InsufficientPay => "給与不足",
        /// その他 (理由の文言が必須).
        Other => "その他",
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
    /// 異動区分 (異動分リスト).
    Movement {
        New => "新規",
        Changed => "金額変更",
        Ended => "終了",
    }
);

labelled!(
    /// 控除依頼明細の一覧 (`GET …/lines?list=`).
    #[derive(Default)]
    RunLineList {
        /// 賃控元帳控除依頼リスト (every line).
        #[default]
        All => "賃控元帳控除依頼リスト",
        /// 賃控元帳控除結果リスト (every line with its result).
        Results => "賃控元帳控除結果リスト",
        /// 賃控元帳控除不能リスト (`result = failed`).
        Failed => "賃控元帳控除不能リスト",
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
    /// 相違区分 (カナ氏名・職員番号桁数相違リスト).
    MismatchKind {
        /// 同じ職員番号でカナ氏名が異なる.
        Kana => "カナ氏名相違",
        /// 職員番号が数値として等しく桁数が異なる.
        Digits => "職員番号桁数相違",
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

labelled!(
    /// 一括更新の指定方法.
    AmountMode {
        /// 新しい金額.
        Set => "金額指定",
        /// 現在の金額との差額 (負も可).
        Add => "差額指定",
    }
);

labelled!(
    /// 労金控除賃控元帳依頼の行の区分.
    CombinedSource {
        Deduction => "労金控除",
        Ledger => "賃控元帳",
    }
);

impl From<ResultList> for RunLineList {
    fn from(r: ResultList) -> Self {
        match r {
            ResultList::All => RunLineList::Results,
            ResultList::Failed => RunLineList::Failed,
        }
    }
}

// ---- 種目 (LR111101 / LR111201) ----

/// The item form (登録 and 変更; the code cannot change once registered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// 種目コード (半角数字3桁、入金グループ内で一意).
    pub code: String,
    /// 種目名 (全角1～20文字).
    pub name: String,
    /// 表示順 (1～999).
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999))]
    pub display_order: i32,
    pub kind: ItemKind,
    /// 月例の金額がある.
    pub monthly: bool,
    /// 賞与 (夏季・年末) の金額がある. 月例・賞与の少なくとも一方 (E1033).
    pub bonus: bool,
}

/// 賃控元帳種目.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemView {
    pub id: String,
    pub code: String,
    pub name: String,
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

/// The line form as typed (新規登録 and 変更), before any rule is applied.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    /// 職員番号 (半角数字1～10桁、先頭の0も保持). 変更では変えられない.
    pub employee_no: String,
    /// カナ氏名: 全角・ひらがなも可 (半角カナに変換して登録、30文字以内).
    pub kana_name: String,
    /// 漢字氏名 (全角20文字以内).
    pub kanji_name: String,
    /// 種目コード (`GET /api/v1/ledger/items`).
    pub item_code: String,
    /// 月例金額 (円、0～99,999,999; 月例の種目のみ0超).
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 99_999_999))]
    pub amount_monthly: i64,
    /// 夏季金額 (円、0～99,999,999; 賞与の種目のみ0超).
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 99_999_999))]
    pub amount_summer: i64,
    /// 年末金額 (円、0～99,999,999; 賞与の種目のみ0超). 3つのうち少なくとも1つは0超 (E1019).
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 99_999_999))]
    pub amount_year_end: i64,
    /// 開始月 `YYYY-MM`.
    pub start_month: String,
    /// 終了月 `YYYY-MM` (開始月以降); 省略・null は無期限.
    #[serde(default)]
    pub end_month: Option<String>,
}

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
    pub pending_count: i64,
    pub pending_amount: i64,
}

/// A cycle's 賃控元帳控除依頼 (run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
pub struct RunList {
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
    pub list: Option<RunLineList>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl RunLineQuery {
    pub fn list(&self) -> RunLineList {
        self.list.unwrap_or_default()
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
    pub line_id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_code: String,
    pub item_name: String,
    pub item_kind: ItemKind,
    pub amount: i64,
    /// null: 未登録.
    pub result: Option<Outcome>,
    /// 済 / 不能 / 空.
    pub result_label: String,
    pub reason: Option<FailReason>,
    /// 退職 …, その他 with its text: `その他（育児休業）`.
    pub reason_label: Option<String>,
    pub reason_text: Option<String>,
    pub result_by: Option<String>,
    pub result_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunLinePage {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub list: RunLineList,
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

/// One line's result as the clerk records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub line_no: i32,
    /// null clears the result (未登録).
    #[serde(default)]
    pub result: Option<Outcome>,
    /// 不能理由 (不能のみ、必須).
    #[serde(default)]
    pub reason: Option<FailReason>,
    /// 理由 (その他のみ、必須、全角40文字以内).
    #[serde(default)]
    pub text: Option<String>,
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

/// One refused result of `PUT …/results`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultProblemView {
    pub line_no: i32,
    pub message: String,
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

/// One problem of an imported file: `N行目 M列目（項目）: 理由`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblemView {
    /// The file's line (the header is line 1); 0 for the file as a whole.
    pub line: u64,
    /// The column from 1; null for the whole line.
    pub column: Option<u32>,
    /// The column's title.
    pub column_name: Option<String>,
    /// A stable code of the reason (R2xx for the file's form, the catalogue's for the rules).
    pub code: String,
    /// 理由 (日本語).
    pub reason: String,
    /// The whole text as the SPA shows it.
    pub message: String,
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
    pub problems: Vec<ImportProblemView>,
}

// ---- 一括更新 (LR108101) ----

/// The change of one occasion's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AmountEdit {
    pub mode: AmountMode,
    /// `set`: the new amount (0～99,999,999); `add`: the difference (negative lowers it).
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = -99_999_999, maximum = 99_999_999)
    )]
    pub value: i64,
}

/// `POST /ledger/bulk/preview` (賃控元帳明細一括更新): one item's 有効 lines, filtered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// 種目コード (必須).
    pub item_code: String,
    /// 職員番号の範囲 (文字列として、両端を含む).
    #[serde(default)]
    pub employee_no_from: Option<String>,
    #[serde(default)]
    pub employee_no_to: Option<String>,
    /// カナ氏名 (前方一致).
    #[serde(default)]
    pub kana_prefix: Option<String>,
    /// 現在の金額がこの金額の明細のみ (変更するすべての支給区分で).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 99_999_999))]
    pub current_amount: Option<i64>,
    /// 月例 (null: 変更しない).
    #[serde(default)]
    pub monthly: Option<AmountEdit>,
    /// 夏季 (null: 変更しない).
    #[serde(default)]
    pub summer: Option<AmountEdit>,
    /// 年末 (null: 変更しない).
    #[serde(default)]
    pub year_end: Option<AmountEdit>,
    /// 適用月 `YYYY-MM` (必須).
    #[serde(default)]
    pub amounts_from: Option<String>,
}

/// `POST /ledger/bulk/apply`: the request as previewed and the preview's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkApplyRequest {
    #[serde(flatten)]
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

/// One row of an employee: a 労金控除 request line or a ledger run line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CombinedRow {
    pub source: CombinedSource,
    /// 労金控除 / 賃控元帳.
    pub source_label: String,
    /// 取引コード or 種目コード.
    pub code: String,
    /// 取引名 or 種目名.
    pub name: String,
    /// 店番・口座番号 (労金控除 only).
    pub branch_no: Option<String>,
    pub account_no: Option<String>,
    pub amount: i64,
}

/// One employee with everything payroll deducts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CombinedEmployee {
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    /// 職員合計金額.
    pub total: i64,
    pub rows: Vec<CombinedRow>,
}

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
    pub employees: Vec<CombinedEmployee>,
    /// 人数.
    pub employee_count: i64,
    pub deduction_count: i64,
    pub deduction_total: i64,
    pub ledger_count: i64,
    pub ledger_total: i64,
    /// 総合計.
    pub total: i64,
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
        let kind: ItemKind = serde_json::from_str("\"union_dues\"").expect("kind");
        assert_eq!((kind, kind.label()), (ItemKind::UnionDues, "組合費"));
        let reason: FailReason = serde_json::from_str("\"insufficient_pay\"").expect("reason");
        assert_eq!(reason.label(), "給与不足");
        assert_eq!(
            serde_json::to_string(&RunLineList::Failed).expect("json"),
            "\"failed\""
        );
        assert_eq!(RunLineList::from(ResultList::All), RunLineList::Results);
        for l in CheckList::ALL {
            assert!(l.label().starts_with("賃控元帳"));
        }
    }

    #[test]
    fn a_change_carries_the_version_the_form_and_the_month_it_applies_from() {
        let json = r#"{"version":2,"amounts_from":"2024-07","line":{"employee_no":"0012",
            "kana_name":"ｱ","kanji_name":"亜","item_code":"101","amount_monthly":1500,
            "amount_summer":0,"amount_year_end":0,"start_month":"2024-04"}}"#;
        let r: LineChangeRequest = serde_json::from_str(json).expect("parses");
        assert_eq!(
            (r.version, r.amounts_from.as_deref(), r.line.end_month),
            (2, Some("2024-07"), None)
        );
        assert!(serde_json::from_str::<LineCancelRequest>(r#"{"version":1,"x":1}"#).is_err());
    }

    #[test]
    fn a_bulk_apply_is_the_request_and_the_fingerprint() {
        let json = r#"{"item_code":"101","monthly":{"mode":"add","value":-500},
            "amounts_from":"2024-07","fingerprint":"ab"}"#;
        let r: BulkApplyRequest = serde_json::from_str(json).expect("parses");
        assert_eq!(r.fingerprint, "ab");
        assert_eq!(
            r.request.monthly,
            Some(AmountEdit {
                mode: AmountMode::Add,
                value: -500
            })
        );
        assert_eq!(r.request.summer, None);
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
