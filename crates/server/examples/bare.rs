//! The benchmark's baseline: a bare actix-web JSON handler with the same TLS set-up as `cjs`
//! (same certificate, same client-certificate request), no middleware, no database.
//!
//! `bare <bind> <pki-dir>` — used by `cargo xtask bench`.

use actix_web::{App, HttpResponse, HttpServer, get};

#[get("/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok", "version": "bare"}))
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let bind = args.next().unwrap_or_else(|| "127.0.0.1:8444".into());
    let dir = args.next().unwrap_or_else(|| "data/pki".into());
    let pki = cjs_pki::Pki::load_or_create(std::path::Path::new(&dir), &[], chrono::Utc::now())?;
    let acceptor = cjs_server::tls::acceptor(&pki)?;
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(|| App::new().service(health))
            .on_connect(cjs_server::tls::on_connect)
            .tcp_nodelay(true)
            .bind_openssl(bind, acceptor)?
            .run()
            .await
    })?;
    Ok(())
}
