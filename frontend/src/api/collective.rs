//! 一斉積立事務 (`/api/v1/collective/...`, docs/collective.md §7): the calls of CS101101–CS103101.
//! Every call reads; the PDFs and CSVs are fetched inside the session like 労金控除's
//! ([`super::deduction::file`]).

use cjs_api_types::collective::{ChangePage, ChangeQuery, LinePage, LineQuery, LineSort, RunList};

use super::deduction::{Query, order_name};
use super::ledger::wire;
use super::{Failure, Scope, get};

/// The prefix of every path of this menu.
pub const BASE: &str = "/api/v1/collective";

/// `/api/v1/collective/runs/{no}`
pub fn run_path(run_no: i32) -> String {
    format!("{BASE}/runs/{run_no}")
}

pub fn sort_name(sort: LineSort) -> String {
    wire(sort)
}

/// `?employee_no&kana_prefix&branch_no&sort&order&page&per_page`
pub fn line_query(q: &LineQuery) -> String {
    Query::new()
        .opt("employee_no", q.employee_no.as_deref())
        .opt("kana_prefix", q.kana_prefix.as_deref())
        .opt("branch_no", q.branch_no.as_deref())
        .opt("sort", q.sort.map(sort_name))
        .opt("order", q.order.map(order_name))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `?kind&page&per_page`
pub fn change_query(q: &ChangeQuery) -> String {
    Query::new()
        .opt("kind", q.kind.map(wire))
        .opt("page", q.page.map(|p| p.to_string()))
        .opt("per_page", q.per_page.map(|p| p.to_string()))
        .string()
}

/// `GET /collective/runs` (CS101101): the group's runs, newest first.
pub async fn runs() -> Result<RunList, Failure> {
    get(&format!("{BASE}/runs"), Scope::Session).await
}

/// `GET /collective/runs/{no}/lines` (CS101101 内訳明細)
pub async fn lines(run_no: i32, q: &LineQuery) -> Result<LinePage, Failure> {
    get(
        &format!("{}/lines{}", run_path(run_no), line_query(q)),
        Scope::Session,
    )
    .await
}

/// `GET /collective/runs/{no}/changes` (CS101101 変更明細)
pub async fn changes(run_no: i32, q: &ChangeQuery) -> Result<ChangePage, Failure> {
    get(
        &format!("{}/changes{}", run_path(run_no), change_query(q)),
        Scope::Session,
    )
    .await
}

/// One of the run's files: `lines.pdf`, `changes.pdf` (CS102101) or `lines.csv`, `changes.csv`
/// with `?encoding` (CS103101).
pub fn file_path(run_no: i32, file: &str, encoding: Option<&str>) -> String {
    let query = Query::new().opt("encoding", encoding).string();
    format!("{}/{file}{query}", run_path(run_no))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::collective::{ChangeKind, SortOrder};

    #[test]
    fn empty_filters_are_left_out_and_values_encoded() {
        assert_eq!(line_query(&LineQuery::default()), "");
        let q = LineQuery {
            employee_no: Some(" 00123 ".to_owned()),
            kana_prefix: Some("ﾔﾏ".to_owned()),
            branch_no: Some("201".to_owned()),
            sort: Some(LineSort::KanaName),
            order: Some(SortOrder::Desc),
            page: Some(2),
            per_page: Some(50),
        };
        assert_eq!(
            line_query(&q),
            "?employee_no=00123&kana_prefix=%EF%BE%94%EF%BE%8F&branch_no=201&sort=kana_name&order=desc&page=2&per_page=50"
        );
        let c = ChangeQuery {
            kind: Some(ChangeKind::Account),
            page: Some(1),
            per_page: None,
        };
        assert_eq!(change_query(&c), "?kind=account&page=1");
        assert_eq!(change_query(&ChangeQuery::default()), "");
    }

    #[test]
    fn a_run_and_its_files_are_named_by_the_number() {
        assert_eq!(run_path(14), "/api/v1/collective/runs/14");
        assert_eq!(
            file_path(14, "lines.pdf", None),
            "/api/v1/collective/runs/14/lines.pdf"
        );
        assert_eq!(
            file_path(14, "changes.csv", Some("utf8")),
            "/api/v1/collective/runs/14/changes.csv?encoding=utf8"
        );
    }
}
