//! The OpenAPI document, generated from the routes themselves. `cjs openapi` prints it;
//! `api-spec/openapi.json` is the committed copy and a test fails when they differ.

use actix_web::App;
use cjs_api_types::{ApiError, ErrorCode};
use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
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
    components(schemas(
        ApiError,
        ErrorCode,
        // 労金控除事務's query enums (only parameters name them, so no body brings them in).
        cjs_api_types::deduction::CsvCharset,
        cjs_api_types::deduction::DetailSort,
        cjs_api_types::deduction::ResultList,
        cjs_api_types::deduction::SortOrder,
        // 賃控元帳事務's query and path enums.
        cjs_api_types::ledger::CheckList,
        cjs_api_types::ledger::ImportMode,
        cjs_api_types::ledger::LineSort,
        cjs_api_types::ledger::ResultList,
        cjs_api_types::ledger::RunList,
        cjs_api_types::ledger::StateFilter,
        // 一斉積立事務's query enums (ChangeKind is 財形's too: one schema).
        cjs_api_types::collective::ChangeKind,
        cjs_api_types::collective::LineSort,
        // 財形貯蓄事務's query enums.
        cjs_api_types::zaikei::LineSort,
        cjs_api_types::zaikei::SavingsKind
    ))
)]
pub struct ApiDoc;

/// The security scheme of the operations behind the login (`security(("session" = []))` on
/// their `#[utoipa::path]`).
pub const SESSION: &str = "session";

/// Paths that answer whatever the hours and never touch the database.
const NEVER_503: &[&str] = &["/api/v1/health"];

fn error(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build(),
    )
}

fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| error(description));
}

/// The answers every operation of a kind can give, added where the operation's own annotation
/// does not list the status already: 400/413 for a body (the JSON extractor), 401/403 behind the
/// login (`security(("session" = []))`: the `Authenticated` extractor and `Scoped`), 503
/// everywhere the service hours or the database can refuse. Runs on the collected document.
fn complete(api: &mut utoipa::openapi::OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        SESSION,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "ログインで得たトークン (`POST /api/v1/session`)。ログイン時と同じ電子証明書の接続で送る。",
                ))
                .build(),
        ),
    );
    for (path, item) in api.paths.paths.iter_mut() {
        let ops = [
            item.get.as_mut(),
            item.put.as_mut(),
            item.post.as_mut(),
            item.delete.as_mut(),
            item.patch.as_mut(),
        ];
        for op in ops.into_iter().flatten() {
            if op.request_body.is_some() {
                add(
                    op,
                    "400",
                    "要求の形式の誤り: JSON として不正、必須項目の欠落、Content-Type が application/json でない (E1000)",
                );
                add(op, "413", "要求が大きすぎる (E9413)");
            }
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            if secured {
                add(
                    op,
                    "401",
                    "未ログイン (E2201) / 無操作タイムアウト (E2202) / ログイン時と異なる電子証明書 (E2203) / 利用者の状態変更 (E2204) / 電子証明書なし・他の認証局・期限切れ・失効 (E2101, E2102, E2103, E2104)",
                );
                add(
                    op,
                    "403",
                    "CSRF ヘッダーなし (E2304) / 仮のパスワードでログイン中 (E2301) / 権限なし (E2302) / 閲覧のみ (E2303) / 入金グループ未選択 (E2305)",
                );
            }
            if !NEVER_503.contains(&path.as_str()) {
                add(
                    op,
                    "503",
                    "サービス提供時間外 (E9504) / データベースが応答しない (E9503)",
                );
            }
        }
    }
}

/// The full document: the base above plus every path registered in `routes::configure`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope(routes::API_V1).configure(routes::configure))
        .split_for_parts();
    let mut api = api;
    complete(&mut api);
    api
}

/// The document as committed in `api-spec/openapi.json`.
pub fn document_json() -> anyhow::Result<String> {
    Ok(document().to_pretty_json()? + "\n")
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::path::Operation;

    use super::*;

    fn operations() -> Vec<(String, String, Operation)> {
        let api = document();
        let mut out = Vec::new();
        for (path, item) in api.paths.paths {
            for (method, op) in [
                ("GET", item.get),
                ("PUT", item.put),
                ("POST", item.post),
                ("DELETE", item.delete),
            ] {
                if let Some(op) = op {
                    out.push((method.to_owned(), path.clone(), op));
                }
            }
        }
        out
    }

    fn statuses(op: &Operation) -> Vec<&str> {
        op.responses.responses.keys().map(String::as_str).collect()
    }

    #[test]
    fn every_operation_documents_the_answers_of_its_extractors() {
        for (method, path, op) in operations() {
            let s = statuses(&op);
            if op.request_body.is_some() {
                assert!(s.contains(&"400"), "{method} {path}: {s:?}");
            }
            if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                assert!(
                    s.contains(&"401") && s.contains(&"403"),
                    "{method} {path}: {s:?}"
                );
            }
            if path != "/api/v1/health" {
                assert!(s.contains(&"503"), "{method} {path}: {s:?}");
            }
        }
    }

    #[test]
    fn the_operations_behind_the_login_say_so() {
        let open = [
            "/api/v1/health",
            "/api/v1/ready",
            "/api/v1/client-certificate",
            "/api/v1/registration/contract",
            "/api/v1/registration/master",
            "/api/v1/certificates/challenge",
            "/api/v1/certificates/verify",
            "/api/v1/certificates/issue",
            "/api/v1/certificates/crl",
        ];
        for (method, path, op) in operations() {
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let login = method == "POST" && path == "/api/v1/session";
            assert_eq!(
                secured,
                !open.contains(&path.as_str()) && !login,
                "{method} {path}"
            );
        }
    }

    #[test]
    fn the_statuses_and_media_types_schemathesis_found_missing_are_documented() {
        let ops = operations();
        let find = |m: &str, p: &str| {
            ops.iter()
                .find(|(method, path, _)| method == m && path == p)
                .map(|(_, _, op)| op.clone())
                .unwrap_or_else(|| panic!("{m} {p}"))
        };
        for m in ["PUT", "DELETE"] {
            assert!(statuses(&find(m, "/api/v1/users/{user_id}")).contains(&"404"));
        }
        let challenge = find("POST", "/api/v1/certificates/challenge");
        assert!(statuses(&challenge).contains(&"422"));
        assert!(statuses(&challenge).contains(&"503"));
        let json = |op: &Operation, status: &str| {
            let RefOr::T(r) = &op.responses.responses[status] else {
                panic!("{status} is a reference")
            };
            r.content.keys().cloned().collect::<Vec<_>>()
        };
        let log = find("GET", "/api/v1/operation-log");
        assert!(json(&log, "200").contains(&"text/csv".to_owned()));
        assert!(json(&log, "200").contains(&"application/json".to_owned()));
        let manual = find("GET", "/api/v1/manuals/{id}");
        assert_eq!(json(&manual, "200"), ["application/pdf"]);
        let issue = find("POST", "/api/v1/certificates/issue");
        assert_eq!(json(&issue, "200"), ["application/x-pkcs12"]);
    }

    #[test]
    fn request_fields_carry_the_domain_rules() {
        let text = document_json().expect("json");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("parse");
        let field = |schema: &str, name: &str| {
            doc["components"]["schemas"][schema]["properties"][name].clone()
        };
        let uid = field("CertificateChallengeRequest", "user_id");
        assert_eq!(
            (uid["minLength"].as_u64(), uid["maxLength"].as_u64()),
            (Some(6), Some(12))
        );
        let pw = field("MasterRegistrationRequest", "password");
        assert_eq!(
            (pw["minLength"].as_u64(), pw["maxLength"].as_u64()),
            (Some(8), Some(12))
        );
        assert_eq!(
            field("ContractLoginRequest", "contract_number")["pattern"],
            "^[0-9]{8}$"
        );
        assert_eq!(
            field("SelectPaymentGroupRequest", "number")["pattern"],
            "^[0-9]{8}$"
        );
        assert_eq!(
            field("CertificateVerifyRequest", "code")["pattern"],
            "^[0-9]{6}$"
        );
        assert_eq!(field("UserCreateRequest", "user_name")["maxLength"], 20);
        assert_eq!(field("UserCreateRequest", "email")["maxLength"], 50);
    }
}
