//! 労金控除事務 (`/api/v1/deduction/...`): the JSON of the eleven functions. Layouts, paths and
//! screen IDs: `docs/deduction.md`.

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::deduction::{
    AccountKind, Action, DetailField, DetailState, FailReason, LineError, LumpState, Movement,
    Outcome, Refusal, RunOrigin, Source, StopReason, YearMonth,
};
use cjs_domain::schedule::{InputState, Occasion};
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

pub use cjs_domain::deduction::{DetailInput, LineList, Product};

/// The SPA's screen IDs of this menu (ours: the manual shows none for it).
pub mod screen {
    /// 労金控除明細照会
    pub const DETAIL_SEARCH: &str = "DR101101";
    /// 労金控除明細照会 → 明細 (変更・解除)
    pub const DETAIL_EDIT: &str = "DR101201";
    /// 労金控除明細新規登録
    pub const DETAIL_NEW: &str = "DR102101";
    /// 労金控除明細更新履歴照会
    pub const HISTORY: &str = "DR103101";
    /// 労金控除依頼リスト出力
    pub const REQUEST_LISTS: &str = "DR104101";
    /// 労金控除依頼データエクスポート
    pub const REQUEST_EXPORT: &str = "DR105101";
    /// 企業宛控除依頼書出力
    pub const EMPLOYER_LIST: &str = "DR106101";
    /// 企業宛控除依頼データエクスポート
    pub const EMPLOYER_EXPORT: &str = "DR107101";
    /// まとめ入金依頼入金中止設定
    pub const STOPS: &str = "DR108101";
    /// まとめ入金確定
    pub const LUMP: &str = "DR109101";
    /// まとめ入金WEB更新依頼明細書出力
    pub const LUMP_WEB_UPDATES: &str = "DR110101";
    /// 労金控除結果リスト出力
    pub const RESULT_LISTS: &str = "DR111101";
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

/// 並び順.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

/// 明細照会の並べ替え項目 (these only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DetailSort {
    #[default]
    EmployeeNo,
    KanaName,
    Product,
    UpdatedAt,
}

/// `GET /deduction/details` (労金控除明細照会, DR101101).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DetailQuery {
    /// 職員番号 (完全一致).
    pub employee_no: Option<String>,
    /// カナ氏名 (前方一致; 全角・ひらがなも可、半角カナに変換して検索).
    pub kana_prefix: Option<String>,
    /// 取引コード.
    pub product: Option<String>,
    /// 状態 (省略時はすべて).
    pub state: Option<DetailState>,
    pub sort: Option<DetailSort>,
    pub order: Option<SortOrder>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl DetailQuery {
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// 労金控除明細.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailView {
    pub id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub product_code: String,
    pub product_name: String,
    pub branch_no: String,
    pub account_no: String,
    pub amount_monthly: i64,
    pub amount_summer: i64,
    pub amount_year_end: i64,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
    pub state: DetailState,
    /// 有効 / 解除.
    pub state_label: String,
    pub source: Source,
    /// Web / 窓口.
    pub source_label: String,
    /// 変更・解除の際にそのまま送り返す版.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl DetailView {
    /// The view of a stored detail; `updated_at` is the row's.
    pub fn of(
        d: cjs_domain::deduction::Detail,
        config: &cjs_domain::DeductionConfig,
        updated_at: DateTime<Utc>,
    ) -> Self {
        let f = d.fields;
        DetailView {
            id: d.id,
            employee_no: f.employee_no.into_string(),
            kana_name: f.kana_name.into_string(),
            kanji_name: f.kanji_name.into_string(),
            product_name: config.display_name(f.product.as_str()),
            product_code: f.product.into_string(),
            branch_no: f.branch_no.into_string(),
            account_no: f.account_no.into_string(),
            amount_monthly: f.amounts.monthly,
            amount_summer: f.amounts.summer,
            amount_year_end: f.amounts.year_end,
            start_month: f.start_month,
            end_month: f.end_month,
            state: d.state,
            state_label: d.state.label().to_owned(),
            source: d.source,
            source_label: d.source.label().to_owned(),
            version: d.version,
            updated_at,
        }
    }
}

/// `GET /deduction/details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailPage {
    /// 条件に合う件数 (全ページ).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<DetailView>,
}

/// `PUT /deduction/details/{id}` (変更): the form and the version it was read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DetailChangeRequest {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
    pub detail: DetailInput,
}

/// `POST /deduction/details/{id}/cancel` (解除).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DetailCancelRequest {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
}

/// `GET /deduction/products`: the 取引 the form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductList {
    pub products: Vec<Product>,
}

/// A cycle's request data, once made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunSummary {
    pub origin: RunOrigin,
    pub created_at: DateTime<Utc>,
    pub lump_state: LumpState,
    /// 未確定 / 確定 / 金庫受付済.
    pub lump_state_label: String,
    /// まとめ入金の操作 (確定・解除) で送り返す版.
    pub version: i32,
    pub line_count: i64,
    pub error_count: i64,
    pub results_loaded_at: Option<DateTime<Utc>>,
}

/// One cycle of the group, as the list screens offer it for choosing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeductionCycleView {
    pub occasion: Occasion,
    /// 月例 / 夏季一時金 / 年末一時金.
    pub occasion_label: String,
    /// 控除年月.
    pub month: YearMonth,
    pub deadline: NaiveDate,
    /// 支給日 (入金予定日).
    pub payday: NaiveDate,
    pub input: InputState,
    pub request_received: Option<NaiveDate>,
    pub result_received: Option<NaiveDate>,
    /// `None` until the request data is made.
    pub run: Option<RunSummary>,
}

/// `GET /deduction/cycles`: the latest cycles per occasion (policy: 3), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeductionCycleList {
    pub cycles: Vec<DeductionCycleView>,
}

/// `GET /deduction/history` (労金控除明細更新履歴照会, DR103101).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HistoryQuery {
    pub employee_no: Option<String>,
    pub detail_id: Option<String>,
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
    pub field: DetailField,
    /// 職員番号, 月例金額, 状態 …
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl From<&cjs_domain::deduction::FieldChange> for HistoryChangeView {
    fn from(c: &cjs_domain::deduction::FieldChange) -> Self {
        HistoryChangeView {
            field: c.field,
            label: c.field.label().to_owned(),
            before: c.before.clone(),
            after: c.after.clone(),
        }
    }
}

/// One change of a detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryView {
    pub detail_id: String,
    pub version: i32,
    pub at: DateTime<Utc>,
    /// `None` for the bank (窓口).
    pub user_id: Option<String>,
    /// ユーザー名, or 「金庫」.
    pub user_name: String,
    pub action: Action,
    /// 追加 / 変更 / 解除.
    pub action_label: String,
    pub source: Source,
    pub source_label: String,
    pub employee_no: String,
    pub kana_name: String,
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

/// `GET /deduction/cycles/{occasion}/{month}/lines` and the list PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LineQuery {
    pub list: Option<LineList>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl LineQuery {
    pub fn list(&self) -> LineList {
        self.list.unwrap_or_default()
    }
    pub fn page(&self) -> u32 {
        page_of(self.page)
    }
    pub fn per_page(&self) -> u32 {
        per_page_of(self.per_page)
    }
}

/// 入金中止 on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StopView {
    pub reason: StopReason,
    /// 退職 / 休職 / 給与不足 / その他.
    pub reason_label: String,
    pub text: Option<String>,
    pub stopped_by: String,
    pub stopped_at: DateTime<Utc>,
}

/// The bank's result on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultView {
    pub outcome: Outcome,
    /// 済 / 不能.
    pub outcome_label: String,
    pub reason: Option<FailReason>,
    pub reason_label: Option<String>,
    pub reason_text: Option<String>,
    /// 金庫カナ氏名.
    pub bank_kana: Option<String>,
    /// カナ氏名不一致 (`None`: the bank gave no kana).
    pub kana_mismatch: Option<bool>,
}

/// 控除依頼明細.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineView {
    pub line_no: i32,
    pub detail_id: Option<String>,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    pub product_code: String,
    pub product_name: String,
    pub branch_no: String,
    pub account_no: String,
    /// 依頼金額 (解除は0).
    pub amount: i64,
    /// 前回金額 (新規は `None`).
    pub previous_amount: Option<i64>,
    pub movement: Movement,
    /// 新規 / 変更 / 解除 / 継続.
    pub movement_label: String,
    /// 窓口.
    pub counter: bool,
    pub error: Option<LineError>,
    pub error_label: Option<String>,
    pub stop: Option<StopView>,
    pub result: Option<ResultView>,
}

/// Totals of a list, summed by the database (whole yen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineTotals {
    /// Lines of the list.
    pub lines: i64,
    /// Lines counted in the amount: not 解除, no error, no 入金中止.
    pub count: i64,
    pub amount: i64,
    pub error_count: i64,
    pub stopped_count: i64,
    pub stopped_amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinePage {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub list: LineList,
    /// The list's title (`LineList::label`).
    pub title: String,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<LineView>,
    pub totals: LineTotals,
}

/// `?encoding=` of the CSV downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CsvCharset {
    /// Shift_JIS (Windows).
    #[default]
    Cp932,
    /// UTF-8 with BOM.
    Utf8,
}

/// `GET …/requests.csv` (労金控除依頼データエクスポート).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    pub list: Option<LineList>,
    pub encoding: Option<CsvCharset>,
}

/// 全件 / 異動分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmployerScope {
    #[default]
    All,
    Movements,
}

impl EmployerScope {
    pub fn label(self) -> &'static str {
        match self {
            EmployerScope::All => "全件",
            EmployerScope::Movements => "異動分",
        }
    }
}

/// `GET …/employer-request[.csv|.pdf]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct EmployerQuery {
    pub scope: Option<EmployerScope>,
    pub encoding: Option<CsvCharset>,
}

/// 企業宛控除依頼書: one employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployerRow {
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: Option<String>,
    /// 控除額合計 (解除・エラーを除く).
    pub total: i64,
    /// 件数 of those lines.
    pub count: i64,
    /// 異動あり (a line not 継続).
    pub moved: bool,
}

/// `GET …/employer-request` (企業宛控除依頼データエクスポート, JSON for payroll programs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployerRequest {
    pub payment_group: String,
    pub payment_group_name: String,
    pub occasion: Occasion,
    pub occasion_label: String,
    pub month: YearMonth,
    /// 支給日.
    pub payday: NaiveDate,
    pub scope: EmployerScope,
    pub rows: Vec<EmployerRow>,
    /// 人数.
    pub employee_count: i64,
    /// 控除額合計.
    pub total: i64,
}

/// `PUT …/lines/{line_no}/stop` (入金中止).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StopRequest {
    pub reason: StopReason,
    /// 理由 (その他は必須、40文字以内).
    #[serde(default)]
    pub text: Option<String>,
}

/// まとめ入金の入金先.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayeeView {
    pub branch_no: String,
    pub branch_name: String,
    pub account_kind: AccountKind,
    /// 普通 / 当座.
    pub account_kind_label: String,
    pub account_no: String,
    pub account_name_kana: String,
}

/// まとめ入金の件数・金額 (database sums, whole yen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LumpTotals {
    pub count: i64,
    pub amount: i64,
    /// 入金中止 and error lines.
    pub excluded_count: i64,
    pub excluded_amount: i64,
}

/// `GET …/lump`, and the answer of 確定 / 確定の解除 (まとめ入金確定, DR109101).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LumpView {
    pub occasion: Occasion,
    pub month: YearMonth,
    pub state: LumpState,
    pub state_label: String,
    /// 確定・解除で送り返す版.
    pub version: i32,
    /// 入金予定日 (= 支給日).
    pub payday: NaiveDate,
    /// Live while 未確定, as fixed at 確定 afterwards.
    pub totals: LumpTotals,
    /// The group's registered 入金先 (while 未確定) or the one fixed at 確定.
    pub payee: Option<PayeeView>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub taken_at: Option<DateTime<Utc>>,
}

/// `POST …/lump/confirm`, `POST …/lump/undo`: the version the clerk saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LumpActionRequest {
    #[serde(deserialize_with = "cjs_domain::rules::whole::deserialize")]
    pub version: i32,
}

/// `GET …/results` list choice (労金控除結果リスト出力, DR111101).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultList {
    /// 控除結果リスト.
    #[default]
    All,
    /// 控除不能リスト.
    Failed,
    /// カナ氏名不一致リスト.
    KanaMismatch,
}

impl From<ResultList> for LineList {
    fn from(r: ResultList) -> LineList {
        match r {
            ResultList::All => LineList::Results,
            ResultList::Failed => LineList::Failed,
            ResultList::KanaMismatch => LineList::KanaMismatch,
        }
    }
}

/// The catalogue entry of a refusal, with its items; `None` for [`Refusal::Rule`], which the
/// server maps as every `RuleError` (E1001 / E1002 / E1009, with the field).
pub fn refusal_code(refusal: &Refusal) -> Option<(ErrorCode, Vec<String>)> {
    let plain = |c| Some((c, Vec::new()));
    match refusal {
        Refusal::Rule(_) => None,
        Refusal::NoAmount => plain(ErrorCode::E1019),
        Refusal::ReadOnly => plain(ErrorCode::E2303),
        Refusal::ClosedForInput => plain(ErrorCode::E1011),
        Refusal::Stale => plain(ErrorCode::E1010),
        Refusal::Cancelled => plain(ErrorCode::E1012),
        Refusal::Confirmed => plain(ErrorCode::E1013),
        Refusal::BeforePayday(d) => {
            Some((ErrorCode::E1014, vec![d.format("%Y年%m月%d日").to_string()]))
        }
        Refusal::Taken => plain(ErrorCode::E1015),
        Refusal::NotStoppable => plain(ErrorCode::E1016),
        Refusal::NoPayee => plain(ErrorCode::E1017),
        Refusal::NoRun => plain(ErrorCode::E1018),
        Refusal::NotConfirmed => plain(ErrorCode::E1020),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_a_code_and_a_conflict_or_input_status() {
        let d = NaiveDate::from_ymd_opt(2024, 6, 25).expect("date");
        let all = [
            Refusal::NoAmount,
            Refusal::ReadOnly,
            Refusal::ClosedForInput,
            Refusal::Stale,
            Refusal::Cancelled,
            Refusal::Confirmed,
            Refusal::BeforePayday(d),
            Refusal::Taken,
            Refusal::NotStoppable,
            Refusal::NoPayee,
            Refusal::NoRun,
            Refusal::NotConfirmed,
        ];
        for r in &all {
            let (code, items) = refusal_code(r).expect("a code");
            assert!([403, 409, 422].contains(&code.http_status()), "{r:?}");
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            assert!(
                !code.message(&items).contains('{'),
                "{r:?} leaves an item unfilled"
            );
        }
        let (code, items) = refusal_code(&Refusal::BeforePayday(d)).expect("code");
        assert_eq!(
            code.message(&[&items[0]]),
            "支給日（2024年06月25日）以降に操作してください。"
        );
    }

    #[test]
    fn a_stale_version_is_a_conflict_with_the_clerks_message() {
        let (code, _) = refusal_code(&Refusal::Stale).expect("code");
        assert_eq!(code.http_status(), 409);
        assert_eq!(
            code.template(),
            "他のユーザーによって更新されています。再度検索してから操作してください。"
        );
    }

    #[test]
    fn a_change_request_carries_the_version_and_the_form() {
        let json = r#"{"version":3,"detail":{"employee_no":"1","kana_name":"ｱ","kanji_name":"亜",
            "product_code":"01","branch_no":"123","account_no":"1234567","amount_monthly":1,
            "amount_summer":0,"amount_year_end":0,"start_month":"2024-06"}}"#;
        let r: DetailChangeRequest = serde_json::from_str(json).expect("parses");
        assert_eq!(r.version, 3);
        assert_eq!(r.detail.end_month, None);
        assert!(serde_json::from_str::<DetailCancelRequest>(r#"{"version":1,"x":1}"#).is_err());
    }

    #[test]
    fn paging_is_clamped_to_1_100() {
        let q = DetailQuery {
            page: Some(0),
            per_page: Some(1000),
            ..DetailQuery::default()
        };
        assert_eq!((q.page(), q.per_page()), (1, 100));
        assert_eq!(DetailQuery::default().per_page(), 50);
    }

    #[test]
    fn a_detail_view_carries_labels_and_the_product_name() {
        use cjs_domain::deduction::{Detail, DetailFields, DetailInput};
        let config = cjs_domain::DeductionConfig::default();
        let input = DetailInput {
            employee_no: "1".into(),
            kana_name: "ｱ".into(),
            kanji_name: "亜".into(),
            product_code: "02".into(),
            branch_no: "123".into(),
            account_no: "1234567".into(),
            amount_monthly: 1,
            start_month: "2024-06".into(),
            ..DetailInput::default()
        };
        let d = Detail {
            id: "x".into(),
            fields: DetailFields::parse(&input, &config).expect("valid"),
            state: DetailState::Active,
            source: Source::Web,
            version: 1,
        };
        let v = DetailView::of(d.clone(), &config, DateTime::<Utc>::UNIX_EPOCH);
        assert_eq!(
            (
                v.product_name.as_str(),
                v.state_label.as_str(),
                v.source_label.as_str()
            ),
            ("定期積金", "有効", "Web")
        );
        let json = serde_json::to_value(&v).expect("json");
        assert_eq!(json["start_month"], "2024-06");
    }

    #[test]
    fn every_list_has_a_title() {
        for l in LineList::ALL {
            assert!(!l.label().is_empty());
        }
    }
}
