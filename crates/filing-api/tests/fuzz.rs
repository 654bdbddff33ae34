//! Property tests of the server's request parsing against a real server: arbitrary bodies,
//! mangled filings and arbitrary idempotency keys never get a 5xx or a non-envelope error, and
//! the server keeps answering. Bounded (a few hundred cases each) so the test command stays fast.

mod common;

use std::sync::OnceLock;

use common::{filing_a, json, send, Api};
use proptest::prelude::*;
use serde_json::Value;

struct Shared {
    rt: tokio::runtime::Runtime,
    api: Api,
}

fn shared() -> &'static Shared {
    static S: OnceLock<Shared> = OnceLock::new();
    S.get_or_init(|| {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let api = rt.block_on(Api::start_configured(|c| {
            c.rate_limit.per_second = 1e6;
            c.rate_limit.burst = 1e6;
        }));
        Shared { rt, api }
    })
}

/// POSTs a body to /filings; asserts the answer is a filing or an error envelope, never 5xx.
fn post(body: &[u8], key: &str) -> u16 {
    let s = shared();
    let auth = format!("Bearer {}", s.api.token_a);
    let r = s.rt.block_on(send(
        s.api.addr(),
        "POST",
        "/api/v1/filings",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
            ("Idempotency-Key", key),
        ],
        body,
    ));
    assert!(
        r.status < 500,
        "{} for {:?}: {}",
        r.status,
        String::from_utf8_lossy(body),
        r.body
    );
    let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    if r.status >= 400 {
        assert!(
            v["error"]["code"].is_string(),
            "not an envelope: {}",
            r.body
        );
    } else {
        assert!(v["id"].is_string(), "not a filing: {}", r.body);
    }
    r.status
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,80}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::hash_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every member of a filing body (from filing-core's table), its datum, and one it does not have.
fn members() -> Vec<&'static str> {
    filing_core::Field::ALL
        .iter()
        .map(|f| f.api_name())
        .chain(["location_datum", "unknown_field"])
        .collect()
}

/// Runs `cases` of a strategy through `check` (a failing case panics with its input).
fn fuzz<S: Strategy>(strategy: S, check: impl Fn(S::Value)) {
    let config = ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest::test_runner::TestRunner::new(config)
        .run(&strategy, |v| {
            check(v);
            Ok(())
        })
        .unwrap();
}

/// One test, in order: the three kinds of garbage, then the server must still answer (the
/// properties run first, on the same server, so "after" means after).
#[test]
fn garbage_never_crashes_the_server_and_it_answers_afterwards() {
    fuzz(
        (prop::collection::vec(any::<u8>(), 0..2048), "[ -~]{0,300}"),
        |(body, key)| {
            post(&body, &key);
        },
    );
    let members = members();
    fuzz(
        (0..members.len(), value(), "[a-f0-9]{32}"),
        |(field, v, key)| {
            let mut body = json(&filing_a("SB-OK-0001"));
            body[members[field]] = v;
            post(&serde_json::to_vec(&body).unwrap(), &key);
        },
    );
    fuzz((value(), "[a-f0-9]{32}"), |(v, key)| {
        let status = post(&serde_json::to_vec(&v).unwrap(), &key);
        assert!(status >= 400, "{v}");
    });
    let s = shared();
    let r =
        s.rt.block_on(send(s.api.addr(), "GET", "/api/v1/health", &[], b""));
    assert_eq!(r.status, 200);
    let mine =
        s.rt.block_on(common::get(s.api.addr(), "/api/v1/filings", &s.api.token_a));
    assert_eq!(mine.status, 200, "and serves its data: {}", mine.body);
}
