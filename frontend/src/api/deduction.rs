//! 労金控除事務 (`/api/v1/deduction/...`, docs/deduction.md §7): the calls of the eleven screens.
//! Files (PDF, CSV) are fetched like the operation log's CSV — a GET inside the session, its
//! failure shown like any other — and handed to the browser as a download.

use cjs_api_types::deduction::{
    DeductionCycleList, DetailCancelRequest, DetailChangeRequest, DetailInput, DetailPage,
    DetailQuery, DetailSort, DetailView, EmployerRequest, EmployerScope, HistoryPage, HistoryQuery,
    LinePage, LineQuery, LineView, LumpActionRequest, LumpView, ProductList, SortOrder,
    StopRequest,
};
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use gloo_net::http::Request;

use super::{Download, Failure, Scope, download, encode, get, post, prepare, put, read, send};

/// The prefix of every path of this menu.
pub const BASE: &str = "/api/v1/deduction";

/// A query string of the values given (empty ones left out), percent-encoded.
#[derive(Default)]
pub struct Query(Vec<String>);

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key=value` unless the value is empty (after trimming).
    pub fn add(mut self, key: &str, value: impl AsRef<str>) -> Self {
        let value = value.as_ref().trim();
        if !value.is_empty() {
            self.0.push(format!("{key}={}", encode(value)));
        }
        self
    }

    pub fn opt(self, key: &str, value: Option<impl AsRef<str>>) -> Self {
        match value {
            Some(v) => self.add(key, v),
            None => self,
        }
    }

    /// `?a=1&b=2`, or nothing.
    pub fn string(&self) -> String {
        if self.0.is_empty() {
            String::new()
        } else {
            format!("?{}", self.0.join("&"))
        }
    }
}

pub fn sort_name(sort: DetailSort) -> &'static str {
    match sort {
        DetailSort::EmployeeNo => "employee_no",
        DetailSort::KanaName => "kana_name",
        DetailSort::Product => "product",
        DetailSort::UpdatedAt => "updated_at",
    }
}

pub fn order_name(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Asc => "asc",
        SortOrder::Desc => "desc",
    }
}

pub fn scope_name(scope: EmployerScope) -> &'static str {
    match scope {
        EmployerScope::All => "all",
        EmployerScope::Movements => "movements",
    }
}

/// `?employee_no&kana_prefix&product&state&sort&order&page&per_page`
pub fn detail_query(q: &DetailQuery) -> String {
    Query::new()
        .opt("employee_no", q.employee_no.as_deref())
        .opt("kana_prefix", q.kana_prefix.as_deref())
        .opt("product", q.product.as_deref())
        .opt("state", q.state.map(|s| s.as_str()))
        .opt("sort", q.sort.map(sort_name))
        .opt("order", q.order.map(order_name))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `?employee_no&detail_id&from&to&page&per_page`
pub fn history_query(q: &HistoryQuery) -> String {
    Query::new()
        .opt("employee_no", q.employee_no.as_deref())
        .opt("detail_id", q.detail_id.as_deref())
        .opt("from", q.from.map(|d| d.format("%Y-%m-%d").to_string()))
        .opt("to", q.to.map(|d| d.format("%Y-%m-%d").to_string()))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `/api/v1/deduction/cycles/{occasion}/{month}`
pub fn cycle_path(occasion: Occasion, month: YearMonth) -> String {
    format!("{BASE}/cycles/{}/{month}", occasion.as_str())
}

/// `GET /deduction/details` (DR101101)
pub async fn details(q: &DetailQuery) -> Result<DetailPage, Failure> {
    get(
        &format!("{BASE}/details{}", detail_query(q)),
        Scope::Session,
    )
    .await
}

/// `GET /deduction/details/{id}` (DR101201)
pub async fn detail(id: &str) -> Result<DetailView, Failure> {
    get(&format!("{BASE}/details/{}", encode(id)), Scope::Session).await
}

/// `POST /deduction/details` (DR102101) → 201
pub async fn create_detail(body: &DetailInput) -> Result<DetailView, Failure> {
    post(&format!("{BASE}/details"), body, Scope::Session).await
}

/// `PUT /deduction/details/{id}` (DR101201 変更)
pub async fn change_detail(id: &str, body: &DetailChangeRequest) -> Result<DetailView, Failure> {
    read(put(&format!("{BASE}/details/{}", encode(id)), body).await?).await
}

/// `POST /deduction/details/{id}/cancel` (DR101201 解除)
pub async fn cancel_detail(id: &str, body: &DetailCancelRequest) -> Result<DetailView, Failure> {
    post(
        &format!("{BASE}/details/{}/cancel", encode(id)),
        body,
        Scope::Session,
    )
    .await
}

/// `GET /deduction/products`
pub async fn products() -> Result<ProductList, Failure> {
    get(&format!("{BASE}/products"), Scope::Session).await
}

/// `GET /deduction/cycles`
pub async fn cycles() -> Result<DeductionCycleList, Failure> {
    get(&format!("{BASE}/cycles"), Scope::Session).await
}

/// `GET /deduction/history` (DR103101)
pub async fn history(q: &HistoryQuery) -> Result<HistoryPage, Failure> {
    get(
        &format!("{BASE}/history{}", history_query(q)),
        Scope::Session,
    )
    .await
}

/// `GET /deduction/cycles/{o}/{m}/lines?list&page&per_page`
pub async fn lines(
    occasion: Occasion,
    month: YearMonth,
    q: &LineQuery,
) -> Result<LinePage, Failure> {
    let query = Query::new()
        .opt("list", q.list.map(|l| l.as_str()))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string();
    get(
        &format!("{}/lines{query}", cycle_path(occasion, month)),
        Scope::Session,
    )
    .await
}

/// `PUT /deduction/cycles/{o}/{m}/lines/{line_no}/stop` (DR108101 入金中止)
pub async fn set_stop(
    occasion: Occasion,
    month: YearMonth,
    line_no: i32,
    body: &StopRequest,
) -> Result<LineView, Failure> {
    let path = format!("{}/lines/{line_no}/stop", cycle_path(occasion, month));
    read(put(&path, body).await?).await
}

/// `DELETE /deduction/cycles/{o}/{m}/lines/{line_no}/stop` (DR108101 中止解除)
pub async fn unset_stop(
    occasion: Occasion,
    month: YearMonth,
    line_no: i32,
) -> Result<LineView, Failure> {
    let path = format!("{}/lines/{line_no}/stop", cycle_path(occasion, month));
    let request = prepare(Request::delete(&path), true).build();
    read(send(request, Scope::Session).await?).await
}

/// `GET /deduction/cycles/{o}/{m}/lump` (DR109101)
pub async fn lump(occasion: Occasion, month: YearMonth) -> Result<LumpView, Failure> {
    get(
        &format!("{}/lump", cycle_path(occasion, month)),
        Scope::Session,
    )
    .await
}

/// `POST /deduction/cycles/{o}/{m}/lump/confirm` (まとめ入金確定)
pub async fn lump_confirm(
    occasion: Occasion,
    month: YearMonth,
    body: &LumpActionRequest,
) -> Result<LumpView, Failure> {
    let path = format!("{}/lump/confirm", cycle_path(occasion, month));
    post(&path, body, Scope::Session).await
}

/// `POST /deduction/cycles/{o}/{m}/lump/undo` (確定の解除)
pub async fn lump_undo(
    occasion: Occasion,
    month: YearMonth,
    body: &LumpActionRequest,
) -> Result<LumpView, Failure> {
    let path = format!("{}/lump/undo", cycle_path(occasion, month));
    post(&path, body, Scope::Session).await
}

/// `GET /deduction/cycles/{o}/{m}/employer-request?scope` (DR106101 / DR107101 preview)
pub async fn employer_request(
    occasion: Occasion,
    month: YearMonth,
    scope: EmployerScope,
) -> Result<EmployerRequest, Failure> {
    let path = format!(
        "{}/employer-request?scope={}",
        cycle_path(occasion, month),
        scope_name(scope)
    );
    get(&path, Scope::Session).await
}

/// A PDF or CSV of this menu (`path` below the cycle, with its query): fetched inside the
/// session, so a refusal shows as the page's error instead of a JSON file.
pub async fn file(path: &str, fallback_name: &str) -> Result<Download, Failure> {
    let request = prepare(Request::get(path), false).build();
    download(send(request, Scope::Session).await?, fallback_name).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_domain::deduction::DetailState;

    #[test]
    fn empty_filters_are_left_out_and_values_encoded() {
        assert_eq!(detail_query(&DetailQuery::default()), "");
        let q = DetailQuery {
            employee_no: Some(" 00123 ".to_owned()),
            kana_prefix: Some("ﾔﾏ".to_owned()),
            state: Some(DetailState::Active),
            sort: Some(DetailSort::UpdatedAt),
            order: Some(SortOrder::Desc),
            page: Some(2),
            ..DetailQuery::default()
        };
        assert_eq!(
            detail_query(&q),
            "?employee_no=00123&kana_prefix=%EF%BE%94%EF%BE%8F&state=active&sort=updated_at&order=desc&page=2"
        );
    }

    #[test]
    fn a_cycle_is_named_by_occasion_and_month() {
        let m = YearMonth::new(2024, 6).expect("month");
        assert_eq!(
            cycle_path(Occasion::YearEnd, m),
            "/api/v1/deduction/cycles/year_end/2024-06"
        );
    }
}
