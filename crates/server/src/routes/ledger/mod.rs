//! 賃控元帳事務 (`/api/v1/ledger/...`): the thirteen functions of the manual's menu. Paths, access,
//! types and error codes: `docs/ledger.md` §7–§8.
//!
//! Every handler takes `Scoped<Ledger, Read|Write>` (the payment group with 賃控元帳, changes only
//! for a user who is not 閲覧のみ), applies the domain's rules (`cjs_domain::ledger`) and the
//! store's (`cjs_store::ledger`); every change, print and export is written to the operation log.
//!
//! - `items`: 賃控元帳種目情報照会 (照会, 登録, 変更, 削除);
//! - `lines`: 賃控元帳明細照会 (search, one, 変更, 解除), 新規登録, 明細データエクスポート / インポート;
//! - `history`: 賃控元帳明細更新履歴照会;
//! - `bulk`: 賃控元帳明細一括更新 (preview, apply);
//! - `check`: 賃控元帳確認リスト出力 (内訳, 種目合計, 異動分);
//! - `runs`: 控除依頼 (作成), 賃控元帳控除依頼リスト出力, 相違リスト, 控除依頼データエクスポート;
//! - `results`: 賃控元帳結果リスト出力 (record, import, PDF);
//! - `combined`: 労金控除賃控元帳依頼リスト出力 / データエクスポート.
//!
//! Every file route goes through [`paper`]: audited, loaded on a database thread, rendered off
//! the workers, handed out by `views::download`.

use actix_web::HttpResponse;
use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use cjs_api_types::ErrorCode;
use cjs_api_types::deduction::CsvCharset;
use cjs_domain::ledger::Refusal;
use cjs_store::{DbConnection, StoreResult};
use futures_util::StreamExt;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::scope::{AccessKind, Ledger};
use crate::auth::{Read, Scoped};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};

pub use crate::routes::deduction::{CyclePath, csv_error, pdf_error};

pub mod bulk;
pub mod check;
pub mod combined;
pub mod files;
pub mod history;
pub mod items;
pub mod lines;
pub mod results;
pub mod runs;
pub mod views;

/// The OpenAPI tag of the menu.
pub const TAG: &str = "ledger";

pub fn routes(cfg: &mut ServiceConfig) {
    items::routes(cfg);
    lines::routes(cfg);
    history::routes(cfg);
    bulk::routes(cfg);
    check::routes(cfg);
    runs::routes(cfg);
    results::routes(cfg);
    combined::routes(cfg);
}

/// A clerk of the session's payment group, for 賃控元帳事務.
pub type Clerk<A = Read> = Scoped<Ledger, A>;

/// A domain refusal as the catalogue's error (`docs/ledger.md` §8).
pub fn refused(r: Refusal) -> AppError {
    match cjs_api_types::ledger::refusal_code(&r) {
        Some((code, items)) => items
            .into_iter()
            .fold(AppError::new(code), |e, item| e.item(item)),
        None => match r {
            Refusal::Rule(e) => e.into(),
            other => AppError::internal(format!("refusal without a code: {other:?}")),
        },
    }
}

/// The operation log's function and target for a change or print of the clerk's group.
pub fn audit<A: AccessKind>(
    auth: &Clerk<A>,
    screen: &'static str,
    action: &'static str,
    target: impl std::fmt::Display,
) -> Audit {
    Audit::new(screen, action, format!("{}/{target}", auth.group.number)).function(auth.function())
}

/// `(user_id, user_name)` of the clerk, for the store's `Writer`.
pub fn writer<A: AccessKind>(auth: &Clerk<A>) -> (String, String) {
    (auth.user.user_id.clone(), auth.user.user_name.clone())
}

/// `occasion/YYYY-MM`, the cycle part of a target.
pub fn cycle_target(path: CyclePath) -> String {
    format!("{}/{}", path.occasion.as_str(), path.month)
}

/// A file's format: a PDF list or a CSV in the asked encoding.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    Pdf,
    Csv(cjs_reports::CsvEncoding),
}

impl Format {
    /// The CSV encoding asked for (`?encoding=`; CP932 unless `utf8`).
    pub fn csv(e: Option<CsvCharset>) -> Format {
        Format::Csv(crate::routes::deduction::csv_encoding(e))
    }

    fn content_type(self) -> String {
        match self {
            Format::Pdf => "application/pdf".to_owned(),
            Format::Csv(e) => format!("text/csv; charset={}", e.charset()),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Csv(_) => "csv",
        }
    }
}

/// What a file route hands out: the screen and function it is logged under, and its file name
/// (`{title}_{name_tail}.{ext}`, ASCII fallback `{ascii}-{ascii_tail}.{ext}`).
pub struct Paper {
    pub screen: &'static str,
    /// The function name, for the operation log.
    pub action: &'static str,
    /// The list's title (the file name starts with it).
    pub title: &'static str,
    pub ascii: &'static str,
    pub format: Format,
    /// `group/…` in the log.
    pub target: String,
    pub name_tail: String,
    pub ascii_tail: String,
}

impl Paper {
    /// A list of a cycle: `{title}_{group}_{支給区分}_{YYYYMM}`.
    pub fn of_cycle<A: AccessKind>(
        auth: &Clerk<A>,
        path: CyclePath,
        screen: &'static str,
        action: &'static str,
        (title, ascii): (&'static str, &'static str),
        format: Format,
    ) -> Paper {
        let group = &auth.group.number;
        Paper {
            screen,
            action,
            title,
            ascii,
            format,
            target: cycle_target(path),
            name_tail: format!("{group}_{}_{}", path.occasion.label(), path.month.compact()),
            ascii_tail: format!(
                "{group}-{}-{}",
                path.occasion.as_str(),
                path.month.compact()
            ),
        }
    }
}

/// What a renderer gets besides its data: the clerk's group, the contract's お取引店 and the
/// time of printing.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub group_no: String,
    pub group_name: String,
    pub branch: String,
    pub created_at: DateTime<Utc>,
}

/// The file a renderer made and how many rows it holds (for the log).
pub type Rendered = (Vec<u8>, usize);

/// A renderer's failure: a PDF or a CSV that cannot hold a character.
pub enum RenderError {
    Pdf(cjs_reports::pdf::PdfError),
    Csv(cjs_reports::csv::CsvError),
}

impl From<cjs_reports::pdf::PdfError> for RenderError {
    fn from(e: cjs_reports::pdf::PdfError) -> Self {
        RenderError::Pdf(e)
    }
}

impl From<cjs_reports::csv::CsvError> for RenderError {
    fn from(e: cjs_reports::csv::CsvError) -> Self {
        RenderError::Csv(e)
    }
}

/// The one skeleton of every list and export: written to the operation log (screen, function,
/// target, row count), `load` on a database thread (its refusal answers as it is), `render` off
/// the async workers, the bytes handed out as an attachment without caching.
pub async fn paper<A, T, L, R>(
    state: &AppState,
    ctx: &Ctx,
    auth: &Clerk<A>,
    paper: Paper,
    load: L,
    render: R,
) -> Result<HttpResponse, AppError>
where
    A: AccessKind,
    T: Send + 'static,
    L: FnOnce(&mut DbConnection, &str) -> StoreResult<Result<T, AppError>> + Send + 'static,
    R: FnOnce(T, Sheet, Format) -> Result<Rendered, RenderError> + Send + 'static,
{
    let audit = audit(auth, paper.screen, paper.action, &paper.target);
    let group = auth.group.number.clone();
    let sheet = Sheet {
        group_no: auth.group.number.clone(),
        group_name: auth.group.name.clone(),
        branch: auth.contract.branch.clone(),
        created_at: state.clock.now(),
    };
    let format = paper.format;
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
            let ext = format.extension();
            state.metrics.export("ledger", paper.ascii, ext, n, started);
            let response = crate::views::download(
                &format.content_type(),
                &format!("{}-{}.{ext}", paper.ascii, paper.ascii_tail),
                &format!("{}_{}.{ext}", paper.title, paper.name_tail),
                bytes,
            );
            Ok(Done::new(response).detail(format!("{} {n} 件", paper.title)))
        })
        .await
}

/// The largest file an import takes (`docs/ledger.md` §7: 32 MB).
pub const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

/// The request body of an import (the file's bytes as sent: `text/csv`, `application/octet-stream`
/// or any other type), read up to [`IMPORT_LIMIT`] (E9413 beyond).
pub async fn file_body(mut payload: actix_web::web::Payload) -> Result<Bytes, AppError> {
    let mut body = actix_web::web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::new(ErrorCode::E1000).cause(e))?;
        if body.len() + chunk.len() > IMPORT_LIMIT {
            return Err(AppError::new(ErrorCode::E9413));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The page slice `(offset, limit)` of a 1-based page.
pub fn slice(page: u32, per_page: u32) -> (i64, i64) {
    (
        i64::from(page - 1) * i64::from(per_page),
        i64::from(per_page),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_answered_with_its_code() {
        assert_eq!(refused(Refusal::Stale).code, ErrorCode::E1010);
        assert_eq!(refused(Refusal::Cancelled).code, ErrorCode::E1012);
        assert_eq!(refused(Refusal::ItemInUse(3)).code, ErrorCode::E1030);
        let e = refused(Refusal::DigitCount {
            given: "12".into(),
            registered: "0012".into(),
        });
        assert_eq!((e.code, e.items.len()), (ErrorCode::E1043, 2));
    }

    #[test]
    fn pages_start_at_1() {
        assert_eq!(slice(1, 50), (0, 50));
        assert_eq!(slice(3, 20), (40, 20));
    }
}
