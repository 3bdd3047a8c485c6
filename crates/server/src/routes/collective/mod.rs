//! 一斉積立事務 (`/api/v1/collective/...`): the three functions of the manual's menu — 一斉積立内訳明細
//! 照会 (CS101101), 一斉積立内訳明細表出力 (CS102101), 一斉積立内訳明細データエクスポート (CS103101).
//! Paths, types and error codes: `docs/collective.md` §7.
//!
//! The data is the bank's (loaded by `cjs operator collective load`): every handler reads, so
//! every one takes `Scoped<CollectiveSavings, Read>` (the payment group with 一斉積立, a user for
//! whom the menu is not 非表示). A `{no}` the group does not have answers E1051 (E1050 when the
//! group has no run at all); the lines of a run the bank sent as 受信情報のみ, E1052.
//!
//! - `runs`: 照会 — the runs, one run's lines (searched, sorted, paged), its 変更明細;
//! - `files`: the two PDF lists and the two CSV files, through [`paper`]: written to the
//!   operation log, loaded on a database thread, rendered off the workers, handed out by
//!   `views::download`.

use actix_web::HttpResponse;
use cjs_api_types::ErrorCode;
use cjs_domain::collective::{RunNo, RunOrigin};
use cjs_store::collective::{self as store, RunKey, RunRow};
use cjs_store::{DbConnection, StoreResult};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::scope::{AccessKind, CollectiveSavings};
use crate::auth::{Read, Scoped};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::routes::deduction::{csv_error, pdf_error};
use crate::routes::ledger::{Format, RenderError, Rendered, Sheet};
use crate::state::{AppState, Audit, Done};

pub mod files;
pub mod runs;
pub mod views;

/// The OpenAPI tag of the menu.
pub const TAG: &str = "collective";

pub fn routes(cfg: &mut ServiceConfig) {
    runs::routes(cfg);
    files::routes(cfg);
}

/// A clerk of the session's payment group, for 一斉積立事務 (照会・出力 only).
pub type Clerk<A = Read> = Scoped<CollectiveSavings, A>;

/// `{no}` of the run paths: 番号 1–999 (anything else: E1000).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct RunPath {
    pub no: RunNo,
}

impl RunPath {
    pub fn key(self, group: &str) -> RunKey<'_> {
        RunKey {
            payment_group: group,
            run_no: self.no,
        }
    }
}

/// The run `no` of the group: E1051 when the group has no such run, E1050 when it has none at
/// all (`docs/collective.md` §7).
pub fn find(c: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Result<RunRow, AppError>> {
    if let Some(run) = store::find_run(c, key)? {
        return Ok(Ok(run));
    }
    Ok(Err(if store::runs(c, key.payment_group)?.is_empty() {
        AppError::new(ErrorCode::E1050)
    } else {
        AppError::new(ErrorCode::E1051).item(key.run_no.to_string())
    }))
}

/// The run `no` of the group with its lines: as [`find`], and E1052 for a run the bank sent as
/// 受信情報のみ (no lines, no 変更明細).
pub fn find_with_lines(
    c: &mut DbConnection,
    key: &RunKey<'_>,
) -> StoreResult<Result<RunRow, AppError>> {
    Ok(find(c, key)?.and_then(|run| match run.origin {
        RunOrigin::File => Ok(run),
        RunOrigin::Header => Err(AppError::new(ErrorCode::E1052)),
    }))
}

/// The operation log's entry of a print or export: function 一斉積立事務, target `group/014`.
pub fn audit<A: AccessKind>(
    auth: &Clerk<A>,
    screen: &'static str,
    action: &'static str,
    key: &RunKey<'_>,
) -> Audit {
    Audit::new(screen, action, key.target()).function(auth.function())
}

/// What a file route hands out: the screen and function it is logged under, its title and the
/// run; the file is named `{title}_{group}_{番号3桁}.{ext}` (ASCII fallback
/// `{ascii}-{group}-{番号3桁}.{ext}`).
pub struct Paper {
    pub screen: &'static str,
    /// The function name, for the operation log.
    pub action: &'static str,
    /// `(title, ASCII name)` of the file.
    pub title: (&'static str, &'static str),
    pub format: Format,
    pub run_no: RunNo,
}

/// The one skeleton of every list and export: written to the operation log (screen, function,
/// `group/014`, row count), `load` on a database thread (its refusal answers as it is and is
/// logged), `render` off the async workers, the bytes handed out as an attachment without
/// caching.
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
    L: FnOnce(&mut DbConnection, &RunKey<'_>) -> StoreResult<Result<T, AppError>> + Send + 'static,
    R: FnOnce(T, Sheet, Format) -> Result<Rendered, RenderError> + Send + 'static,
{
    let group = auth.group.number.clone();
    let run_no = paper.run_no;
    let audit = audit(
        auth,
        paper.screen,
        paper.action,
        &RunKey {
            payment_group: &group,
            run_no,
        },
    );
    let sheet = Sheet {
        group_no: auth.group.number.clone(),
        group_name: auth.group.name.clone(),
        branch: auth.contract.branch.clone(),
        created_at: state.clock.now(),
    };
    let format = paper.format;
    let (title, ascii) = paper.title;
    let tail = format!("{group}_{run_no}");
    let ascii_tail = format!("{group}-{run_no}");
    let started = std::time::Instant::now();
    state
        .audited(ctx, auth, audit, async move {
            let data = state
                .db(move |c| {
                    load(
                        c,
                        &RunKey {
                            payment_group: &group,
                            run_no,
                        },
                    )
                })
                .await??;
            let (bytes, n) = actix_web::web::block(move || render(data, sheet, format))
                .await?
                .map_err(|e| match e {
                    RenderError::Pdf(e) => pdf_error(e),
                    RenderError::Csv(e) => csv_error(e),
                })?;
            let ext = match format {
                Format::Pdf => "pdf",
                Format::Csv(_) => "csv",
            };
            state.metrics.export("collective", ascii, ext, n, started);
            let content_type = match format {
                Format::Pdf => "application/pdf".to_owned(),
                Format::Csv(e) => format!("text/csv; charset={}", e.charset()),
            };
            let response = crate::views::download(
                &content_type,
                &format!("{ascii}-{ascii_tail}.{ext}"),
                &format!("{title}_{tail}.{ext}"),
                bytes,
            );
            Ok(Done::new(response).detail(format!("{title} {n} 件")))
        })
        .await
}

/// The page slice `(offset, limit)` of a 1-based page.
pub fn slice(page: u32, per_page: u32) -> (i64, i64) {
    crate::routes::ledger::slice(page, per_page)
}
