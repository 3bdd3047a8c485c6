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

/// The document keeps one schema per name, so two types with the same schema name would
/// silently describe one of them wrongly (ledger's `LinePage` once replaced 労金控除's). Every
/// type deriving `ToSchema` in api-types and domain must have a name of its own: the type's
/// name, or the one given with `schema(as = …)`.
#[test]
fn every_schema_name_is_given_to_one_type_only() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files = Vec::new();
    let mut dirs = vec![
        std::path::PathBuf::from(root).join("crates/api-types/src"),
        std::path::PathBuf::from(root).join("crates/domain/src"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    let mut clashes = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source");
        let mut derives = false;
        let mut renamed: Option<String> = None;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[") {
                derives |= line.contains("ToSchema");
                if let Some(rest) = line.split("schema(as = ").nth(1) {
                    renamed = rest.split(')').next().map(|s| s.trim().to_owned());
                }
                continue;
            }
            if line.starts_with("///") || line.is_empty() {
                continue;
            }
            let item = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "));
            if derives && let Some(item) = item {
                let name: String = item
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let schema = renamed.take().unwrap_or(name);
                let at = format!("{}", file.display());
                if let Some(first) = seen.insert(schema.clone(), at.clone()) {
                    clashes.push(format!("{schema}: {first} and {at}"));
                }
            }
            derives = false;
            renamed = None;
        }
    }
    assert!(seen.len() > 50, "found only {} schemas", seen.len());
    assert!(
        clashes.is_empty(),
        "schema names given twice:\n{}",
        clashes.join("\n")
    );
}
