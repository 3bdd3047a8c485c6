//! 財形貯蓄事務 (`/api/v1/zaikei/...`, docs/zaikei.md §7): the calls of ZK101101–ZK103101. Every
//! call reads; the PDFs and CSVs are fetched inside the session like 労金控除's
//! ([`super::deduction::file`]).

use chrono::NaiveDate;
use cjs_api_types::zaikei::{
    ChangePage, ChangeQuery, DocumentList, EmployerDocument, LinePage, LineQuery, LineSort,
};

use super::deduction::{Query, order_name};
use super::ledger::wire;
use super::{Failure, Scope, get};

/// The prefix of every path of this menu.
pub const BASE: &str = "/api/v1/zaikei";

/// `/api/v1/zaikei/documents/{doc}/{YYYY-MM-DD}`: one cycle of a document.
pub fn cycle_path(document: EmployerDocument, base_date: NaiveDate) -> String {
    format!(
        "{BASE}/documents/{}/{}",
        document.as_str(),
        base_date.format("%Y-%m-%d")
    )
}

pub fn sort_name(sort: LineSort) -> String {
    wire(sort)
}

/// `?employee_no&kana_prefix&kind&sort&order&page&per_page`
pub fn line_query(q: &LineQuery) -> String {
    Query::new()
        .opt("employee_no", q.employee_no.as_deref())
        .opt("kana_prefix", q.kana_prefix.as_deref())
        .opt("kind", q.kind.map(wire))
        .opt("sort", q.sort.map(sort_name))
        .opt("order", q.order.map(order_name))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `?change_kind&page&per_page`
pub fn change_query(q: &ChangeQuery) -> String {
    Query::new()
        .opt("change_kind", q.change_kind.map(wire))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `GET /zaikei/documents` (ZK101101): the contracted documents and their kept cycles.
pub async fn documents() -> Result<DocumentList, Failure> {
    get(&format!("{BASE}/documents"), Scope::Session).await
}

/// `GET /zaikei/documents/{doc}/{date}/lines` (ZK101101 明細)
pub async fn lines(
    document: EmployerDocument,
    base_date: NaiveDate,
    q: &LineQuery,
) -> Result<LinePage, Failure> {
    get(
        &format!("{}/lines{}", cycle_path(document, base_date), line_query(q)),
        Scope::Session,
    )
    .await
}

/// `GET /zaikei/documents/{doc}/{date}/changes` (ZK101101 変更明細, 預入依頼書 only)
pub async fn changes(
    document: EmployerDocument,
    base_date: NaiveDate,
    q: &ChangeQuery,
) -> Result<ChangePage, Failure> {
    get(
        &format!(
            "{}/changes{}",
            cycle_path(document, base_date),
            change_query(q)
        ),
        Scope::Session,
    )
    .await
}

/// One of the cycle's files: `statement.pdf`, `changes.pdf` (ZK102101) or `statement.csv`,
/// `changes.csv` with `?encoding` (ZK103101).
pub fn file_path(
    document: EmployerDocument,
    base_date: NaiveDate,
    file: &str,
    encoding: Option<&str>,
) -> String {
    let query = Query::new().opt("encoding", encoding).string();
    format!("{}/{file}{query}", cycle_path(document, base_date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::zaikei::{ChangeKind, SavingsKind, SortOrder};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_cycle_is_named_by_document_and_base_date() {
        assert_eq!(
            cycle_path(EmployerDocument::DepositMonthly, day(2012, 10, 16)),
            "/api/v1/zaikei/documents/deposit_monthly/2012-10-16"
        );
        assert_eq!(
            file_path(
                EmployerDocument::Balance,
                day(2012, 9, 1),
                "statement.csv",
                Some("cp932")
            ),
            "/api/v1/zaikei/documents/balance/2012-09-01/statement.csv?encoding=cp932"
        );
    }

    #[test]
    fn empty_filters_are_left_out() {
        assert_eq!(line_query(&LineQuery::default()), "");
        let q = LineQuery {
            employee_no: Some("0001".to_owned()),
            kind: Some(SavingsKind::Housing),
            sort: Some(LineSort::Kind),
            order: Some(SortOrder::Asc),
            page: Some(1),
            ..LineQuery::default()
        };
        assert_eq!(
            line_query(&q),
            "?employee_no=0001&kind=housing&sort=kind&order=asc&page=1"
        );
        let c = ChangeQuery {
            change_kind: Some(ChangeKind::Gone),
            page: None,
            per_page: Some(50),
        };
        assert_eq!(change_query(&c), "?change_kind=gone&per_page=50");
    }
}
