//! The OpenAPI document, generated from the routes themselves. `cjs openapi` prints it;
//! `api-spec/openapi.json` is the committed copy and a test fails when they differ.

use actix_web::App;
use cjs_api_types::{ApiError, ErrorCode};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "cjs — ろうきん賃金控除事務支援サービス API",
        description = "労働金庫の賃金控除事務支援サービスの REST API です。\n\n\
すべての要求は TLS で受け付けます。ログインが必要な操作は、本サービスが発行した電子証明書 \
(クライアント証明書) を提示した接続で行い、セッションはその証明書に結び付けられます。\n\n\
エラーはすべて `{code, message, request_id, details}` の形で返り、`code` はエラーカタログの \
コード (例: E1003, E1005)、`message` は利用者に表示する日本語の文言です。",
        license(name = "UNLICENSED")
    ),
    tags((name = "system", description = "稼働確認と電子証明書の提示状況")),
    components(schemas(ApiError, ErrorCode))
)]
pub struct ApiDoc;

/// The full document: the base above plus every path registered in `routes::configure`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope(routes::API_V1).configure(routes::configure))
        .split_for_parts();
    api
}

/// The document as committed in `api-spec/openapi.json`.
pub fn document_json() -> anyhow::Result<String> {
    Ok(document().to_pretty_json()? + "\n")
}
