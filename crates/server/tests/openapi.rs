//! The committed `api-spec/openapi.json` must be what the code generates.
//! After an intended API change: `cargo xtask openapi` (or `cjs openapi -o api-spec/openapi.json`).

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api-spec/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = cjs_server::openapi::document_json().expect("document");
    assert!(
        committed == generated,
        "api-spec/openapi.json differs from the code: run `cargo xtask openapi` and commit it"
    );
}

#[test]
fn every_operation_documents_its_responses_and_a_tag() {
    let doc = cjs_server::openapi::document();
    assert!(!doc.paths.paths.is_empty());
    for (path, item) in &doc.paths.paths {
        let ops = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
        for op in ops.into_iter().flatten() {
            assert!(!op.responses.responses.is_empty(), "{path}: no responses");
            assert!(
                op.tags.as_ref().is_some_and(|t| !t.is_empty()),
                "{path}: no tag"
            );
        }
    }
}
