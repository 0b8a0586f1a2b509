//! `oneOf`/`anyOf` as Rust enums (`tests/specs/unions.yaml`): the crate generates and
//! builds, and a program reads JSON of every union rule into the enums, checks which
//! variant each value became, and writes it back byte for byte; it sends a union as a body
//! to a loopback server, which checks what arrived.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::IntoResponse;

async fn server() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(move |body: Bytes| {
        let record = record.clone();
        async move {
            record
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(&body).into_owned());
            let drawing = r#"{"shape":{"kind":"square","side":4},"color":"green"}"#;
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                drawing,
            )
                .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

const PROGRAM: &str = r##"
use unions::models::{Circle, Color, Drawing, Event, IntOrString, Named, Outcome, Shape};
use unions::prelude::*;

/// Reads `json` as `T`, prints the variant, and checks it writes back byte for byte.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(json: &str) -> T {
    let value: T = serde_json::from_str(json).expect(json);
    let back = serde_json::to_string(&value).unwrap();
    assert_eq!(back, json, "round trip of {json}");
    value
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), graph_runtime::Error> {
    // Internally tagged, mapping: `round` is a Circle.
    match round_trip::<Shape>(r#"{"kind":"round","radius":1.5}"#) {
        Shape::Round(c) => println!("round {}", c.radius),
        other => panic!("{other:?}"),
    }
    // Internally tagged, no mapping: the schema's name is the tag.
    match round_trip::<Named>(r#"{"kind":"Square","side":2}"#) {
        Named::Square(s) => println!("named square {}", s.side),
        other => panic!("{other:?}"),
    }
    // An unknown tag is kept, not refused.
    match round_trip::<Shape>(r#"{"kind":"hexagon","sides":6}"#) {
        Shape::UnknownValue(v) => println!("unknown {}", v["kind"]),
        other => panic!("{other:?}"),
    }
    // Dropshot's tag: a `type` every alternative fixes.
    match round_trip::<Event>(r#"{"type":"stopped","code":3}"#) {
        Event::Stopped(e) => println!("stopped {}", e.code),
        other => panic!("{other:?}"),
    }
    // Externally tagged.
    match round_trip::<Outcome>(r#"{"err":{"kind":"square","side":9}}"#) {
        Outcome::ErrValue(s) => println!("err {}", s.side),
        other => panic!("{other:?}"),
    }
    match round_trip::<Outcome>(r#"{"ok":"done"}"#) {
        Outcome::OkValue(s) => println!("ok {s}"),
        other => panic!("{other:?}"),
    }
    // By JSON type.
    for json in ["7", r#""seven""#, r#"["a","b"]"#, r#"{"kind":"round","radius":2.0}"#] {
        let size = round_trip::<IntOrString>(json);
        let which = match size {
            IntOrString::Number(n) => format!("number {n}"),
            IntOrString::StringValue(s) => format!("string {s}"),
            IntOrString::Array(a) => format!("array {}", a.len()),
            IntOrString::Circle(c) => format!("circle {}", c.radius),
            other => panic!("{other:?}"),
        };
        println!("{which}");
    }
    // One-value string enums are one enum.
    assert_eq!(round_trip::<Color>(r#""green""#), Color::Green);
    // A whole model holding them.
    let drawing = round_trip::<Drawing>(
        r#"{"shape":{"kind":"round","radius":1.0},"events":[{"type":"started","at":"noon"}],"outcome":{"ok":"yes"},"size":3,"color":"red","either":"x"}"#,
    );
    println!("either {}", drawing.either.unwrap());

    let url = std::env::args().nth(1).expect("the server URL");
    let client = unions::Client::builder().base_url(url).bearer_token("token").build()?;
    let shape = Shape::Round(Box::new(Circle { kind: "round".to_owned(), radius: 0.5 }));
    let stored = client.add_shape().body(shape).send().await?.into_body().expect("a drawing");
    match stored.shape {
        Some(Shape::Square(s)) => println!("stored square {}", s.side),
        other => panic!("{other:?}"),
    }
    Ok(())
}
"##;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unions_read_and_write_every_rule_exactly() {
    let spec = graph_tests::program::workspace_root().join("tests/specs/unions.yaml");
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("crate");
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(&krate);
    let report = codegen::generate(&spec, &options).expect("generate");
    // Only the union no rule tells apart (two strings) falls back.
    let fallbacks: Vec<&str> = report.unsupported.iter().map(|u| u.at.as_str()).collect();
    assert_eq!(fallbacks, ["/components/schemas/Either"]);
    codegen::write::write(&krate, &report.files).expect("write the crate");

    let program = dir.path().join("program");
    graph_tests::program::write(
        &program,
        "unions-program",
        &[
            format!("unions = {{ path = {krate:?} }}"),
            "serde = \"1\"".to_owned(),
            "serde_json = { version = \"1\", features = [\"preserve_order\"] }".to_owned(),
        ],
        PROGRAM,
    );
    let (url, seen) = server().await;
    let stdout = graph_tests::program::run_ok(program, url).await;
    assert_eq!(
        stdout,
        "round 1.5\nnamed square 2\nunknown \"hexagon\"\nstopped 3\nerr 9\nok done\n\
         number 7\nstring seven\narray 2\ncircle 2\neither \"x\"\nstored square 4\n"
    );
    assert_eq!(*seen.lock().unwrap(), [r#"{"kind":"round","radius":0.5}"#]);
}
