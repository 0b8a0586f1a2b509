//! A description that names no server (`servers` absent, outside Graph) has an empty
//! service root: a request is refused with a typed error before any I/O until the client
//! is given a base URL, and goes there once it is.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::Uri;
use graph_runtime::codec::{ReadNothing, WriteNothing};
use graph_runtime::{
    Client, Error, Method, NoBody, Operation, OperationInfo, PathPart, PathValues, Request, Service,
};

/// An API whose description names no server.
enum Serverless {}

impl Service for Serverless {
    const ROOT: &'static str = "";
    type ErrorBody = serde_json::Value;
}

/// `GET /pets`.
enum ListPets {}

impl Operation for ListPets {
    type Service = Serverless;
    type Body = NoBody;
    type Output = ();
    type Write = WriteNothing;
    type Read = ReadNothing;
    const INFO: OperationInfo = OperationInfo {
        operation_id: "listPets",
        cmdlet: "listPets",
        method: Method::GET,
        path: &[PathPart::Literal("/pets")],
        eventual_consistency: false,
        binary_content_type: None,
    };
}

fn list_pets(client: &Client) -> Request<'_, ListPets> {
    Request::new(client, PathValues::given(&[], Vec::new()))
}

#[tokio::test]
async fn no_server_and_no_base_url_is_an_error_before_any_io() {
    let client = Client::new("token").unwrap();
    let error = list_pets(&client).prepare().unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { name, .. } if name == "base_url"),
        "{error:?}"
    );
    // Sending fails the same way, with nothing sent (there is nowhere to send to).
    let error = list_pets(&client).send().await.unwrap_err();
    assert!(error.is_invalid_argument(), "{error:?}");
}

#[tokio::test]
async fn a_base_url_gives_the_requests_their_server() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(move |uri: Uri| {
        let record = record.clone();
        async move {
            record.lock().unwrap().push(uri.to_string());
            axum::http::StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder()
        .base_url(format!("{url}/api"))
        .bearer_token("token")
        .build()
        .unwrap();
    list_pets(&client).send().await.unwrap();
    assert_eq!(*seen.lock().unwrap(), ["/api/pets"]);
}
