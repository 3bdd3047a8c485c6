//! Prometheus metrics (OpenMetrics text) for the operator: requests by route pattern, latency,
//! logins and their failures, locks and 閉塞, certificates issued, imports and exports (rows and
//! seconds), mail sent or failed, and the database pool read at scrape time.
//!
//! Served only on the separate plain-HTTP listener `metrics.bind` (off unless configured), never
//! on the certificate-bound public port. Labels are bounded sets chosen by the code — a route's
//! *pattern* (`/api/v1/users/{user_id}`), never the raw path; an error code; a file kind — so no
//! tenant data (user IDs, contract numbers, group numbers) ever reaches a label.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, HttpRequest, HttpResponse};
use cjs_store::Pool;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::config::IpNetwork;

/// The content type of the scrape (OpenMetrics 1.0 text; Prometheus reads it natively).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The path the metrics listener serves.
pub const PATH: &str = "/metrics";

/// The route label of a request no resource matched (the SPA's deep links, unknown paths).
pub const UNMATCHED: &str = "unmatched";

/// Request latency buckets, seconds: 1 ms … ~16 s.
fn latency_buckets() -> Histogram {
    Histogram::new([
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    ])
}

/// Import and export durations, seconds: 10 ms … 5 min (a 100k-row file takes seconds).
fn file_buckets() -> Histogram {
    Histogram::new([
        0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0,
    ])
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: &'static str,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LatencyLabels {
    pub method: &'static str,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabels {
    pub result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabels {
    pub code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LockLabels {
    /// `lock` (ロック) or `block` (閉塞).
    pub kind: &'static str,
    /// `user` or `contract` (the initial password's counter).
    pub subject: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ImportLabels {
    pub kind: &'static str,
    /// `check` or `apply`.
    pub mode: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ImportResultLabels {
    pub kind: &'static str,
    pub mode: &'static str,
    /// `ok` or `error`.
    pub result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ExportLabels {
    /// The area: `deduction`, `ledger`, `collective`, `zaikei`, `operation_log`.
    pub area: &'static str,
    /// The file (the download's ASCII name stem, e.g. `lines`, `statement`).
    pub file: &'static str,
    /// `csv` or `pdf`.
    pub format: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MailLabels {
    /// `sent` or `failed`.
    pub result: &'static str,
}

/// Every metric of one server instance; cheap to share (`Arc`).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily<LatencyLabels>,
    logins: Family<ResultLabels, Counter>,
    login_failures: Family<CodeLabels, Counter>,
    lockouts: Family<LockLabels, Counter>,
    certificates_issued: Counter,
    imports: Family<ImportResultLabels, Counter>,
    import_rows: Family<ImportLabels, Counter>,
    import_seconds: HistogramFamily<ImportLabels>,
    exports: Family<ExportLabels, Counter>,
    export_rows: Family<ExportLabels, Counter>,
    export_seconds: HistogramFamily<ExportLabels>,
    mail: Family<MailLabels, Counter>,
}

impl Metrics {
    /// The registry with every metric, and the pool's gauges read from `pool` at each scrape.
    pub fn new(pool: Option<Pool>) -> Self {
        let mut registry = Registry::with_prefix("cjs");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route pattern and status",
            requests.clone(),
        );
        let latency = HistogramFamily::<LatencyLabels>::new_with_constructor(latency_buckets);
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by method and route pattern, seconds",
            latency.clone(),
        );
        let logins = Family::<ResultLabels, Counter>::default();
        registry.register(
            "logins",
            "Logins (DC582101) by result: success or failure",
            logins.clone(),
        );
        let login_failures = Family::<CodeLabels, Counter>::default();
        registry.register(
            "login_failures",
            "Failed logins by error code (E2002 wrong password, E2003 locked, E2004/E2005 閉塞, E21xx certificate)",
            login_failures.clone(),
        );
        let lockouts = Family::<LockLabels, Counter>::default();
        registry.register(
            "lockouts",
            "Accounts locked (kind=lock, ロック) or blocked (kind=block, 閉塞) by wrong passwords",
            lockouts.clone(),
        );
        let certificates_issued = Counter::default();
        registry.register(
            "certificates_issued",
            "Client certificates (電子証明書) issued",
            certificates_issued.clone(),
        );
        let imports = Family::<ImportResultLabels, Counter>::default();
        registry.register(
            "imports",
            "File imports finished, by kind, mode (check or apply) and result",
            imports.clone(),
        );
        let import_rows = Family::<ImportLabels, Counter>::default();
        registry.register(
            "import_rows",
            "Rows read by successful imports",
            import_rows.clone(),
        );
        let import_seconds = HistogramFamily::<ImportLabels>::new_with_constructor(file_buckets);
        registry.register(
            "import_duration_seconds",
            "Time of successful imports (reading, checking, writing), seconds",
            import_seconds.clone(),
        );
        let exports = Family::<ExportLabels, Counter>::default();
        registry.register(
            "exports",
            "Files (CSV, PDF) handed out, by area, file and format",
            exports.clone(),
        );
        let export_rows = Family::<ExportLabels, Counter>::default();
        registry.register(
            "export_rows",
            "Rows in the files handed out",
            export_rows.clone(),
        );
        let export_seconds = HistogramFamily::<ExportLabels>::new_with_constructor(file_buckets);
        registry.register(
            "export_duration_seconds",
            "Time to load and render a file, seconds",
            export_seconds.clone(),
        );
        let mail = Family::<MailLabels, Counter>::default();
        registry.register("mail", "Mail by result: sent or failed", mail.clone());
        if let Some(pool) = pool {
            registry.register_collector(Box::new(PoolCollector(pool)));
        }
        Metrics {
            registry,
            requests,
            latency,
            logins,
            login_failures,
            lockouts,
            certificates_issued,
            imports,
            import_rows,
            import_seconds,
            exports,
            export_rows,
            export_seconds,
            mail,
        }
    }

    /// The scrape: every metric in OpenMetrics text, ending with `# EOF`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; an encoder error would be a bug in a label.
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "encoding the metrics");
            let _ = writeln!(out, "# EOF");
        }
        out
    }

    pub fn request(&self, method: &Method, route: Option<String>, status: u16, took: Duration) {
        let method = method_label(method);
        let route = route.unwrap_or_else(|| UNMATCHED.to_owned());
        self.latency
            .get_or_create(&LatencyLabels {
                method,
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    pub fn login_succeeded(&self) {
        self.logins
            .get_or_create(&ResultLabels { result: "success" })
            .inc();
    }

    pub fn login_failed(&self, code: cjs_api_types::ErrorCode) {
        self.logins
            .get_or_create(&ResultLabels { result: "failure" })
            .inc();
        self.login_failures
            .get_or_create(&CodeLabels {
                code: code.as_str(),
            })
            .inc();
    }

    /// A wrong password that locked (`blocked == false`) or blocked the subject.
    pub fn locked(&self, subject: &'static str, blocked: bool) {
        let kind = if blocked { "block" } else { "lock" };
        self.lockouts
            .get_or_create(&LockLabels { kind, subject })
            .inc();
    }

    pub fn certificate_issued(&self) {
        self.certificates_issued.inc();
    }

    /// An import that finished: its rows (`Some`) and time when it succeeded, only its count when
    /// it failed (`None`).
    pub fn import(
        &self,
        kind: &'static str,
        mode: &'static str,
        rows: Option<usize>,
        started: Instant,
    ) {
        let result = if rows.is_some() { "ok" } else { "error" };
        self.imports
            .get_or_create(&ImportResultLabels { kind, mode, result })
            .inc();
        if let Some(rows) = rows {
            let labels = ImportLabels { kind, mode };
            self.import_rows.get_or_create(&labels).inc_by(rows as u64);
            self.import_seconds
                .get_or_create(&labels)
                .observe(started.elapsed().as_secs_f64());
        }
    }

    /// A file handed out: its rows and the time to load and render it.
    pub fn export(
        &self,
        area: &'static str,
        file: &'static str,
        format: &'static str,
        rows: impl TryInto<u64>,
        started: Instant,
    ) {
        let labels = ExportLabels { area, file, format };
        self.exports.get_or_create(&labels).inc();
        self.export_rows
            .get_or_create(&labels)
            .inc_by(rows.try_into().unwrap_or(0));
        self.export_seconds
            .get_or_create(&labels)
            .observe(started.elapsed().as_secs_f64());
    }

    pub fn mail(&self, sent: bool) {
        let result = if sent { "sent" } else { "failed" };
        self.mail.get_or_create(&MailLabels { result }).inc();
    }
}

/// The method as a label: the standard ones by name, anything else as `OTHER` (a client may send
/// any token as a method; the label set stays bounded).
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "OTHER",
    }
}

/// The database pool's state, read at each scrape.
struct PoolCollector(Pool);

impl std::fmt::Debug for PoolCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PoolCollector")
    }
}

impl Collector for PoolCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let state = self.0.state();
        let gauges = [
            (
                "db_pool_connections",
                "Connections the pool holds now (idle and in use)",
                i64::from(state.connections),
            ),
            (
                "db_pool_idle_connections",
                "Idle connections in the pool",
                i64::from(state.idle_connections),
            ),
            (
                "db_pool_max_connections",
                "The pool's size (database.pool_size)",
                i64::from(self.0.max_size()),
            ),
        ];
        for (name, help, value) in gauges {
            let gauge = ConstGauge::new(value);
            let metric = encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
            gauge.encode(metric)?;
        }
        Ok(())
    }
}

/// The middleware: one count and one latency observation per request, labelled with the matched
/// route pattern (or `unmatched`), never the path itself.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let metrics = req.app_data::<Data<Arc<Metrics>>>().cloned();
    let method = req.method().clone();
    let started = Instant::now();
    let result = next.call(req).await;
    if let Some(metrics) = metrics {
        let (route, status) = match &result {
            Ok(res) => (res.request().match_pattern(), res.status().as_u16()),
            Err(e) => (None, e.as_response_error().status_code().as_u16()),
        };
        metrics.request(&method, route, status, started.elapsed());
    }
    result
}

/// The allowed peers of the metrics listener (empty: any peer that reaches the bound address).
#[derive(Clone)]
pub struct Allowed(pub Vec<IpNetwork>);

/// `GET /metrics` on the metrics listener.
pub async fn scrape(
    req: HttpRequest,
    metrics: Data<Arc<Metrics>>,
    allowed: Data<Allowed>,
) -> HttpResponse {
    let peer = req.peer_addr().map(|a| a.ip());
    if !allowed.0.is_empty() && !peer.is_some_and(|ip| allowed.0.iter().any(|n| n.contains(ip))) {
        return HttpResponse::Forbidden().finish();
    }
    HttpResponse::Ok()
        .insert_header(("content-type", CONTENT_TYPE))
        .insert_header(("cache-control", "no-store"))
        .body(metrics.encode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_appear_in_the_scrape_with_their_labels() {
        let m = Metrics::new(None);
        m.request(
            &Method::GET,
            Some("/api/v1/users/{user_id}".into()),
            200,
            Duration::from_millis(3),
        );
        m.request(
            &Method::from_bytes(b"BREW").expect("method"),
            None,
            405,
            Duration::ZERO,
        );
        m.login_failed(cjs_api_types::ErrorCode::E2002);
        m.locked("user", false);
        m.export("ledger", "lines", "csv", 12, Instant::now());
        let text = m.encode();
        assert!(text.contains(
            "cjs_http_requests_total{method=\"GET\",route=\"/api/v1/users/{user_id}\",status=\"200\"} 1\n"
        ), "{text}");
        assert!(
            text.contains(
                "cjs_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"405\"} 1\n"
            ),
            "{text}"
        );
        assert!(text.contains(
            "cjs_http_request_duration_seconds_bucket{le=\"0.005\",method=\"GET\",route=\"/api/v1/users/{user_id}\"} 1\n"
        ), "{text}");
        assert!(text.contains("cjs_logins_total{result=\"failure\"} 1\n"));
        assert!(text.contains("cjs_login_failures_total{code=\"E2002\"} 1\n"));
        assert!(text.contains("cjs_lockouts_total{kind=\"lock\",subject=\"user\"} 1\n"));
        assert!(
            text.contains(
                "cjs_export_rows_total{area=\"ledger\",file=\"lines\",format=\"csv\"} 12\n"
            )
        );
        assert!(text.ends_with("# EOF\n"));
    }
}
