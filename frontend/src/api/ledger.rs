//! 賃控元帳事務 (`/api/v1/ledger/...`, docs/ledger.md §7): the calls of the thirteen screens.
//! Files (PDF, CSV) are fetched inside the session like 労金控除's ([`super::deduction::file`]);
//! the two CSV imports go up with [`super::upload`], which reports progress.

use cjs_api_types::ledger::{
    BulkApplyRequest, BulkPreview, BulkRequest, BulkResult, CheckList, CheckPage, CombinedRequest,
    HistoryPage, HistoryQuery, ImportMode, ImportReport, ItemChangeRequest, ItemInput, ItemList,
    ItemView, LineCancelRequest, LineChangeRequest, LineInput, LinePage, LineQuery, LineSort,
    LineView, MismatchList, ResultsRequest, RunCreateRequest, RunLinePage, RunList, RunView, Runs,
    SortOrder,
};
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use gloo_net::http::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::deduction::Query;
use super::{Failure, Scope, encode, get, post, prepare, put, read, send};

/// The prefix of every path of this menu.
pub const BASE: &str = "/api/v1/ledger";

/// A wire enum's JSON name (`union_dues`, `failed`, …), as queries and `<select>` values carry it.
pub fn wire<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A wire enum from its JSON name.
pub fn from_wire<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

pub fn sort_name(sort: LineSort) -> String {
    wire(sort)
}

pub fn order_name(order: SortOrder) -> &'static str {
    super::deduction::order_name(order)
}

/// `?employee_no&kana_prefix&item_code&state&sort&order&page&per_page`
pub fn line_query(q: &LineQuery) -> String {
    Query::new()
        .opt("employee_no", q.employee_no.as_deref())
        .opt("kana_prefix", q.kana_prefix.as_deref())
        .opt("item_code", q.item_code.as_deref())
        .opt("state", q.state.map(wire))
        .opt("sort", q.sort.map(sort_name))
        .opt("order", q.order.map(order_name))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `?employee_no&line_id&item_code&from&to&page&per_page`
pub fn history_query(q: &HistoryQuery) -> String {
    Query::new()
        .opt("employee_no", q.employee_no.as_deref())
        .opt("line_id", q.line_id.as_deref())
        .opt("item_code", q.item_code.as_deref())
        .opt("from", q.from.map(|d| d.format("%Y-%m-%d").to_string()))
        .opt("to", q.to.map(|d| d.format("%Y-%m-%d").to_string()))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `/api/v1/ledger/cycles/{occasion}/{month}`
pub fn cycle_path(occasion: Occasion, month: YearMonth) -> String {
    format!("{BASE}/cycles/{}/{month}", occasion.as_str())
}

/// `GET /ledger/lines` (LR101101)
pub async fn lines(q: &LineQuery) -> Result<LinePage, Failure> {
    get(&format!("{BASE}/lines{}", line_query(q)), Scope::Session).await
}

/// `GET /ledger/lines/{id}` (LR101201)
pub async fn line(id: &str) -> Result<LineView, Failure> {
    get(&format!("{BASE}/lines/{}", encode(id)), Scope::Session).await
}

/// `POST /ledger/lines` (LR102101) → 201
pub async fn create_line(body: &LineInput) -> Result<LineView, Failure> {
    post(&format!("{BASE}/lines"), body, Scope::Session).await
}

/// `PUT /ledger/lines/{id}` (LR101201 変更)
pub async fn change_line(id: &str, body: &LineChangeRequest) -> Result<LineView, Failure> {
    read(put(&format!("{BASE}/lines/{}", encode(id)), body).await?).await
}

/// `POST /ledger/lines/{id}/cancel` (LR101201 解除)
pub async fn cancel_line(id: &str, body: &LineCancelRequest) -> Result<LineView, Failure> {
    post(
        &format!("{BASE}/lines/{}/cancel", encode(id)),
        body,
        Scope::Session,
    )
    .await
}

/// `GET /ledger/history` (LR104101)
pub async fn history(q: &HistoryQuery) -> Result<HistoryPage, Failure> {
    get(
        &format!("{BASE}/history{}", history_query(q)),
        Scope::Session,
    )
    .await
}

/// `GET /ledger/items` (LR111101)
pub async fn items() -> Result<ItemList, Failure> {
    get(&format!("{BASE}/items"), Scope::Session).await
}

/// `POST /ledger/items` (LR111201 登録) → 201
pub async fn create_item(body: &ItemInput) -> Result<ItemView, Failure> {
    post(&format!("{BASE}/items"), body, Scope::Session).await
}

/// `PUT /ledger/items/{id}` (LR111201 変更)
pub async fn change_item(id: &str, body: &ItemChangeRequest) -> Result<ItemView, Failure> {
    read(put(&format!("{BASE}/items/{}", encode(id)), body).await?).await
}

/// `DELETE /ledger/items/{id}?version=` (LR111201 削除) → 204
pub async fn delete_item(id: &str, version: i32) -> Result<(), Failure> {
    let path = format!("{BASE}/items/{}?version={version}", encode(id));
    let request = prepare(Request::delete(&path), true).build();
    send(request, Scope::Session).await.map(|_| ())
}

/// `GET /ledger/runs`: the cycles whose 控除依頼 exists.
pub async fn runs() -> Result<Runs, Failure> {
    get(&format!("{BASE}/runs"), Scope::Session).await
}

/// `POST /ledger/cycles/{o}/{m}/run` (作成 / 作成し直し)
pub async fn create_run(
    occasion: Occasion,
    month: YearMonth,
    replace: bool,
) -> Result<RunView, Failure> {
    let body = RunCreateRequest { replace };
    post(
        &format!("{}/run", cycle_path(occasion, month)),
        &body,
        Scope::Session,
    )
    .await
}

/// `GET /ledger/cycles/{o}/{m}/lines?list&page&per_page`
pub async fn run_lines(
    occasion: Occasion,
    month: YearMonth,
    list: RunList,
    page: u32,
    per_page: u32,
) -> Result<RunLinePage, Failure> {
    let query = Query::new()
        .add("list", wire(list))
        .add("page", page.to_string())
        .add("per_page", per_page.to_string())
        .string();
    get(
        &format!("{}/lines{query}", cycle_path(occasion, month)),
        Scope::Session,
    )
    .await
}

/// `GET /ledger/cycles/{o}/{m}/mismatches`
pub async fn mismatches(occasion: Occasion, month: YearMonth) -> Result<MismatchList, Failure> {
    get(
        &format!("{}/mismatches", cycle_path(occasion, month)),
        Scope::Session,
    )
    .await
}

/// `PUT /ledger/cycles/{o}/{m}/results` (LR107101, recorded on screen)
pub async fn record_results(
    occasion: Occasion,
    month: YearMonth,
    body: &ResultsRequest,
) -> Result<RunView, Failure> {
    read(put(&format!("{}/results", cycle_path(occasion, month)), body).await?).await
}

/// `GET /ledger/cycles/{o}/{m}/check/{list}?page&per_page` (LR103101 preview)
pub async fn check(
    occasion: Occasion,
    month: YearMonth,
    list: CheckList,
    page: u32,
    per_page: u32,
) -> Result<CheckPage, Failure> {
    let query = Query::new()
        .add("page", page.to_string())
        .add("per_page", per_page.to_string())
        .string();
    get(
        &format!(
            "{}/check/{}{query}",
            cycle_path(occasion, month),
            wire(list)
        ),
        Scope::Session,
    )
    .await
}

/// `GET /ledger/cycles/{o}/{m}/combined` (LR113101 JSON)
pub async fn combined(occasion: Occasion, month: YearMonth) -> Result<CombinedRequest, Failure> {
    get(
        &format!("{}/combined", cycle_path(occasion, month)),
        Scope::Session,
    )
    .await
}

/// `POST /ledger/bulk/preview` (LR108101 確認)
pub async fn bulk_preview(body: &BulkRequest) -> Result<BulkPreview, Failure> {
    post(&format!("{BASE}/bulk/preview"), body, Scope::Session).await
}

/// `POST /ledger/bulk/apply` (LR108101 適用)
pub async fn bulk_apply(body: &BulkApplyRequest) -> Result<BulkResult, Failure> {
    post(&format!("{BASE}/bulk/apply"), body, Scope::Session).await
}

/// `POST /ledger/import?mode&amounts_from` (LR110101): where the file goes.
pub fn import_path(mode: ImportMode, amounts_from: &str) -> String {
    format!(
        "{BASE}/import{}",
        Query::new()
            .add("mode", wire(mode))
            .add("amounts_from", amounts_from)
            .string()
    )
}

/// `POST /ledger/cycles/{o}/{m}/results/import?mode` (LR107101): where payroll's file goes.
pub fn results_import_path(occasion: Occasion, month: YearMonth, mode: ImportMode) -> String {
    format!(
        "{}/results/import?mode={}",
        cycle_path(occasion, month),
        wire(mode)
    )
}

/// The report of a refused apply (422 E1038 carries it as `details`).
pub fn import_report(failure: &Failure) -> Option<ImportReport> {
    serde_json::from_value(failure.0.details.clone()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::ledger::{ItemKind, StateFilter};

    #[test]
    fn empty_filters_are_left_out_and_values_encoded() {
        assert_eq!(line_query(&LineQuery::default()), "");
        let q = LineQuery {
            employee_no: Some(" 00123 ".to_owned()),
            kana_prefix: Some("ﾔﾏ".to_owned()),
            item_code: Some("101".to_owned()),
            state: Some(StateFilter::Cancelled),
            sort: Some(LineSort::Item),
            order: Some(SortOrder::Desc),
            page: Some(2),
            ..LineQuery::default()
        };
        assert_eq!(
            line_query(&q),
            "?employee_no=00123&kana_prefix=%EF%BE%94%EF%BE%8F&item_code=101&state=cancelled&sort=item&order=desc&page=2"
        );
    }

    #[test]
    fn wire_names_are_the_json_ones() {
        assert_eq!(wire(ItemKind::UnionDues), "union_dues");
        assert_eq!(
            from_wire::<ItemKind>("mutual_aid"),
            Some(ItemKind::MutualAid)
        );
        assert_eq!(from_wire::<ItemKind>("x"), None);
    }

    #[test]
    fn a_cycle_and_the_imports_are_named_in_the_path() {
        let m = YearMonth::new(2024, 7).expect("month");
        assert_eq!(
            cycle_path(Occasion::Summer, m),
            "/api/v1/ledger/cycles/summer/2024-07"
        );
        assert_eq!(
            import_path(ImportMode::Check, "2024-07"),
            "/api/v1/ledger/import?mode=check&amounts_from=2024-07"
        );
        assert_eq!(
            results_import_path(Occasion::Monthly, m, ImportMode::Apply),
            "/api/v1/ledger/cycles/monthly/2024-07/results/import?mode=apply"
        );
    }
}
