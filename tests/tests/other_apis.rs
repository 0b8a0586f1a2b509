//! Real non-Graph OpenAPI 3.0 documents (`tests/specs/third-party/`, sources and licences
//! in its README.md) generate in process, with nothing but the document: every operation
//! of the document is generated, the package is named after `info.title`, and every
//! fallback the generator reports points at a place in the document. The fallback counts
//! are printed (`cargo test --test other_apis -- --nocapture`) and may only go down.
//! Compiling the crates is `.ci/other-apis.sh`'s job.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One committed document and what is known of it.
struct Document {
    /// The file, in `tests/specs/third-party/`.
    file: &'static str,
    /// The package the title gives (`info.title` in kebab case).
    package: &'static str,
    /// The most fallbacks allowed: the count when the document was added (issue 17's
    /// "before"); lower it when the generator gets better, never raise it.
    max_fallbacks: usize,
}

const DOCUMENTS: &[Document] = &[
    Document {
        file: "oai-petstore-expanded.yaml",
        package: "swagger-petstore",
        max_fallbacks: 0,
    },
    Document {
        file: "oai-uspto.yaml",
        package: "uspto-data-set-api",
        max_fallbacks: 0,
    },
    Document {
        file: "oxide-gateway.json",
        package: "oxide-management-gateway-service-api",
        max_fallbacks: 0,
    },
    Document {
        file: "oxide-nexus.json",
        package: "oxide-region-api",
        max_fallbacks: 226,
    },
    Document {
        file: "kubernetes-apps-v1.json",
        package: "kubernetes",
        max_fallbacks: 0,
    },
];

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/third-party")
}

/// The document as data: JSON, or YAML (a superset of JSON).
fn parse(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|x| x == "json") {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The operations of `doc` counted by hand: every HTTP method of every path item.
fn count_operations(doc: &Value) -> usize {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    doc["paths"]
        .as_object()
        .expect("paths is an object")
        .values()
        .map(|item| {
            item.as_object().map_or(0, |item| {
                item.keys()
                    .filter(|k| METHODS.contains(&k.as_str()))
                    .count()
            })
        })
        .sum()
}

/// Whether the schema at `pointer` (a fallback's place) is an anyOf/oneOf union.
fn is_union(doc: &Value, pointer: &str) -> bool {
    doc.pointer(pointer)
        .is_some_and(|s| s.get("oneOf").is_some() || s.get("anyOf").is_some())
}

#[test]
fn the_folder_holds_exactly_the_documents_listed_here() {
    let mut found: Vec<String> = std::fs::read_dir(folder())
        .expect("tests/specs/third-party exists")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json") || n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    found.sort();
    let mut listed: Vec<&str> = DOCUMENTS.iter().map(|d| d.file).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn third_party_documents_generate_every_operation_under_their_own_name() {
    let mut failures = Vec::new();
    for document in DOCUMENTS {
        let path = folder().join(document.file);
        let doc = parse(&path);
        assert!(
            doc["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.0.")),
            "{}: not an OpenAPI 3.0 document",
            document.file
        );
        let report = match codegen::generate(path.as_path(), &codegen::Options::default()) {
            Ok(report) => report,
            Err(e) => {
                failures.push(format!("{}: does not generate: {e}", document.file));
                continue;
            }
        };

        let expected = count_operations(&doc);
        if report.operations != expected {
            failures.push(format!(
                "{}: {} operations generated, the document has {expected}",
                document.file, report.operations
            ));
        }
        let name = format!("name = \"{}\"", document.package);
        if !report.files["Cargo.toml"].lines().any(|l| l == name) {
            failures.push(format!(
                "{}: the package is not named `{}` after the title {}",
                document.file, document.package, doc["info"]["title"]
            ));
        }

        let fallbacks = &report.unsupported;
        let unions = fallbacks.iter().filter(|u| is_union(&doc, &u.at)).count();
        let mut places: Vec<&str> = fallbacks.iter().map(|u| u.at.as_str()).collect();
        places.sort_unstable();
        places.dedup();
        println!(
            "{}: {} operations, {} models, {} fallbacks ({unions} at anyOf/oneOf unions, {} distinct places)",
            document.file,
            report.operations,
            report.models,
            fallbacks.len(),
            places.len()
        );
        for place in &places {
            if doc.pointer(place).is_none() {
                failures.push(format!(
                    "{}: a fallback points at {place}, which is not in the document",
                    document.file
                ));
            }
        }
        if fallbacks.len() > document.max_fallbacks {
            failures.push(format!(
                "{}: {} fallbacks, more than the {} recorded:\n{}",
                document.file,
                fallbacks.len(),
                document.max_fallbacks,
                fallbacks
                    .iter()
                    .map(|u| format!("  {u}\n"))
                    .collect::<String>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
