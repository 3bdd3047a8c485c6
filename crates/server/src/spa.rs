//! Serves the built SPA: files as they are (hashed assets cached for a year, everything else
//! revalidated), and `index.html` for any other GET so that deep links load.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use cjs_api_types::ErrorCode;

use crate::error::AppError;
use crate::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// A safe relative path inside the SPA folder, or None (no `..`, no hidden files).
fn safe_relative(path: &str) -> Option<PathBuf> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() {
        return None;
    }
    let ok = rel
        .split('/')
        .all(|seg| !seg.is_empty() && !seg.starts_with('.') && !seg.contains('\\'));
    ok.then(|| PathBuf::from(rel))
}

async fn file(
    req: &HttpRequest,
    path: &Path,
    cache: &'static str,
) -> Result<HttpResponse, AppError> {
    let path = path.to_owned();
    let named = actix_web::web::block(move || NamedFile::open(path))
        .await?
        .map_err(|e| AppError::not_found().cause(e))?;
    let mut res = named.use_last_modified(true).into_response(req);
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(res)
}

/// Default service for everything that is not the API or the docs.
pub async fn serve(req: HttpRequest, state: Data<AppState>) -> Result<HttpResponse, AppError> {
    if req.path() == "/api" || req.path().starts_with("/api/") {
        return Err(AppError::not_found());
    }
    // Dot-segments and hidden files are never part of the app.
    if req.path().contains("/.") {
        return Err(AppError::not_found());
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(AppError::new(ErrorCode::E9405));
    }
    let Some(root) = state.settings.spa_dir() else {
        return Ok(HttpResponse::Ok()
            .insert_header(("cache-control", REVALIDATE))
            .content_type("text/html; charset=utf-8")
            .body(NOT_BUILT));
    };
    if let Some(rel) = safe_relative(req.path()) {
        let candidate = root.join(&rel);
        if candidate.is_file() {
            let cache = if rel.starts_with("assets") {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            return file(&req, &candidate, cache).await;
        }
        // A missing file (it has an extension) is a 404, not the app.
        let last = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if last.contains('.') {
            return Err(AppError::not_found());
        }
    }
    file(&req, &root.join("index.html"), REVALIDATE).await
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>cjs</title>\
<body><h1>ろうきん賃金控除事務支援システム</h1><p>画面 (SPA) がまだビルドされていません。\
<code>cargo xtask spa</code> を実行するか、<code>cargo xtask run</code> で起動してください。</p>\
<p>API: <a href=\"/api/docs/\">/api/docs/</a></p></body></html>";

#[cfg(test)]
mod tests {
    use super::safe_relative;

    #[test]
    fn traversal_and_hidden_paths_are_not_served_as_files() {
        assert!(safe_relative("/../etc/passwd").is_none());
        assert!(safe_relative("/assets/../../x").is_none());
        assert!(safe_relative("/.env").is_none());
        assert!(safe_relative("/").is_none());
        assert_eq!(
            safe_relative("/assets/app-1a2b.js").map(|p| p.display().to_string()),
            Some("assets/app-1a2b.js".to_owned())
        );
    }
}
