//! 操作ログ照会: the master reads their own contract's log, filtered, as JSON or CSV.

use actix_web::web::{Data, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use chrono::{DateTime, Utc};
use cjs_api_types::users::{OperationLogEntry, OperationLogResponse};
use cjs_api_types::{ApiError, ErrorCode};
use cjs_reports::CsvEncoding;
use cjs_reports::admin::operation_log::{self as operation_log_csv, LogLine};
use cjs_store::oplog;
use cjs_store::time::from_db;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::scope::UserManagement;
use crate::auth::{Read, Scoped};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::{AppState, Audit, Done};
use crate::views;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(operation_log);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LogQuery {
    /// ユーザーIDで絞り込む.
    pub user_id: Option<String>,
    /// 操作名で絞り込む.
    pub action: Option<String>,
    /// この日時以降 (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// この日時より前 (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// 件数 (JSON のみ; CSV は 10,000 件まで).
    #[param(minimum = 0, maximum = 10000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
    /// `csv` で CSV ファイル (UTF-8 BOM 付き) を返す; `csv-sjis` で CP932.
    #[param(pattern = r"^(csv|csv-sjis)$")]
    pub format: Option<String>,
}

/// 操作ログ照会: the master reads their own contract's log, filtered, as JSON or CSV.
#[utoipa::path(tag = "users", params(LogQuery), security(("session" = [])), responses(
    (status = 200, description = "操作ログ: JSON、`format=csv` で UTF-8 (BOM 付き) の CSV、`format=csv-sjis` で CP932 の CSV (添付ファイル)", content(
        (OperationLogResponse = "application/json"),
        (String = "text/csv")
    )),
    (status = 400, description = "絞り込み条件の形式の誤り (E1000)", body = ApiError),
    (status = 403, description = "マスターユーザーのみ (E2302)", body = ApiError),
    (status = 422, description = "CP932 で表せない文字を含む (E1002)", body = ApiError)
))]
#[get("/operation-log")]
pub async fn operation_log(
    state: Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    q: Query<LogQuery>,
) -> Result<HttpResponse, AppError> {
    let started = std::time::Instant::now();
    let now = state.clock.now();
    let csv = q.format.as_deref();
    let limit = if csv.is_some() {
        10_000
    } else {
        q.limit.unwrap_or(100)
    };
    let (user_id, action, from, to, offset) = (
        q.user_id.clone().filter(|s| !s.is_empty()),
        q.action.clone().filter(|s| !s.is_empty()),
        q.from,
        q.to,
        q.offset.unwrap_or(0),
    );
    // Authentication, the access decision and the page share one hop to the database.
    let (auth, (rows, total)) = Scoped::<UserManagement, Read>::read(&req, move |c, auth| {
        let filter = oplog::Filter {
            contract_number: auth.contract.contract_number.clone(),
            user_id,
            action,
            from,
            to,
            limit,
            offset,
        };
        oplog::list(c, &filter)
    })
    .await?;
    let entries: Vec<OperationLogEntry> = rows
        .into_iter()
        .map(|r| OperationLogEntry {
            seq: r.seq,
            at: from_db(r.at),
            user_id: r.user_id,
            screen_id: r.screen_id,
            action: r.action,
            target: r.target,
            result: r.result,
            detail: r.detail,
            client_addr: r.client_addr,
            cert_thumbprint: r.cert_thumbprint,
            function: r.function.parse().ok(),
        })
        .collect();
    let Some(format) = csv else {
        return Ok(HttpResponse::Ok()
            .insert_header(("cache-control", "no-store"))
            .json(OperationLogResponse { entries, total }));
    };
    let encoding = if format == "csv-sjis" {
        CsvEncoding::Cp932
    } else {
        CsvEncoding::Utf8Bom
    };
    let audit = Audit::new(
        "-",
        "操作ログ CSV ダウンロード",
        auth.contract.contract_number.clone(),
    )
    .function(auth.function());
    state
        .audited(&ctx, &auth, audit, async {
            let times: Vec<String> = entries.iter().map(|e| views::jst_text(e.at)).collect();
            let lines = entries.iter().zip(&times).map(|(e, at)| LogLine {
                at,
                user_id: e.user_id.as_deref().unwrap_or(""),
                screen_id: &e.screen_id,
                function: e.function.map_or("", |f| f.label()),
                action: &e.action,
                target: &e.target,
                result: &e.result,
                detail: &e.detail,
                client_addr: &e.client_addr,
                cert_thumbprint: &e.cert_thumbprint,
            });
            let bytes = operation_log_csv::write(Vec::new(), encoding, lines).map_err(|e| {
                AppError::new(ErrorCode::E1002)
                    .item("操作ログ")
                    .item("CP932で表せる文字")
                    .cause(e)
            })?;
            let filename = format!(
                "operation-log-{}.csv",
                cjs_domain::calendar::jst(now).format("%Y%m%d%H%M%S")
            );
            let response = views::download(
                &format!("text/csv; charset={}", encoding.charset()),
                &filename,
                &filename,
                bytes,
            );
            state.metrics.export(
                "operation_log",
                "operation-log",
                "csv",
                entries.len(),
                started,
            );
            Ok(Done::new(response).detail(format!("{} 件", entries.len())))
        })
        .await
}
