//! The generated client against the loopback server: call styles, the wire format of
//! the PowerShell example, headers, responses, errors, `$count`, path and query
//! encoding, dry runs, docs. Every request is checked by the server against the spec.
#![allow(deprecated)]

use std::time::Duration;

use graph_beta_applications::models::{
    SetServicePrincipalSynchronizationSecretBody as Body, SynchronizationSecret as Key,
};
use graph_beta_applications::prelude::*;
use graph_beta_applications::{ApplicationsIdentity, Client, Error, RetryPolicy};
use graph_tests::example::{
    POWERSHELL_EXAMPLE_BODY as EXAMPLE_BODY, pair, powershell_example_pairs as example_pairs,
};
use graph_tests::{Reply, Server};
use serde_json::json;

const TOKEN: &str = "test-token-abc";
const SP: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const PUT_PATH: &str =
    "/servicePrincipals/3fa85f64-5717-4562-b3fc-2c963f66afa6/synchronization/secrets";

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(10)))
        .build()
        .unwrap()
}

fn identity(id: Option<&str>) -> ApplicationsIdentity {
    ApplicationsIdentity {
        service_principal_id: id.map(str::to_owned),
    }
}

// ---- issue 2: the wire format ---------------------------------------------------------

#[tokio::test]
async fn put_sends_the_powershell_example_exactly_and_204_is_ok() {
    let server = Server::start().await;
    let response = client(&server)
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(response.body().is_none());
    let request = server.single();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.raw_path, PUT_PATH);
    assert_eq!(
        request.operation_id.as_deref(),
        Some("servicePrincipal.synchronization_SetSecret")
    );
    assert_eq!(
        request.header("authorization"),
        Some("Bearer test-token-abc")
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), EXAMPLE_BODY);
    assert!(server.violations().is_empty(), "{:?}", server.violations());
}

#[tokio::test]
async fn put_200_with_a_body_returns_the_parsed_pairs() {
    let server = Server::start().await;
    server.push([Reply::json(
        200,
        json!({"value": [{"key": "BaseAddress", "value": "user@domain.com"}, {"key": "SyncAll", "value": "false"}]}),
    )]);
    let response = client(&server)
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let pairs = response.into_body().unwrap().value.unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[0].key, Some(Key::BaseAddress));
    assert_eq!(pairs[0].value.as_ref().unwrap().expose(), "user@domain.com");
    assert_eq!(pairs[1].key, Some(Key::SyncAll));
}

#[tokio::test]
async fn put_400_odata_error_is_the_typed_service_error() {
    let server = Server::start().await;
    server.push([Reply::odata_error(
        400,
        "Request_BadRequest",
        "Invalid value",
        "1f2e3d4c-0000-4000-8000-000000000000",
    )
    .with_header("x-ms-ags-diagnostic", "diag")]);
    let error = client(&server)
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap_err();
    let Error::Service(service) = &error else {
        panic!("expected a service error, got {error:?}");
    };
    assert_eq!(service.status(), 400);
    assert_eq!(service.code(), Some("Request_BadRequest"));
    assert_eq!(service.message(), Some("Invalid value"));
    assert_eq!(service.target(), Some("value"));
    assert_eq!(
        service.request_id(),
        Some("1f2e3d4c-0000-4000-8000-000000000000")
    );
    assert_eq!(
        service.client_request_id(),
        Some("c0ffee00-0000-4000-8000-000000000000")
    );
    assert_eq!(service.date(), Some("2026-11-26T10:00:00"));
    let parsed = service
        .body_as::<graph_beta_applications::ServiceErrorBody>()
        .expect("the ODataError parsed");
    assert_eq!(parsed.error.code, "Request_BadRequest");
    let details = parsed.error.details.as_ref().unwrap();
    assert_eq!(details[0].code, "InvalidKey");
    assert!(parsed.error.inner_error.is_some());
    assert_eq!(
        service.headers().get("x-ms-ags-diagnostic").unwrap(),
        "diag",
        "a service error carries the response headers"
    );
    assert_eq!(
        error.to_string(),
        "400 Bad Request: [Request_BadRequest] Invalid value (request-id 1f2e3d4c-0000-4000-8000-000000000000)"
    );
    assert!(!error.to_string().contains("password-value"));
}

#[tokio::test]
async fn count_sends_filter_search_and_eventual_consistency_and_parses_text() {
    let server = Server::start().await;
    server.push([Reply::text(200, "text/plain", "4")]);
    let response = client(&server)
        .get_service_principal_synchronization_secret_count(SP)
        .filter("key eq 'SyncAll'")
        .search("\"Base\"")
        .send()
        .await
        .unwrap();
    assert_eq!(*response.body(), 4);
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.raw_path,
        format!("/servicePrincipals/{SP}/synchronization/secrets/$count")
    );
    assert_eq!(request.header("consistencylevel"), Some("eventual"));
    assert_eq!(
        request.query,
        vec![
            ("$filter".to_owned(), "key eq 'SyncAll'".to_owned()),
            ("$search".to_owned(), "\"Base\"".to_owned()),
        ]
    );
    assert!(request.body.is_empty());
    assert!(server.violations().is_empty(), "{:?}", server.violations());
}

// ---- point 1: call styles, identity, ids ----------------------------------------------

#[tokio::test]
async fn the_four_call_styles_send_the_same_request() {
    let server = Server::start().await;
    let client = client(&server);
    let id = identity(Some(SP));
    client
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    client
        .set_service_principal_synchronization_secret(SP)
        .body(Body {
            value: Some(example_pairs()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    client
        .set_service_principal_synchronization_secret_via_identity(&id)
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    client
        .set_service_principal_synchronization_secret_via_identity(&id)
        .body(Body {
            value: Some(example_pairs()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for request in &requests {
        assert_eq!(request.raw_path, PUT_PATH);
        assert_eq!(std::str::from_utf8(&request.body).unwrap(), EXAMPLE_BODY);
    }
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn additional_properties_are_sent_next_to_the_fields() {
    let server = Server::start().await;
    client(&server)
        .set_service_principal_synchronization_secret(SP)
        .value(vec![pair(Key::SyncAll, "true")])
        .additional_property("extension", json!({"note": "kept"}))
        .send()
        .await
        .unwrap();
    let body = server.single().json();
    assert_eq!(body["extension"], json!({"note": "kept"}));
    assert_eq!(body["value"][0]["key"], "SyncAll");
    assert!(server.violations().is_empty(), "{:?}", server.violations());
}

#[tokio::test]
async fn the_server_rejects_unknown_enum_values_unless_a_test_opts_in() {
    let server = Server::start().await;
    let unknown = vec![pair(Key::UnknownValue("NotAKey".into()), "x")];
    let error = client(&server)
        .set_service_principal_synchronization_secret(SP)
        .value(unknown.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert!(
        server.violations()[0].contains("enum"),
        "{:?}",
        server.violations()
    );
    server.allow_unknown_enum_values(true);
    client(&server)
        .set_service_principal_synchronization_secret(SP)
        .value(unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests()[1].json()["value"][0]["key"], "NotAKey");
}

#[tokio::test]
async fn identity_without_the_member_fails_before_any_io() {
    let server = Server::start().await;
    let error = client(&server)
        .set_service_principal_synchronization_secret_via_identity(&identity(None))
        .value(example_pairs())
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::InvalidArgument { name, message } => {
            assert_eq!(name, "ServicePrincipalId");
            assert_eq!(
                message,
                "InputObject has null value for InputObject.ServicePrincipalId"
            );
        }
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
    let error = client(&server)
        .get_service_principal_synchronization_secret_count_via_identity(&identity(Some("")))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_invalid_argument(), "{error:?}");
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn an_empty_id_is_rejected_before_any_io() {
    let server = Server::start().await;
    let error = client(&server)
        .set_service_principal_synchronization_secret("")
        .value(example_pairs())
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "servicePrincipal-id"),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
    // `.` and `..` would be resolved away by any URL parser: refused, not rewritten.
    for id in [".", ".."] {
        let error = client(&server)
            .get_service_principal_synchronization_secret_count(id)
            .send()
            .await
            .unwrap_err();
        assert!(error.is_invalid_argument(), "{id:?}: {error:?}");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn hostile_ids_arrive_as_exactly_one_segment_holding_the_original_value() {
    let server = Server::start().await;
    let client = client(&server);
    let ids = [
        "a/b",
        "a?b=c",
        "a#frag",
        "100%",
        "%2F",
        "...",
        "../..",
        "./x",
        "with space",
        "quote'd\"double",
        "ünïcödé-日本",
        "cr\rlf\nid",
        "semi;colon,comma",
        "plus+and&amp",
    ];
    for id in ids {
        client
            .get_service_principal_synchronization_secret_count(id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("count with id {id:?}: {e}"));
        client
            .set_service_principal_synchronization_secret(id)
            .value(vec![pair(Key::SyncAll, "false")])
            .send()
            .await
            .unwrap_or_else(|e| panic!("set with id {id:?}: {e}"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), ids.len() * 2);
    for (request, id) in requests.iter().zip(ids.iter().flat_map(|id| [id, id])) {
        assert_eq!(request.path_values, vec![(*id).to_owned()], "{request:?}");
        assert!(request.template.is_some());
    }
    assert!(server.violations().is_empty(), "{:?}", server.violations());
}

#[tokio::test]
async fn query_values_are_encoded() {
    let server = Server::start().await;
    let filter = "key eq 'a&b=c#d' and value eq '100% ünï+'";
    client(&server)
        .get_service_principal_synchronization_secret_count(SP)
        .filter(filter)
        .send()
        .await
        .unwrap();
    let request = server.single();
    assert_eq!(
        request.query,
        vec![("$filter".to_owned(), filter.to_owned())]
    );
    let raw = request.raw_query.unwrap();
    for c in [' ', '&', '#', '\'', '+'] {
        assert!(!raw["$filter=".len()..].contains(c), "{raw}");
    }
}

// ---- point 2: request headers ----------------------------------------------------------

#[tokio::test]
async fn default_and_per_request_headers_are_sent() {
    let server = Server::start().await;
    let client = Client::builder()
        .base_url(server.url())
        .bearer_token(TOKEN)
        .default_header("x-team", "parity")
        .default_header("x-override", "default")
        .build()
        .unwrap();
    client
        .set_service_principal_synchronization_secret(SP)
        .header("x-override", "per-request")
        .header("x-extra", "1")
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    let request = server.single();
    assert_eq!(request.header("x-team"), Some("parity"));
    assert_eq!(request.header("x-extra"), Some("1"));
    let overrides: Vec<_> = request.headers.get_all("x-override").iter().collect();
    assert_eq!(overrides, vec!["per-request"]);
}

#[tokio::test]
async fn invalid_header_names_and_values_are_typed_errors_before_io() {
    let server = Server::start().await;
    let client = client(&server);
    for (name, value) in [
        ("x-ok", "line\r\nInjected: yes"),
        ("x-ok", "line\nbreak"),
        ("bad name", "v"),
        ("bad:name", "v"),
        ("", "v"),
    ] {
        let error = client
            .set_service_principal_synchronization_secret(SP)
            .header(name, value)
            .value(example_pairs())
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidArgument { name: n, .. } if n == name),
            "{name:?}: {error:?}"
        );
    }
    let error = Client::builder()
        .base_url(server.url())
        .default_header("x-default", "a\r\nb")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_argument());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_per_request_authorization_is_refused_unless_allowed() {
    let server = Server::start().await;
    let client = client(&server);
    let error = client
        .set_service_principal_synchronization_secret(SP)
        .header("Authorization", "Bearer other")
        .value(example_pairs())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { name, .. } if name == "Authorization"),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
    client
        .set_service_principal_synchronization_secret(SP)
        .header("Authorization", "Bearer other")
        .allow_authorization_header()
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    let request = server.single();
    let auth: Vec<_> = request.headers.get_all("authorization").iter().collect();
    assert_eq!(auth, vec!["Bearer other"]);
    let error = Client::builder()
        .default_header("Authorization", "Bearer x")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_argument());
}

// ---- point 3: response headers -----------------------------------------------------------

#[tokio::test]
async fn responses_and_errors_carry_status_and_headers() {
    let server = Server::start().await;
    server.push([
        Reply::status(204).with_header("x-ms-resource-unit", "1"),
        Reply::text(409, "text/plain", "conflict").with_header("x-ms-resource-unit", "2"),
    ]);
    let client = client(&server);
    let response = client
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(response.headers()["x-ms-resource-unit"], "1");
    assert_eq!(
        response.headers()["request-id"],
        "5e1f0000-0000-4000-8000-000000000001"
    );
    let error = client
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap_err();
    let service = error.service().unwrap();
    assert_eq!(service.status(), 409);
    assert_eq!(service.headers()["x-ms-resource-unit"], "2");
}

// ---- point 6: dry run ---------------------------------------------------------------------

#[tokio::test]
async fn a_dry_run_resolves_everything_and_sends_nothing() {
    let server = Server::start().await;
    let client = Client::builder()
        .base_url(server.url())
        .bearer_token(TOKEN)
        .default_header("x-team", "parity")
        .build()
        .unwrap();
    let request = client
        .set_service_principal_synchronization_secret("a/b c")
        .header("x-extra", "1")
        .value(example_pairs());
    let prepared = request.prepare().unwrap();
    assert_eq!(prepared.method, "PUT");
    assert_eq!(
        prepared.url,
        format!(
            "{}/servicePrincipals/a%2Fb%20c/synchronization/secrets",
            server.url()
        )
    );
    assert_eq!(
        std::str::from_utf8(&prepared.body.as_ref().unwrap().bytes).unwrap(),
        EXAMPLE_BODY,
        "the raw request stays available to code"
    );
    assert_eq!(prepared.headers["x-team"], "parity");
    assert!(prepared.client_request_id().is_some());
    let shown = prepared.to_string();
    assert!(
        shown.starts_with(&format!(
            "What if: Performing the operation \"Set-MgBetaServicePrincipalSynchronizationSecret\" on target \"{}\".\nPUT {}\n",
            prepared.url, prepared.url
        )),
        "{shown}"
    );
    assert!(
        shown.contains("authorization: Bearer <redacted>"),
        "{shown}"
    );
    assert!(shown.contains("x-extra: 1"), "{shown}");
    assert!(shown.contains("content-type: application/json"), "{shown}");
    assert!(
        shown.contains(r#"{"key":"BaseAddress","value":"<redacted>"}"#),
        "{shown}"
    );
    assert!(
        !shown.contains(TOKEN) && !shown.contains("password-value"),
        "{shown}"
    );
    assert!(!format!("{prepared:?}").contains("password-value"));
    assert!(server.requests().is_empty(), "a dry run sends nothing");
    // The same builder can still be sent, and sends what the dry run showed.
    request.send().await.unwrap();
    let sent = server.single();
    assert_eq!(
        sent.header("client-request-id"),
        prepared.client_request_id(),
        "the dry run shows the client-request-id that is sent"
    );
    assert_eq!(
        sent.body.as_ref(),
        prepared.body.as_ref().unwrap().bytes.as_slice()
    );
}

// ---- point 12: the generated docs -----------------------------------------------------------

#[test]
fn generated_docs_carry_permissions_examples_aliases_and_the_reference() {
    let read = |file: &str| {
        std::fs::read_to_string(format!(
            "{}/../generated/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let source = read("src/operations/service_principals.rs");
    let set = source
        .split("fn set_service_principal_synchronization_secret(")
        .next()
        .unwrap();
    let docs = &set[set.rfind("pub trait ServicePrincipalsOperations").unwrap()..];
    for expected in [
        "| Delegated (work or school account) | `Synchronization.ReadWrite.All` |",
        "| Delegated (personal Microsoft account) | not supported |",
        "| Application | `Application.ReadWrite.OwnedBy`, `Synchronization.ReadWrite.All` |",
        "#[doc(alias = \"Set-MgBetaServicePrincipalSynchronizationSecret\")]",
        "#[doc(alias = \"servicePrincipal.synchronization_SetSecret\")]",
        "https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization?view=graph-rest-beta",
        "```no_run",
        ".value([",
        ".body(",
    ] {
        assert!(docs.contains(expected), "missing {expected:?} in\n{docs}");
    }
    // One typestate example for the crate, in its docs.
    assert_eq!(read("src/lib.rs").matches("```compile_fail").count(), 1);
    assert!(!source.contains("```compile_fail"));
    assert!(source.contains("_via_identity(&identity)"));
}
