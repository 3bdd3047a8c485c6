//! Builds the application from settings: PKI, pool, migrations, the HTTP(S) server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::web::{self, Data};
use actix_web::{App, HttpResponse, HttpServer};
use anyhow::Context;
use cjs_domain::Clock;
use cjs_pki::Pki;
use cjs_store::{build_pool, meta, run_migrations};
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::error::{json_error_handler, path_error_handler, query_error_handler};
use crate::middleware::{api_defaults, request_id, security_headers};
use crate::state::AppState;
use crate::{openapi, routes, spa, tls};

/// Request bodies above this are refused (E9413); imports get their own limit.
const JSON_LIMIT: usize = 1024 * 1024;

pub struct Application {
    port: u16,
    tls: bool,
    server: Server,
    /// The plain-HTTP metrics listener (`metrics.bind`), when configured.
    metrics_port: Option<u16>,
    metrics_server: Option<Server>,
    state: AppState,
}

impl Application {
    /// Prepares everything and binds the listener; the server runs when awaited.
    pub fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        if !settings.data_dir.exists() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::create_dir_all(&settings.data_dir).with_context(|| {
                format!("creating data directory {}", settings.data_dir.display())
            })?;
            // Keys, the database and mail with codes live here: owner only.
            std::fs::set_permissions(&settings.data_dir, std::fs::Permissions::from_mode(0o700))?;
        }
        // The TLS material lives in real time (browsers check it), whatever the service clock says.
        let pki = Pki::load_or_create(
            &settings.pki_dir(),
            &settings.server.tls.hostnames,
            chrono::Utc::now(),
        )
        .context("preparing the certificate authority")?;
        let url = settings.database_url()?;
        let pool = build_pool(&url, settings.database.pool_size)
            .with_context(|| format!("opening the database {url:?}"))?;
        {
            let mut conn = pool.get().context("connecting to the database")?;
            run_migrations(&mut conn).context("migrating the database")?;
            meta::first_started_at(&mut conn, clock.now().naive_utc())?;
        }

        let metrics = Arc::new(crate::metrics::Metrics::new(Some(pool.clone())));
        let mailer = crate::mail::Mailer::from_settings(&settings)
            .context("preparing mail")?
            .with_metrics(metrics.clone());
        let db_threads = crate::db::DbThreads::start(pool.clone(), settings.database.pool_size)
            .context("starting the database threads")?;
        let state = AppState {
            settings: Arc::new(settings),
            pool,
            db_threads,
            backend: url.backend(),
            pki: Arc::new(pki),
            clock,
            mailer,
            metrics,
        };
        // The document is built and serialised once and shared by every worker as bytes: held as
        // a `utoipa::openapi::OpenApi` per worker (and per copy of the app factory) it kept
        // ~30 MB of the server's ~66 MB resident at start (measured with heaptrack).
        let api_json = web::Bytes::from(
            serde_json::to_vec(&openapi::document()).context("serialising the OpenAPI document")?,
        );
        let settings = state.settings.clone();
        let listener = TcpListener::bind(&settings.server.bind)
            .with_context(|| format!("binding {}", settings.server.bind))?;
        let port = listener.local_addr()?.port();

        let data = Data::new(state.clone());
        let metrics = Data::new(state.metrics.clone());
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(metrics.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(JSON_LIMIT)
                        .error_handler(json_error_handler),
                )
                .app_data(web::QueryConfig::default().error_handler(query_error_handler))
                .app_data(web::PathConfig::default().error_handler(path_error_handler))
                .wrap(from_fn(crate::hours::service_hours))
                .wrap(from_fn(api_defaults))
                .wrap(Compress::default())
                .wrap(security_headers())
                .wrap(from_fn(crate::metrics::record))
                .wrap(from_fn(request_id))
                // Metrics are served only on the metrics listener: here the path is an API 404,
                // never the SPA's page.
                .service(web::resource(crate::metrics::PATH).to(metrics_not_here))
                .service(utoipa_actix_web::scope(routes::API_V1).configure(routes::configure))
                .service(web::resource("/api/docs").to(|| async {
                    HttpResponse::MovedPermanently()
                        .insert_header(("location", "/api/docs/"))
                        .finish()
                }))
                .service(web::resource(OPENAPI_JSON).route(web::get().to({
                    let body = api_json.clone();
                    move || {
                        let body = body.clone();
                        async move {
                            HttpResponse::Ok()
                                .content_type("application/json")
                                .body(body)
                        }
                    }
                })))
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .config(utoipa_swagger_ui::Config::new([OPENAPI_JSON])),
                )
                .service(routes::api_fallback())
                .default_service(web::to(spa::serve))
        })
        .on_connect(tls::on_connect)
        // Without TCP_NODELAY a response of more than one TLS record (a 100-row page, ~32 KB)
        // waited for the client's delayed ACK (~40 ms) before its last segment went out: the
        // 操作ログ page's p50 was 44 ms on an idle server.
        .tcp_nodelay(true)
        .shutdown_timeout(settings.server.shutdown_timeout.as_secs());
        if let Some(workers) = settings.server.workers {
            server = server.workers(workers.max(1));
        }
        let tls_on = settings.server.tls.enabled;
        let server = if tls_on {
            server.listen_openssl(listener, tls::acceptor(&state.pki)?)?
        } else {
            server.listen(listener)?
        };
        let (metrics_port, metrics_server) = match settings.metrics_bind() {
            Some(bind) => {
                let (port, server) = metrics_server(bind, &state, &settings)?;
                (Some(port), Some(server))
            }
            None => (None, None),
        };
        Ok(Application {
            port,
            tls: tls_on,
            server: server.run(),
            metrics_port,
            metrics_server,
            state,
        })
    }

    /// The metrics listener's port, when `metrics.bind` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL a browser on this machine uses.
    pub fn local_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://localhost:{}", self.port)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// A handle to stop the server (tests, signals are handled by actix itself).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM, then lets running requests finish. Background jobs run
    /// alongside.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let every = self.state.settings.server.job_interval;
        if !every.is_zero() {
            let instance =
                crate::jobs::instance_id(self.state.settings.server.instance_id.as_deref());
            crate::jobs::spawn(self.state.clone(), instance);
        }
        let metrics = self.metrics_server.map(|server| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let served = self.server.await;
        // The metrics listener lives as long as the service.
        if let Some(handle) = metrics {
            handle.stop(true).await;
        }
        served
    }
}

/// Where the OpenAPI document is served (the explorer at `/api/docs/` reads it from here).
const OPENAPI_JSON: &str = "/api/openapi.json";

async fn metrics_not_here() -> Result<HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::new(cjs_api_types::ErrorCode::E9404)
        .cause("metrics are served on the metrics listener only"))
}

/// The metrics listener: plain HTTP on `bind`, one worker, `GET /metrics` and nothing else.
fn metrics_server(
    bind: &str,
    state: &AppState,
    settings: &Settings,
) -> anyhow::Result<(u16, Server)> {
    let listener =
        TcpListener::bind(bind).with_context(|| format!("binding metrics.bind {bind}"))?;
    let port = listener.local_addr()?.port();
    let metrics = Data::new(state.metrics.clone());
    let allowed = Data::new(crate::metrics::Allowed(settings.metrics.allow.clone()));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(metrics.clone())
            .app_data(allowed.clone())
            // Other methods on /metrics: 405 (the resource's own default).
            .service(
                web::resource(crate::metrics::PATH).route(web::get().to(crate::metrics::scrape)),
            )
            .default_service(web::to(HttpResponse::NotFound))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    tracing::info!(%bind, port, "metrics listener ready (GET /metrics)");
    Ok((port, server))
}
