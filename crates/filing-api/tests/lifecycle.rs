//! A filing's whole life against a real server: withdraw, deregister, placement changes, transfer
//! requests for a terminal someone else holds, and the notifications a review sends.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

async fn post(
    addr: std::net::SocketAddr,
    token: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Resp {
    let auth = format!("Bearer {token}");
    let mut all = vec![
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    all.extend_from_slice(headers);
    send(addr, "POST", path, &all, body.to_string().as_bytes()).await
}

async fn action(api: &Api, token: &str, id: &str, what: &str, version: u32, body: &Value) -> Resp {
    let tag = format!("\"{version}\"");
    post(
        api.addr(),
        token,
        &format!("/api/v1/filings/{id}/{what}"),
        &[("If-Match", &tag)],
        body,
    )
    .await
}

async fn file(api: &Api, token: &str, key: &str, body: &Value) -> Value {
    let r = post_filing(api.addr(), token, key, body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()
}

async fn event_kinds(api: &Api, token: &str, id: &str) -> Vec<(String, Option<String>)> {
    get(api.addr(), &format!("/api/v1/filings/{id}/events"), token)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["detail"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn kinds(list: &[(String, Option<String>)]) -> Vec<&str> {
    list.iter().map(|(k, _)| k.as_str()).collect()
}

fn slow(c: &mut filing_api::Config) {
    c.review_delay = Duration::from_secs(60);
}

#[tokio::test]
async fn a_pending_or_rejected_filing_is_withdrawn_and_frees_its_terminal() {
    let api = Api::start_configured(slow).await;
    let body = json(&filing_a("SB-OK-0001"));
    let f = file(&api, &api.token_a, "w1", &body).await;
    let id = f["id"].as_str().unwrap();
    let empty = json!({});
    // Refusals first: no If-Match, a stale one, another merchant's, maintenance.
    let r = post(
        api.addr(),
        &api.token_a,
        &format!("/api/v1/filings/{id}/withdraw"),
        &[],
        &empty,
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (428, "PRECONDITION_REQUIRED")
    );
    let r = action(&api, &api.token_a, id, "withdraw", 0, &empty).await;
    assert_eq!((r.status, r.code().as_str()), (412, "STALE_VERSION"));
    let r = action(&api, &api.token_b, id, "withdraw", 1, &empty).await;
    assert_eq!(r.status, 404);
    api.server.set_maintenance(Some(None)).await;
    let r = action(&api, &api.token_a, id, "withdraw", 1, &empty).await;
    assert_eq!((r.status, r.code().as_str()), (503, "MAINTENANCE"));
    assert!(r.header("retry-after").is_some());
    api.server.set_maintenance(None).await;

    let r = action(&api, &api.token_a, id, "withdraw", 1, &empty).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "withdrawn");
    assert_eq!(r.json()["version"], 2);
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert_eq!(
        kinds(&event_kinds(&api, &api.token_a, id).await),
        ["submitted", "withdrawn"]
    );
    // The serial is free: B files it (and a second withdrawal is refused).
    let r = action(&api, &api.token_a, id, "withdraw", 2, &empty).await;
    assert_eq!((r.status, r.code().as_str()), (409, "NOT_WITHDRAWABLE"));
    let mut fb = filing_b("SB-OK-0001");
    fb.merchant_name = filing_b("X").merchant_name;
    file(&api, &api.token_b, "b1", &json(&fb)).await;
}

#[tokio::test]
async fn a_rejected_filing_holds_nothing_so_a_squatter_cannot_lock_a_terminal() {
    let api = Api::start().await;
    // B files A's device with details the acquirer does not have: rejected.
    let mut squat = filing_b("SB-OK-0001");
    squat.merchant_name = "冒名商户".into();
    let s = file(&api, &api.token_b, "squat", &json(&squat)).await;
    let s = settled(api.addr(), &api.token_b, s["id"].as_str().unwrap()).await;
    assert_eq!(s["status"], "rejected");
    // A files it at once; B's correction can no longer take it back.
    let a = file(&api, &api.token_a, "owner", &json(&filing_a("SB-OK-0001"))).await;
    assert_eq!(a["status"], "pending");
    let r = put_filing(
        api.addr(),
        &api.token_b,
        s["id"].as_str().unwrap(),
        Some("\"1\""),
        &json(&filing_b("SB-OK-0001")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (409, "SERIAL_ALREADY_FILED"));
    // B withdraws its rejected filing.
    let r = action(
        &api,
        &api.token_b,
        s["id"].as_str().unwrap(),
        "withdraw",
        1,
        &json!({}),
    )
    .await;
    assert_eq!(r.json()["status"], "withdrawn");
}

#[tokio::test]
async fn an_approved_filing_is_deregistered_with_a_reason_and_its_serial_refiled() {
    let api = Api::start_configured(|c| c.review_delay = Duration::from_millis(300)).await;
    let f = file(&api, &api.token_a, "d1", &json(&filing_a("SB-OK-0001"))).await;
    let id = f["id"].as_str().unwrap().to_owned();
    let r = action(
        &api,
        &api.token_a,
        &id,
        "deregister",
        1,
        &json!({"reason": "sold"}),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "NOT_DEREGISTRABLE"),
        "pending"
    );
    let approved = settled(api.addr(), &api.token_a, &id).await;
    assert_eq!(approved["status"], "approved");
    for bad in [
        json!({"reason": "transferred"}),
        json!({"reason": "lost"}),
        json!({}),
    ] {
        let r = action(&api, &api.token_a, &id, "deregister", 1, &bad).await;
        assert_eq!((r.status, r.code().as_str()), (400, "BAD_REQUEST"), "{bad}");
    }
    let r = action(
        &api,
        &api.token_b,
        &id,
        "deregister",
        1,
        &json!({"reason": "sold"}),
    )
    .await;
    assert_eq!(r.status, 404);
    let r = action(
        &api,
        &api.token_a,
        &id,
        "deregister",
        1,
        &json!({"reason": "sold"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let done = r.json();
    assert_eq!(done["status"], "revoked");
    assert_eq!(done["deregistered"]["reason"], "sold");
    assert!(done["deregistered"]["at"].as_str().unwrap().ends_with('Z'));
    let events = event_kinds(&api, &api.token_a, &id).await;
    assert_eq!(kinds(&events), ["submitted", "approved", "deregistered"]);
    assert_eq!(events[2].1.as_deref(), Some("sold"));
    // The buyer files it.
    file(&api, &api.token_b, "buyer", &json(&filing_b("SB-OK-0001"))).await;
}

#[tokio::test]
async fn two_merchants_racing_for_a_freed_serial_make_exactly_one_filing() {
    let api = Api::start_configured(slow).await;
    let f = file(&api, &api.token_a, "first", &json(&filing_a("SB-OK-0002"))).await;
    let r = action(
        &api,
        &api.token_a,
        f["id"].as_str().unwrap(),
        "withdraw",
        1,
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200);
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let (body, token) = if i % 2 == 0 {
                (json(&filing_a("SB-OK-0002")), api.token_a.clone())
            } else {
                (json(&filing_b("SB-OK-0002")), api.token_b.clone())
            };
            let addr = api.addr();
            tokio::spawn(
                async move { post_filing(addr, &token, &format!("race-{i}"), &body).await },
            )
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            201 => won += 1,
            409 => assert_eq!(r.code(), "SERIAL_ALREADY_FILED"),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert_eq!(won, 1);
}

#[tokio::test]
async fn a_move_is_reviewed_while_the_approved_placement_stays_in_force() {
    let api = Api::start_configured(|c| c.review_delay = Duration::from_millis(400)).await;
    let f = file(&api, &api.token_a, "m1", &json(&filing_a("SB-OK-0001"))).await;
    let id = f["id"].as_str().unwrap().to_owned();
    let r = action(
        &api,
        &api.token_a,
        &id,
        "placement",
        1,
        &json!({"region": "310105", "address": "长宁路 1 号"}),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "NOT_MOVABLE"),
        "still pending"
    );
    let approved = settled(api.addr(), &api.token_a, &id).await;
    let old_address = approved["submission"]["address"]
        .as_str()
        .unwrap()
        .to_owned();

    // Within the city: approved after its review.
    let moved = json!({"region": "310105", "address": "长宁路 1 号", "store_name": "长宁店"});
    let r = action(&api, &api.token_a, &id, "placement", 1, &moved).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let pending = r.json();
    assert_eq!(pending["version"], 2);
    assert_eq!(
        pending["status"], "approved",
        "the approved filing stays in force"
    );
    assert_eq!(pending["submission"]["address"], old_address.as_str());
    assert_eq!(pending["change"]["status"], "pending");
    assert_eq!(pending["change"]["submission"]["address"], "长宁路 1 号");
    let r = action(&api, &api.token_a, &id, "placement", 2, &moved).await;
    assert_eq!((r.status, r.code().as_str()), (409, "CHANGE_PENDING"));
    let mut done = Value::Null;
    for _ in 0..100 {
        done = get(api.addr(), &format!("/api/v1/filings/{id}"), &api.token_a)
            .await
            .json();
        if done.get("change").is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(done["submission"]["address"], "长宁路 1 号");
    assert_eq!(done["submission"]["region"], "310105");
    assert_eq!(done["submission"]["store_name"], "长宁店");
    assert_eq!(done["status"], "approved");

    // To another city: rejected, the approved filing as it was.
    let far = json!({"region": "440106", "address": "天河路 1 号"});
    let r = action(&api, &api.token_a, &id, "placement", 2, &far).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut rejected = Value::Null;
    for _ in 0..100 {
        rejected = get(api.addr(), &format!("/api/v1/filings/{id}"), &api.token_a)
            .await
            .json();
        if rejected["change"]["status"] == "rejected" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rejected["change"]["status"], "rejected");
    assert_eq!(
        rejected["change"]["reasons"][0]["code"],
        "MOVE_OUTSIDE_CITY"
    );
    assert_eq!(rejected["submission"]["region"], "310105");
    assert_eq!(rejected["status"], "approved");
    let events = event_kinds(&api, &api.token_a, &id).await;
    assert_eq!(
        kinds(&events),
        [
            "submitted",
            "approved",
            "change_submitted",
            "change_approved",
            "change_submitted",
            "change_rejected"
        ]
    );

    // Only the placement can change, and it is validated like a filing.
    let r = action(
        &api,
        &api.token_a,
        &id,
        "placement",
        3,
        &json!({"region": "310105", "address": "x 路", "merchant_name": "别的名字"}),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (400, "BAD_REQUEST"));
    let r = action(
        &api,
        &api.token_a,
        &id,
        "placement",
        3,
        &json!({"region": "999999", "address": "x 路"}),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (422, "VALIDATION_FAILED"));
    assert_eq!(r.json()["error"]["fields"][0]["field"], "region");
    let r = action(
        &api,
        &api.token_a,
        &id,
        "placement",
        3,
        &json!({"region": "310105", "address": "x 路", "qr_code": "QR-BOUND-0001"}),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "QR_CODE_BOUND_ELSEWHERE")
    );
    let r = action(&api, &api.token_b, &id, "placement", 3, &moved).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn a_terminal_held_by_another_merchant_is_transferred_on_request() {
    let api = Api::start_configured(|c| c.review_delay = Duration::from_millis(300)).await;
    // B's approved filing holds the device A bought second-hand.
    let b = file(&api, &api.token_b, "b", &json(&filing_b("SB-OK-0002"))).await;
    let b_id = b["id"].as_str().unwrap().to_owned();
    settled(api.addr(), &api.token_b, &b_id).await;
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "a",
        &json(&filing_a("SB-OK-0002")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (409, "SERIAL_ALREADY_FILED"));
    let t = get(api.addr(), "/api/v1/terminals/SB-OK-0002", &api.token_a)
        .await
        .json();
    assert_eq!(t["filed_by_another_merchant"], true);
    assert_eq!(t.get("transfer"), None);

    let ask = json!({"serial_number": "sb-ok-0002"});
    let r = post(api.addr(), &api.token_a, "/api/v1/transfers", &[], &ask).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "IDEMPOTENCY_KEY_REQUIRED")
    );
    let r = post(
        api.addr(),
        &api.token_a,
        "/api/v1/transfers",
        &[("Idempotency-Key", "t1")],
        &ask,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let transfer = r.json();
    assert_eq!(transfer["status"], "pending");
    assert_eq!(transfer["terminal"], "SB-OK-0002");
    let again = post(
        api.addr(),
        &api.token_a,
        "/api/v1/transfers",
        &[("Idempotency-Key", "t2")],
        &ask,
    )
    .await;
    assert_eq!(again.status, 200, "one pending request per terminal");
    assert_eq!(again.json()["id"], transfer["id"]);
    let mut t = Value::Null;
    for _ in 0..100 {
        t = get(api.addr(), "/api/v1/terminals/SB-OK-0002", &api.token_a)
            .await
            .json();
        if t["transfer"]["status"] == "approved" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(t["transfer"]["status"], "approved");
    assert_eq!(t["filed_by_another_merchant"], false);
    // B's filing is deregistered for it, with the reason and an event.
    let gone = get(api.addr(), &format!("/api/v1/filings/{b_id}"), &api.token_b)
        .await
        .json();
    assert_eq!(gone["status"], "revoked");
    assert_eq!(gone["deregistered"]["reason"], "transferred");
    assert_eq!(
        kinds(&event_kinds(&api, &api.token_b, &b_id).await),
        ["submitted", "approved", "transferred_away"]
    );
    // The terminal is A's to file now, and the reviewer, having resolved a transfer, goes on
    // reviewing.
    let mine = file(&api, &api.token_a, "a2", &json(&filing_a("SB-OK-0002"))).await;
    settled(api.addr(), &api.token_a, mine["id"].as_str().unwrap()).await;

    // Nothing to transfer: a free serial, or one the caller holds itself.
    for serial in ["SB-OK-0003", "SB-OK-0002"] {
        let r = post(
            api.addr(),
            &api.token_a,
            "/api/v1/transfers",
            &[("Idempotency-Key", serial)],
            &json!({"serial_number": serial}),
        )
        .await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (409, "NOT_HELD_ELSEWHERE"),
            "{serial}"
        );
    }
    let r = post(
        api.addr(),
        &api.token_a,
        "/api/v1/transfers",
        &[("Idempotency-Key", "t3")],
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn a_qr_stand_bound_to_a_previous_owner_is_unbound_by_transfer() {
    let api = Api::start_configured(|c| c.review_delay = Duration::from_millis(200)).await;
    let ask = json!({"qr_code": "QR-BOUND-0001"});
    let r = post(
        api.addr(),
        &api.token_a,
        "/api/v1/transfers",
        &[("Idempotency-Key", "q")],
        &ask,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut t = Value::Null;
    for _ in 0..100 {
        t = get(
            api.addr(),
            "/api/v1/terminals/QR-BOUND-0001?qr_code=QR-BOUND-0001",
            &api.token_a,
        )
        .await
        .json();
        if t["transfer"]["status"] == "approved" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(t["qr"]["binding"], "free");
    let mut f = filing_api::registry::sandbox_filing("SB-OK-0002");
    f.qr_code = "QR-BOUND-0001".into();
    file(&api, &api.token_a, "with-stand", &json(&f)).await;
}

#[tokio::test]
async fn a_completed_review_is_sent_to_the_webhook_signed_and_retried_until_taken() {
    let (url, received) = webhook(2).await;
    let secret = "a-shared-secret-of-the-acquirer";
    let api = Api::start_configured(|c| {
        c.webhook = Some(filing_api::notify::Webhook {
            url: url.clone(),
            secret: secret.into(),
        })
    })
    .await;
    let f = file(&api, &api.token_a, "n1", &json(&filing_a("SB-OK-0001"))).await;
    let id = f["id"].as_str().unwrap().to_owned();
    settled(api.addr(), &api.token_a, &id).await;
    // Two failures, then delivered: 1 s and 2 s of back-off.
    for _ in 0..100 {
        if received.lock().unwrap().len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.iter().all(|(b, _)| b == &got[0].0),
        "the same notification each time"
    );
    let (body, signature) = &got[2];
    let note: Value = serde_json::from_str(body).unwrap();
    assert_eq!(note["type"], "filing.reviewed");
    assert_eq!(note["filing_id"], id.as_str());
    assert_eq!(note["status"], "approved");
    assert_eq!(note["merchant_id"], MID_A);
    assert_eq!(note["contact_mobile"], "13800138000");
    let t: i64 = signature
        .strip_prefix("t=")
        .and_then(|s| s.split(',').next())
        .and_then(|t| t.parse().ok())
        .expect("t=");
    assert_eq!(signature, &filing_api::notify::signature(secret, t, body));
    // Recorded: three attempts, delivered.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let db = database(api.dir.path()).await;
    let (attempts, delivered): (i64, Option<String>) = db
        .conn()
        .await
        .unwrap()
        .query_row(
            "SELECT attempts, delivered_at FROM outbox WHERE kind = 'filing.reviewed'",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await
        .unwrap();
    assert_eq!(attempts, 3);
    assert!(delivered.is_some());
}

#[tokio::test]
async fn a_webhook_that_is_not_a_url_or_has_a_short_secret_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    for (url, secret) in [
        ("ftp://x.example/h", "a-long-enough-secret"),
        ("https://x.example/h", "short"),
    ] {
        let mut c = config(dir.path()).await;
        c.webhook = Some(filing_api::notify::Webhook {
            url: url.into(),
            secret: secret.into(),
        });
        let e = filing_api::server::start(c).await.err().expect("refused");
        assert!(e.to_string().contains("webhook"), "{e}");
    }
}

/// Every new action is refused during maintenance, with `Retry-After`, and changes nothing.
#[tokio::test]
async fn every_lifecycle_action_waits_out_maintenance() {
    let api = Api::start().await;
    let f = file(&api, &api.token_a, "mt", &json(&filing_a("SB-OK-0001"))).await;
    let id = f["id"].as_str().unwrap().to_owned();
    settled(api.addr(), &api.token_a, &id).await;
    api.server.set_maintenance(Some(None)).await;
    let attempts = [
        action(&api, &api.token_a, &id, "withdraw", 1, &json!({})).await,
        action(
            &api,
            &api.token_a,
            &id,
            "deregister",
            1,
            &json!({"reason": "sold"}),
        )
        .await,
        action(
            &api,
            &api.token_a,
            &id,
            "placement",
            1,
            &json!({"region": "310105", "address": "长宁路 1 号"}),
        )
        .await,
        post(
            api.addr(),
            &api.token_a,
            "/api/v1/transfers",
            &[("Idempotency-Key", "m")],
            &json!({"serial_number": "SB-OTHER-01"}),
        )
        .await,
    ];
    for r in attempts {
        assert_eq!(
            (r.status, r.code().as_str()),
            (503, "MAINTENANCE"),
            "{}",
            r.body
        );
        assert!(r.header("retry-after").is_some());
    }
    api.server.set_maintenance(None).await;
    let now = get(api.addr(), &format!("/api/v1/filings/{id}"), &api.token_a)
        .await
        .json();
    assert_eq!(
        (now["status"].as_str(), now["version"].as_u64()),
        (Some("approved"), Some(1))
    );
    assert_eq!(now.get("change"), None);
}

/// Only the placement changes with a move: a 小微 merchant may send the operator's ID number
/// masked as the widget holds it (it stands for the number on file), but another number, or
/// another merchant name, is refused and nothing changes.
#[tokio::test]
async fn a_move_changes_the_placement_and_nothing_else() {
    let api = Api::start().await;
    let token = api.server.mint_token(MID_MICRO, 600);
    let f = file(&api, &token, "x1", &json(&micro_qr_stand())).await;
    let id = f["id"].as_str().unwrap().to_owned();
    let approved = settled(api.addr(), &token, &id).await;
    assert_eq!(approved["status"], "approved", "{approved}");
    let masked = approved["submission"]["operator_id_number"].clone();
    assert!(masked.as_str().unwrap().contains('*'), "{masked}");
    for (field, value) in [
        ("operator_id_number", "310104198001011239"),
        ("merchant_name", "王记早餐店"),
    ] {
        let mut body = json!({"region": "310104", "address": "漕溪北路 92 号",
            "qr_code": "QR-XW-0001", "device_ip": "2408:8207:1234::1"});
        body[field] = value.into();
        let r = action(&api, &token, &id, "placement", 1, &body).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (400, "BAD_REQUEST"),
            "{field}"
        );
        assert!(r.body.contains(field), "{}", r.body);
    }
    let body = json!({
        "region": "310104",
        "address": "漕溪北路 92 号",
        "qr_code": "QR-XW-0001",
        "device_ip": "2408:8207:1234::1",
        "operator_id_number": masked,
        "merchant_name": "李记早餐店",
    });
    let r = action(&api, &token, &id, "placement", 1, &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json()["change"]["submission"]["address"],
        "漕溪北路 92 号"
    );
}
