//! The OpenAPI document is generated from the code that serves the routes; the checked-in copy
//! must be exactly that.

#[test]
fn the_checked_in_document_is_the_generated_one() {
    let generated = filing_api::routes::openapi_json();
    let checked_in = include_str!("../../../docs/openapi.json");
    assert!(
        generated.trim() == checked_in.trim(),
        "docs/openapi.json differs from the code: run `cargo run -p filing-api -- openapi > docs/openapi.json`"
    );
}

#[test]
fn the_document_is_openapi_3_1_with_every_operation() {
    let doc: serde_json::Value = serde_json::from_str(&filing_api::routes::openapi_json()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let operations = [
        ("/health", "get"),
        ("/filings", "get"),
        ("/filings", "post"),
        ("/filings/{id}", "get"),
        ("/filings/{id}", "put"),
        ("/filings/{id}/events", "get"),
        ("/terminals/{serial}", "get"),
        ("/reference/device-types", "get"),
        ("/reference/models", "get"),
        ("/reference/regions", "get"),
        ("/reference/policy", "get"),
    ];
    for (path, method) in operations {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    // Every field of the table, named as on the wire, in the enum and in the filing body.
    let field = &doc["components"]["schemas"]["Field"]["enum"];
    let names: Vec<&str> = filing_core::Field::ALL
        .iter()
        .map(|f| f.api_name())
        .collect();
    assert_eq!(field, &serde_json::json!(names));
    for name in names {
        assert!(
            doc["components"]["schemas"]["FilingInput"]["properties"][name].is_object(),
            "{name}"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}
