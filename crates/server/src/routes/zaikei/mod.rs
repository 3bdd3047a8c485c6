//! 財形貯蓄事務 (`/api/v1/zaikei/...`): 財形積立明細照会 (ZK101101), 財形積立明細書出力 (ZK102101)
//! and 財形積立明細データエクスポート (ZK103101). Paths, types and error codes: `docs/zaikei.md` §7.
//!
//! Every handler takes `Scoped<Zaikei, Read>` (the payment group with 財形; the data is the
//! bank's, so there is nothing to change), refuses a member contract's user (E2302) and a
//! document whose own service the group has not contracted (E1061), and shows only the kept
//! cycles (the newest `zaikei.keep_cycles` of the document: E1063 when there is none, E1060 for
//! any other 作成基準日). Every print and export goes through [`paper`]: written to the operation
//! log (function `zaikei`, target `group/document/YYYY-MM-DD`), loaded on a database thread,
//! rendered off the workers, handed out by `views::download`.
//!
//! - `inquiry`: the documents and their cycles, a cycle's lines (+ totals per 財形種類) and 変更明細;
//! - `files`: 財形積立明細書 / 財形積立変更明細書 (PDF), 財形積立明細データ / 財形積立変更明細データ (CSV).

use actix_web::HttpRequest;
use actix_web::HttpResponse;
use chrono::NaiveDate;
use cjs_api_types::ErrorCode;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;
use cjs_domain::{ContractKind, Service};
use cjs_store::zaikei::{self as store, CycleKey, CycleRow};
use cjs_store::{DbConnection, StoreResult};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::scope::Zaikei;
use crate::auth::{Read, Scoped};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::routes::deduction::{csv_error, pdf_error};
use crate::routes::ledger::{Format, RenderError, Rendered};
use crate::state::{AppState, Audit, Done};

pub mod files;
pub mod inquiry;
pub mod views;

/// The OpenAPI tag of the menu.
pub const TAG: &str = "zaikei";

pub fn routes(cfg: &mut ServiceConfig) {
    inquiry::routes(cfg);
    files::routes(cfg);
}

/// A clerk of the session's payment group, for 財形貯蓄事務 (reading only).
pub type Clerk = Scoped<Zaikei, Read>;

/// `{doc}/{date}` of the cycle paths.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct DocPath {
    pub doc: EmployerDocument,
    pub date: NaiveDate,
}

impl DocPath {
    pub fn key<'a>(&self, group: &'a str) -> CycleKey<'a> {
        CycleKey {
            payment_group: group,
            document: self.doc,
            base_date: self.date,
        }
    }
}

/// 財形 is an employer's menu: a member contract's user is refused as for any function it has
/// not contracted (E2302), whatever its groups' services say.
pub fn employer_only(auth: &Clerk) -> Result<(), AppError> {
    if auth.contract.kind == ContractKind::Employer {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::E2302))
    }
}

/// E1061 unless the group contracted the document's own service (預入依頼書, 加入者残高一覧表,
/// 奨励金).
pub fn contracted(services: &[Service], document: EmployerDocument) -> Result<(), AppError> {
    if services.contains(&document.service()) {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::E1061))
    }
}

/// What a cycle route asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// The lines (照会, 明細書, 明細データ): every document.
    Lines,
    /// The 変更明細: a 預入依頼書 only (E1062).
    Changes,
}

/// The kept cycle `{doc}/{date}` of the group, checked in the order the codes are documented
/// (the caller has refused a member contract, [`employer_only`]):
/// the document's service (E1061), 変更明細 of a 預入依頼書 only (E1062), a cycle of the document
/// at all (E1063), this 作成基準日 among the newest `keep` (E1060).
pub fn kept_cycle(
    c: &mut DbConnection,
    services: &[Service],
    group: &str,
    path: DocPath,
    keep: u32,
    want: Want,
) -> StoreResult<Result<CycleRow, AppError>> {
    if let Err(e) = contracted(services, path.doc) {
        return Ok(Err(e));
    }
    if want == Want::Changes && !DocumentKind::of(path.doc).is_deposit() {
        return Ok(Err(AppError::new(ErrorCode::E1062)));
    }
    let dates = store::base_dates(c, group, path.doc)?;
    if dates.is_empty() {
        return Ok(Err(AppError::new(ErrorCode::E1063)));
    }
    if !kept(&dates, keep).contains(&path.date) {
        return Ok(Err(AppError::new(ErrorCode::E1060)));
    }
    Ok(store::find_cycle(c, &path.key(group))?.ok_or_else(|| AppError::new(ErrorCode::E1060)))
}

/// The kept 作成基準日 of the dates stored (newest first or not): the newest `keep`. The purge
/// deletes the others (`cjs_domain::zaikei::retention`); until it has run they are not shown.
pub fn kept(dates: &[NaiveDate], keep: u32) -> Vec<NaiveDate> {
    let gone = cjs_domain::zaikei::retention::to_purge(dates, keep);
    let mut out: Vec<NaiveDate> = dates
        .iter()
        .copied()
        .filter(|d| !gone.contains(d))
        .collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    out
}

/// The first page's read: the same decision as the extractor and the employer check, then
/// `read` on the same database connection in one blocking hop.
pub async fn read<T, R>(req: &HttpRequest, read: R) -> Result<(Clerk, T), AppError>
where
    T: Send + 'static,
    R: FnOnce(&mut DbConnection, &Clerk) -> StoreResult<Result<T, AppError>> + Send + 'static,
{
    let (auth, out) = Clerk::read(req, move |c, auth| match employer_only(auth) {
        Ok(()) => read(c, auth),
        Err(e) => Ok(Err(e)),
    })
    .await?;
    Ok((auth, out?))
}

/// What a file route hands out: the screen and function it is logged under, and its file name
/// (`{title}_{group}_{YYYYMMDD}.{ext}`, ASCII fallback `zaikei-{ascii}-{document}-{group}-{YYYYMMDD}.{ext}`).
pub struct Paper {
    pub screen: &'static str,
    /// The function name, for the operation log.
    pub action: &'static str,
    /// The file's title (its name starts with it).
    pub title: String,
    pub ascii: &'static str,
    pub format: Format,
    pub path: DocPath,
}

/// What a renderer gets besides its data: the 事業主名, the clerk's group, the contract's
/// お取引店 and the time of printing.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub employer_name: String,
    pub group_no: String,
    pub group_name: String,
    pub branch: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The one skeleton of every print and export: written to the operation log (screen, function,
/// `group/document/YYYY-MM-DD`, row count) whether it succeeds or is refused, `load` on a
/// database thread (its refusal answers as it is), `render` off the async workers, the bytes
/// handed out as an attachment without caching.
pub async fn paper<T, L, R>(
    state: &AppState,
    ctx: &Ctx,
    auth: &Clerk,
    paper: Paper,
    load: L,
    render: R,
) -> Result<HttpResponse, AppError>
where
    T: Send + 'static,
    L: FnOnce(&mut DbConnection, &str) -> StoreResult<Result<T, AppError>> + Send + 'static,
    R: FnOnce(T, Sheet, Format) -> Result<Rendered, RenderError> + Send + 'static,
{
    let group = auth.group.number.clone();
    let target = paper.path.key(&group).target();
    let audit = Audit::new(paper.screen, paper.action, target).function(auth.function());
    let sheet = Sheet {
        employer_name: auth.contract.name.clone(),
        group_no: auth.group.number.clone(),
        group_name: auth.group.name.clone(),
        branch: auth.contract.branch.clone(),
        created_at: state.clock.now(),
    };
    let format = paper.format;
    let (content_type, ext) = match format {
        Format::Pdf => ("application/pdf".to_owned(), "pdf"),
        Format::Csv(e) => (format!("text/csv; charset={}", e.charset()), "csv"),
    };
    let date = paper.path.date.format("%Y%m%d").to_string();
    let name = format!("{}_{group}_{date}.{ext}", paper.title);
    let ascii = format!(
        "zaikei-{}-{}-{group}-{date}.{ext}",
        paper.ascii,
        paper.path.doc.as_str().replace('_', "-")
    );
    let title = paper.title;
    let file = paper.ascii;
    let started = std::time::Instant::now();
    state
        .audited(ctx, auth, audit, async move {
            let data = state.db(move |c| load(c, &group)).await??;
            let (bytes, n) = actix_web::web::block(move || render(data, sheet, format))
                .await?
                .map_err(|e| match e {
                    RenderError::Pdf(e) => pdf_error(e),
                    RenderError::Csv(e) => csv_error(e),
                })?;
            state.metrics.export("zaikei", file, ext, n, started);
            let response = crate::views::download(&content_type, &ascii, &name, bytes);
            Ok(Done::new(response).detail(format!("{title} {n} 件")))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, 16).expect("date")
    }

    #[test]
    fn only_the_newest_cycles_are_kept_newest_first() {
        assert_eq!(kept(&[d(1), d(3), d(2), d(4)], 3), [d(4), d(3), d(2)]);
        assert_eq!(kept(&[d(2)], 3), [d(2)]);
        assert!(kept(&[], 3).is_empty());
        assert_eq!(kept(&[d(5), d(4)], 1), [d(5)]);
    }
}
