//! Every endpoint and error path of the registration API against a real server and SQLite file.

mod common;

use common::*;
use std::time::Duration;

use serde_json::{json, Value};

#[tokio::test]
async fn health_reports_ok_then_maintenance_and_writes_get_503() {
    let api = Api::start().await;
    let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"status":"ok"}"#));

    // The run-time switch: the CLI writes a file in the data dir, which the server watches.
    filing_api::maintenance::switch(&database(api.dir.path()).await, true, Some(30))
        .await
        .unwrap();
    let mut seen = false;
    for _ in 0..60 {
        let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
        if r.json()["status"] == "maintenance" {
            assert!(r.json()["until"].as_str().unwrap().ends_with('Z'));
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(seen, "maintenance switch not picked up");
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "k1",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!(r.status, 503);
    assert_eq!(r.code(), "MAINTENANCE");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1700..=1800).contains(&retry), "{retry}");
    // Reads still work.
    assert_eq!(
        get(api.addr(), "/api/v1/filings", &api.token_a)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn tokens_missing_forged_expired_or_malformed_get_401() {
    let api = Api::start().await;
    let path = "/api/v1/filings";
    let r = send(api.addr(), "GET", path, &[], b"").await;
    assert_eq!((r.status, r.code().as_str()), (401, "UNAUTHORIZED"));
    // Merchant A's token with merchant B in its payload, signature unchanged.
    let forged = with_claims(&api.token_a, |c| c["mid"] = MID_B.into());
    assert_eq!(get(api.addr(), path, &forged).await.status, 401);
    let expired = api.server.mint_token(MID_A, -1);
    let r = get(api.addr(), path, &expired).await;
    assert_eq!((r.status, r.code().as_str()), (401, "TOKEN_EXPIRED"));
    // The retired format, and garbage.
    for bad in ["v1.898310058120001.9999999999.sig", "v1.garbage", "a.b.c"] {
        assert_eq!(get(api.addr(), path, bad).await.status, 401, "{bad}");
    }
    assert_eq!(get(api.addr(), path, &api.token_a).await.status, 200);
}

/// `token` with its payload changed by `f`, its header and signature as they were.
fn with_claims(token: &str, f: impl FnOnce(&mut Value)) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT: {token}");
    let mut claims: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    f(&mut claims);
    format!(
        "{}.{}.{}",
        parts[0],
        b64.encode(claims.to_string()),
        parts[2]
    )
}

/// An acquirer that mints its own tokens (EdDSA) gives the server its public keys (a JWKS file)
/// and its issuer and audience; its tokens are accepted, the server's own HS256 tokens still too,
/// and a token for another audience or signed by an unknown key is not.
#[tokio::test]
async fn an_acquirers_own_tokens_verify_with_its_public_keys() {
    use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
    use ring::signature::{Ed25519KeyPair, KeyPair};
    let keys_dir = tempfile::tempdir().unwrap();
    let jwks = keys_dir.path().join("jwks.json");
    let rng = ring::rand::SystemRandom::new();
    // An Ed25519 key pair: PKCS#8 private key, and the JWK of its public key named `kid`.
    let pair = |kid: &str| {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let public = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let x = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            public.public_key().as_ref(),
        );
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "kid": kid, "x": x});
        (pkcs8.as_ref().to_vec(), jwk)
    };
    let (first, first_jwk) = pair("acq-1");
    let (second, second_jwk) = pair("acq-2");
    std::fs::write(&jwks, json!({"keys": [first_jwk]}).to_string()).unwrap();
    let api = Api::start_configured(|c| {
        c.jwks = Some(jwks.clone());
        c.token_policy.issuer = "https://pay.acquirer.example".into();
        c.token_policy.audience = "filing".into();
    })
    .await;
    let sign = |kid: &str, aud: &str| {
        let private = if kid == "acq-2" { &second } else { &first };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.into());
        let exp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 600;
        let claims =
            json!({"mid": MID_A, "exp": exp, "iss": "https://pay.acquirer.example", "aud": aud});
        encode(&header, &claims, &EncodingKey::from_ed_der(private)).unwrap()
    };
    let path = "/api/v1/filings";
    let addr = api.addr();
    let status = |token: String| async move { get(addr, path, &token).await.status };
    assert_eq!(status(sign("acq-1", "filing")).await, 200);
    assert_eq!(status(api.token_a.clone()).await, 200, "mint-token's");
    assert_eq!(status(sign("acq-0", "filing")).await, 401, "unknown kid");
    assert_eq!(
        status(sign("acq-1", "other")).await,
        401,
        "another audience"
    );
    assert_eq!(
        status(sign("acq-2", "filing")).await,
        401,
        "not in the file yet"
    );

    // Rotation while running: the file now holds only the new key.
    std::fs::write(&jwks, json!({"keys": [second_jwk]}).to_string()).unwrap();
    let mut rotated = false;
    for _ in 0..100 {
        if status(sign("acq-2", "filing")).await == 200 {
            rotated = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(rotated, "the new key was not picked up");
    assert_eq!(
        status(sign("acq-1", "filing")).await,
        401,
        "old key removed"
    );
    // A broken edit keeps the keys in force.
    std::fs::write(&jwks, "{").unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(status(sign("acq-2", "filing")).await, 200);
}

#[tokio::test]
async fn a_filing_is_created_read_listed_and_reviewed() {
    let api = Api::start().await;
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "key-1",
        &json(&filing_a("sb-ok-0001")),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let created = r.json();
    assert_eq!(created["status"], "pending");
    assert_eq!(created["version"], 1);
    assert_eq!(
        created["submission"]["serial_number"], "SB-OK-0001",
        "normalised by filing-core"
    );
    assert_eq!(r.header("etag"), Some("\"1\""));
    let id = created["id"].as_str().unwrap();

    let done = settled(api.addr(), &api.token_a, id).await;
    assert_eq!(done["status"], "approved", "{done}");
    let list = get(api.addr(), "/api/v1/filings", &api.token_a)
        .await
        .json();
    assert!(list.as_array().unwrap().iter().any(|f| f["id"] == id));
    let events = get(
        api.addr(),
        &format!("/api/v1/filings/{id}/events"),
        &api.token_a,
    )
    .await
    .json();
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["submitted", "approved"]);

    // Conditional read: unchanged → 304.
    let auth = format!("Bearer {}", api.token_a);
    let r = send(
        api.addr(),
        "GET",
        &format!("/api/v1/filings/{id}"),
        &[("Authorization", &auth), ("If-None-Match", "\"1\"")],
        b"",
    )
    .await;
    assert_eq!(r.status, 304);
}

#[tokio::test]
async fn invalid_fields_get_422_with_the_filing_core_codes() {
    let api = Api::start().await;
    let mut f = filing_a("SB-OK-0001");
    f.credit_code = "91350100M000100Y44".into();
    f.region = "310199".into();
    f.merchant_id = MID_B.into();
    let r = post_filing(api.addr(), &api.token_a, "k", &json(&f)).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(
        r.json()["error"]["fields"],
        json!([
            {"field": "merchant_id", "code": "NOT_YOUR_MERCHANT"},
            {"field": "credit_code", "code": "BAD_CHECK_CHARACTER"},
            {"field": "region", "code": "UNKNOWN_REGION"}
        ])
    );
}

#[tokio::test]
async fn policy_can_require_location_or_ip_for_every_terminal() {
    let api = Api::start_configured(|c| c.policy.location_or_ip_required = true).await;
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "k",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "location", "code": "LOCATION_OR_IP_REQUIRED"}])
    );
    let policy = send(api.addr(), "GET", "/api/v1/reference/policy", &[], b"")
        .await
        .json();
    assert_eq!(policy["location_or_ip_required"], json!(true));
    let every_type_needs_it = policy["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["location_or_ip"] == json!(true));
    assert!(every_type_needs_it, "{policy}");
}

#[tokio::test]
async fn strict_json_refuses_bad_bodies_with_the_envelope() {
    let api = Api::start().await;
    let auth = format!("Bearer {}", api.token_a);
    let post = |body: Vec<u8>, ct: &'static str| {
        let auth = auth.clone();
        let addr = api.addr();
        async move {
            send(
                addr,
                "POST",
                "/api/v1/filings",
                &[
                    ("Authorization", &auth),
                    ("Content-Type", ct),
                    ("Idempotency-Key", "k"),
                ],
                &body,
            )
            .await
        }
    };
    let mut unknown = json(&filing_a("SB-OK-0001"));
    unknown["admin"] = json!(true);
    let r = post(serde_json::to_vec(&unknown).unwrap(), "application/json").await;
    assert_eq!((r.status, r.code().as_str()), (400, "BAD_REQUEST"));
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("admin"),
        "{}",
        r.body
    );

    let r = post(br#"{"serial_number": 12}"#.to_vec(), "application/json").await;
    assert_eq!(r.status, 400);
    let r = post(b"{not json".to_vec(), "application/json").await;
    assert_eq!(r.status, 400);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let r = post(deep.into_bytes(), "application/json").await;
    assert_eq!(r.status, 413, "20 KB of brackets is over the 16 KB limit");
    let deep = format!("{}{}", "[".repeat(3_000), "]".repeat(3_000));
    let r = post(deep.into_bytes(), "application/json").await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "BAD_REQUEST"),
        "nesting beyond serde's limit"
    );
    let r = post(vec![b' '; 64 * 1024], "application/json").await;
    assert_eq!((r.status, r.code().as_str()), (413, "PAYLOAD_TOO_LARGE"));
    let r = post(
        serde_json::to_vec(&json(&filing_a("SB-OK-0001"))).unwrap(),
        "text/plain",
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (415, "UNSUPPORTED_MEDIA_TYPE")
    );
    // Nothing was filed by any of these.
    assert_eq!(
        get(api.addr(), "/api/v1/filings", &api.token_a)
            .await
            .json()
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["submission"]["serial_number"] == "SB-OK-0001")
            .count(),
        0
    );
}

#[tokio::test]
async fn idempotency_key_replays_the_same_response_and_never_files_twice() {
    let api = Api::start().await;
    let body = json(&filing_a("SB-OK-0002"));
    let first = post_filing(api.addr(), &api.token_a, "retry-me", &body).await;
    assert_eq!(first.status, 201);
    let again = post_filing(api.addr(), &api.token_a, "retry-me", &body).await;
    assert_eq!(again.status, 201);
    assert_eq!(
        again.body, first.body,
        "same key + same body → same response"
    );

    let mut other = filing_a("SB-OK-0002");
    other.address = "另一个地址".into();
    let r = post_filing(api.addr(), &api.token_a, "retry-me", &json(&other)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (422, "IDEMPOTENCY_KEY_REUSED")
    );

    let auth = format!("Bearer {}", api.token_a);
    let r = send(
        api.addr(),
        "POST",
        "/api/v1/filings",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &serde_json::to_vec(&body).unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "IDEMPOTENCY_KEY_REQUIRED")
    );

    let list = get(api.addr(), "/api/v1/filings", &api.token_a)
        .await
        .json();
    let count = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["submission"]["serial_number"] == "SB-OK-0002")
        .count();
    assert_eq!(count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_submissions_of_one_serial_make_exactly_one_filing() {
    // Reviews wait, so the winner is still pending (a rejected filing would free the serial).
    let api = Api::start_configured(|c| c.review_delay = Duration::from_secs(60)).await;
    let body = json(&filing_a("SB-OK-0003"));
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (addr, token, body) = (api.addr(), api.token_a.clone(), body.clone());
            tokio::spawn(async move { post_filing(addr, &token, &format!("key-{i}"), &body).await })
        })
        .collect();
    let mut statuses = vec![];
    for t in tasks {
        let r = t.await.unwrap();
        if r.status == 409 {
            assert_eq!(r.code(), "SERIAL_ALREADY_FILED");
            assert_eq!(
                r.json()["error"]["fields"],
                json!([{"field": "serial_number", "code": "ALREADY_FILED"}])
            );
        }
        statuses.push(r.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
}

/// One merchant's key is no other merchant's business: the same key from merchant B files B's
/// filing instead of being refused as reused (or replaying A's).
#[tokio::test]
async fn an_idempotency_key_belongs_to_its_merchant() {
    let api = Api::start().await;
    let a = post_filing(
        api.addr(),
        &api.token_a,
        "shared-key",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let b = post_filing(
        api.addr(),
        &api.token_b,
        "shared-key",
        &json(&filing_b("SB-OK-0002")),
    )
    .await;
    assert_eq!(b.status, 201, "{}", b.body);
    assert_ne!(a.json()["id"], b.json()["id"]);
    assert_eq!(b.json()["submission"]["merchant_id"], MID_B);
}

/// Two merchants racing for one free QR stand: the database lets exactly one have it.
#[tokio::test]
async fn two_merchants_racing_for_one_qr_stand_make_exactly_one_filing() {
    let api = Api::start_configured(|c| c.review_delay = Duration::from_secs(60)).await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let (mut f, token) = if i % 2 == 0 {
                (filing_a(&format!("RACE-A-{i}")), api.token_a.clone())
            } else {
                (filing_b(&format!("RACE-B-{i}")), api.token_b.clone())
            };
            f.qr_code = "QR-FREE-0002".into();
            let addr = api.addr();
            tokio::spawn(
                async move { post_filing(addr, &token, &format!("race-{i}"), &json(&f)).await },
            )
        })
        .collect();
    let mut statuses = vec![];
    for t in tasks {
        let r = t.await.unwrap();
        if r.status == 409 {
            assert_eq!(r.code(), "QR_CODE_BOUND_ELSEWHERE");
        }
        statuses.push(r.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        9,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn one_qr_stand_serves_one_active_filing() {
    let api = Api::start().await;
    let mut f = filing_a("SB-OK-0001");
    f.qr_code = "QR-FREE-0001".into();
    assert_eq!(
        post_filing(api.addr(), &api.token_a, "a", &json(&f))
            .await
            .status,
        201
    );
    let mut g = filing_a("SB-OK-0002");
    g.qr_code = "qr-free-0001".into();
    let r = post_filing(api.addr(), &api.token_a, "b", &json(&g)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "QR_CODE_BOUND_ELSEWHERE")
    );
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "qr_code", "code": "BOUND_ELSEWHERE"}])
    );
}

#[tokio::test]
async fn merchant_b_cannot_see_or_change_merchant_a_filings() {
    let api = Api::start().await;
    let f = filing_a("SB-OK-0001");
    let id = post_filing(api.addr(), &api.token_a, "a", &json(&f))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let approved = settled(api.addr(), &api.token_a, &id).await;
    assert_eq!(approved["status"], "approved");

    let missing = get(
        api.addr(),
        "/api/v1/filings/f_0000000000000000",
        &api.token_b,
    )
    .await;
    for path in [
        format!("/api/v1/filings/{id}"),
        format!("/api/v1/filings/{id}/events"),
    ] {
        let r = get(api.addr(), &path, &api.token_b).await;
        assert_eq!(
            (r.status, r.body.as_str()),
            (missing.status, missing.body.as_str()),
            "{path}"
        );
    }
    let mut fb = filing_a("SB-OK-0001");
    fb.merchant_id = MID_B.into();
    let r = put_filing(api.addr(), &api.token_b, &id, Some("\"1\""), &json(&fb)).await;
    assert_eq!(r.status, 404);
    let list = get(api.addr(), "/api/v1/filings", &api.token_b)
        .await
        .json();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"] != id.as_str()));
    // B's look-up of A's serial reveals no filing, only that someone holds it.
    let t = get(api.addr(), "/api/v1/terminals/SB-OK-0001", &api.token_b)
        .await
        .json();
    assert_eq!(t["filing"], Value::Null);
    assert_eq!(t["filed_by_another_merchant"], true);
}

#[tokio::test]
async fn a_rejected_filing_is_corrected_with_if_match_and_approved() {
    let api = Api::start().await;
    let mut f = filing_a("SB-OK-0001");
    f.merchant_name = "上海别的公司".into();
    let id = post_filing(api.addr(), &api.token_a, "a", &json(&f))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rejected = settled(api.addr(), &api.token_a, &id).await;
    assert_eq!(
        rejected["reasons"],
        json!([{"code": "MERCHANT_INFO_MISMATCH", "field": "merchant_name"}])
    );
    assert_eq!(rejected["reasons_version"], 1);

    f.merchant_name = filing_a("SB-OK-0001").merchant_name;
    let r = put_filing(api.addr(), &api.token_a, &id, None, &json(&f)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (428, "PRECONDITION_REQUIRED")
    );
    let r = put_filing(api.addr(), &api.token_a, &id, Some("\"0\""), &json(&f)).await;
    assert_eq!((r.status, r.code().as_str()), (412, "STALE_VERSION"));
    let r = put_filing(api.addr(), &api.token_a, &id, Some("\"1\""), &json(&f)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let pending = r.json();
    assert_eq!(
        (pending["status"].as_str(), pending["version"].as_i64()),
        (Some("pending"), Some(2))
    );
    assert_eq!(
        pending["reasons_version"], 1,
        "old reasons are kept and marked as older"
    );
    let approved = settled(api.addr(), &api.token_a, &id).await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["reasons"], json!([]));
    let r = put_filing(api.addr(), &api.token_a, &id, Some("\"2\""), &json(&f)).await;
    assert_eq!((r.status, r.code().as_str()), (409, "NOT_CORRECTABLE"));
    let events = get(
        api.addr(),
        &format!("/api/v1/filings/{id}/events"),
        &api.token_a,
    )
    .await
    .json();
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["submitted", "rejected", "corrected", "approved"]);
}

#[tokio::test]
async fn a_restart_between_submit_and_review_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(dir.path()).await;
    c.review_delay = std::time::Duration::from_millis(800);
    let server = start_with(c).await;
    let token = server.mint_token(MID_A, 600);
    let r = post_filing(server.addr, &token, "k", &json(&filing_a("SB-OK-0001"))).await;
    assert_eq!(r.status, 201);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    server.stop().await.unwrap();

    let server = start_with(config(dir.path()).await).await;
    let done = settled(server.addr, &token, &id).await;
    assert_eq!(done["status"], "approved", "reviewed after the restart");
    server.stop().await.unwrap();
}

/// A change to the base filing that a sandbox case needs.
type Tweak = fn(&mut filing_core::FilingInput);

/// Each sandbox serial ends in the outcome the README documents.
#[tokio::test]
async fn every_sandbox_serial_ends_in_its_documented_outcome() {
    let api = Api::start().await;
    // Each serial filed with the device the registry holds for it; two outcomes need one more
    // detail: a bound QR stand, and a merchant name the acquirer does not have.
    let other_name: Tweak = |f| f.merchant_name = "上海别的公司".into();
    let cases: &[(&str, Option<Tweak>, &str, Value)] = &[
        ("SB-OK-0001", None, "approved", json!([])),
        (
            "SB-NOTACT-01",
            None,
            "rejected",
            json!([{"code": "DEVICE_NOT_ACTIVATED", "field": "serial_number"}]),
        ),
        (
            "SB-SECFAIL-01",
            None,
            "rejected",
            json!([{"code": "DEVICE_SECURITY_CHECK_FAILED", "field": "serial_number"}]),
        ),
        (
            "SB-UNCERT-01",
            None,
            "rejected",
            json!([{"code": "MODEL_NOT_CERTIFIED", "field": "model"}]),
        ),
        (
            "SB-FACE-01",
            None,
            "rejected",
            json!([{"code": "MERCHANT_NOT_QUALIFIED", "field": "device_type"}]),
        ),
        (
            "SB-LOCREQ-01",
            None,
            "rejected",
            json!([{"code": "LOCATION_REQUIRED", "field": "location"}]),
        ),
        ("SB-NOREASON-01", None, "rejected", json!([])),
        (
            "SB-ODDCODE-01",
            None,
            "rejected",
            json!([{"code": "ACQUIRER_RISK_REVIEW", "detail": "风控复核未通过 <请联系客户经理>"}]),
        ),
        (
            "SB-UNKNOWN-01",
            None,
            "rejected",
            json!([{"code": "SERIAL_NOT_FOUND", "field": "serial_number", "detail": "序列号不在设备登记库中 / serial number not in the device registry"}]),
        ),
        (
            "SB-OK-0003",
            Some(other_name),
            "rejected",
            json!([{"code": "MERCHANT_INFO_MISMATCH", "field": "merchant_name"}]),
        ),
    ];
    for (i, (serial, tweak, status, reasons)) in cases.iter().enumerate() {
        let mut f = filing_api::registry::sandbox_filing(serial);
        if let Some(tweak) = tweak {
            tweak(&mut f);
        }
        let r = post_filing(api.addr(), &api.token_a, &format!("k{i}"), &json(&f)).await;
        assert_eq!(r.status, 201, "{serial}: {}", r.body);
        let done = settled(api.addr(), &api.token_a, r.json()["id"].as_str().unwrap()).await;
        assert_eq!(done["status"], *status, "{serial}");
        assert_eq!(done["reasons"], *reasons, "{serial}");
    }
    // Seeded: a revoked filing of A, and B's active filing that A cannot file again.
    let t = get(api.addr(), "/api/v1/terminals/SB-REVOKED-01", &api.token_a)
        .await
        .json();
    assert_eq!(t["filing"]["status"], "revoked");
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "other",
        &json(&filing_a("SB-OTHER-01")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (409, "SERIAL_ALREADY_FILED"));
    // A QR stand the registry binds to another merchant is refused at submission, on its field.
    let mut f = filing_api::registry::sandbox_filing("SB-OK-0002");
    f.qr_code = "QR-BOUND-0001".into();
    let r = post_filing(api.addr(), &api.token_a, "bound", &json(&f)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "QR_CODE_BOUND_ELSEWHERE")
    );
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "qr_code", "code": "BOUND_ELSEWHERE"}])
    );
}

#[tokio::test]
async fn terminal_lookup_gives_the_facts_a_diagnosis_needs() {
    let api = Api::start().await;
    let t = get(
        api.addr(),
        "/api/v1/terminals/sb-notact-01?qr_code=QR-BOUND-0001",
        &api.token_a,
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.body);
    let t = t.json();
    assert_eq!(t["serial_number"], "SB-NOTACT-01");
    assert_eq!(t["filing"], Value::Null);
    assert_eq!(t["device"]["activated"], false);
    assert_eq!(t["device"]["certified_model"], true);
    assert_eq!(
        t["qr"],
        json!({"qr_code": "QR-BOUND-0001", "binding": "elsewhere"})
    );
    assert_eq!(t["merchant_qualified"], true);
    let t = get(api.addr(), "/api/v1/terminals/SB-FACE-01", &api.token_a)
        .await
        .json();
    assert_eq!(t["merchant_qualified"], false);
    let t = get(api.addr(), "/api/v1/terminals/NOPE-1", &api.token_a)
        .await
        .json();
    assert_eq!(t["device"], Value::Null);
    let r = get(api.addr(), "/api/v1/terminals/SN_0001", &api.token_a).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "serial_number", "code": "BAD_CHARACTERS"}])
    );
}

#[tokio::test]
async fn reference_data_is_served_and_cacheable() {
    let api = Api::start().await;
    let types = send(
        api.addr(),
        "GET",
        "/api/v1/reference/device-types",
        &[],
        b"",
    )
    .await;
    assert_eq!(types.json().as_array().unwrap().len(), 13);
    assert_eq!(
        types.json()[6],
        json!({"code": "07", "selectable": false, "requires_serial": false, "needs_location_or_ip": false})
    );
    let models = send(api.addr(), "GET", "/api/v1/reference/models", &[], b"")
        .await
        .json();
    assert!(models["manufacturers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["code"] == "NEWLAND"));
    let regions = send(api.addr(), "GET", "/api/v1/reference/regions", &[], b"").await;
    assert!(
        regions.body.starts_with("# regions 民政部 2024"),
        "the source and its date"
    );
    let etag = regions.header("etag").unwrap().to_owned();
    let again = send(
        api.addr(),
        "GET",
        "/api/v1/reference/regions",
        &[("If-None-Match", &etag)],
        b"",
    )
    .await;
    assert_eq!(again.status, 304);
    let r = send(api.addr(), "GET", "/api/v1/nope", &[], b"").await;
    assert_eq!((r.status, r.code().as_str()), (404, "NOT_FOUND"));
    let r = send(api.addr(), "DELETE", "/api/v1/health", &[], b"").await;
    assert_eq!((r.status, r.code().as_str()), (405, "METHOD_NOT_ALLOWED"));
    let r = get(
        api.addr(),
        "/api/v1/terminals/SB-OK-0001?bogus=1",
        &api.token_a,
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (400, "BAD_REQUEST"));
}

#[tokio::test]
async fn requests_beyond_the_rate_limit_get_429_with_retry_after() {
    let api = Api::start_configured(|c| {
        c.rate_limit = filing_api::limits::RateLimit {
            per_second: 1.0,
            burst: 3.0,
        }
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            get(api.addr(), "/api/v1/filings", &api.token_a)
                .await
                .status,
            200
        );
    }
    let r = get(api.addr(), "/api/v1/filings", &api.token_a).await;
    assert_eq!((r.status, r.code().as_str()), (429, "RATE_LIMITED"));
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(
        get(api.addr(), "/api/v1/filings", &api.token_b)
            .await
            .status,
        200,
        "per merchant"
    );
}

#[tokio::test]
async fn cors_allows_only_configured_origins_and_requests_carry_ids() {
    let api = Api::start_configured(|c| c.cors_origins = vec!["http://host.test".into()]).await;
    let pre = |origin: &'static str| {
        let addr = api.addr();
        async move {
            send(
                addr,
                "OPTIONS",
                "/api/v1/filings",
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", "POST"),
                    (
                        "Access-Control-Request-Headers",
                        "authorization,idempotency-key,content-type",
                    ),
                ],
                b"",
            )
            .await
        }
    };
    let ok = pre("http://host.test").await;
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("http://host.test")
    );
    let no = pre("http://evil.test").await;
    assert_eq!(no.header("access-control-allow-origin"), None);
    let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
    assert!(r.header("x-request-id").unwrap().starts_with("req-"));
}

#[tokio::test]
async fn maintenance_ends_at_its_announced_end() {
    let api = Api::start().await;
    let end = filing_api::clock::now_unix() + 2;
    api.server
        .set_maintenance(Some(Some(filing_api::clock::rfc3339(end))))
        .await;
    let body = json(&filing_a("SB-OK-0001"));
    let r = post_filing(api.addr(), &api.token_a, "k1", &body).await;
    assert_eq!((r.status, r.code().as_str()), (503, "MAINTENANCE"));
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    while filing_api::clock::now_unix() < end {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"status":"ok"}"#));
    let r = post_filing(api.addr(), &api.token_a, "k1", &body).await;
    assert_eq!(
        r.status, 201,
        "writes resume at the announced end: {}",
        r.body
    );
}

#[cfg(unix)]
#[tokio::test]
async fn database_and_wal_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let api = Api::start_sqlite().await;
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "k1",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!(r.status, 201);
    let files: Vec<_> = std::fs::read_dir(api.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("filing.db"))
        .collect();
    assert!(files.len() >= 2, "database and WAL: {files:?}");
    for file in files {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

/// A store that cannot take writes says so on `/health` and refuses writes with 503, instead of
/// accepting them where nobody will read them again: the database going away under the running
/// server, on the engine the tests run on (the SQLite file deleted, then replaced by an empty
/// one; the PostgreSQL database dropped, its connections cut).
#[tokio::test]
async fn health_is_degraded_and_writes_refused_when_the_database_goes_away() {
    let api = Api::start().await;
    let url = database_url(api.dir.path()).await;
    let file = api.dir.path().join(filing_api::db::DB_FILE);
    match &url {
        None => std::fs::remove_file(&file).unwrap(),
        Some(url) => {
            let name = database_name(url);
            on_postgres_server(url, &format!("DROP DATABASE {name} WITH (FORCE)")).await
        }
    }
    let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (503, r#"{"status":"degraded"}"#)
    );
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "k1",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (503, "STORE_UNAVAILABLE"));
    assert!(r.header("retry-after").is_some());
    if url.is_none() {
        // A new, empty file under the old name is not the store either.
        std::fs::write(&file, b"").unwrap();
        let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
        assert_eq!(r.status, 503);
    }
}

/// A connection to the maintenance database of the server of `url`'s PostgreSQL.
async fn postgres_server(url: &str) -> tokio_postgres::Client {
    use filing_api::pg_tls;
    pg_tls::connect_one(&pg_tls::with_database(url, "postgres"))
        .await
        .unwrap()
}

/// The database `url` names.
fn database_name(url: &str) -> String {
    let target = filing_api::pg_tls::target(url).unwrap();
    target.config.get_dbname().unwrap().to_owned()
}

/// On the server of `url`'s PostgreSQL, runs `sql` from its maintenance database.
async fn on_postgres_server(url: &str, sql: &str) {
    postgres_server(url).await.batch_execute(sql).await.unwrap();
}

/// Sets the database of the server in `dir` read-only (SQLite: its file; PostgreSQL: the
/// database, as a standby is, with its connections cut so new ones start read-only) or back.
async fn set_read_only(dir: &std::path::Path, read_only: bool) {
    use std::os::unix::fs::PermissionsExt;
    match database_url(dir).await {
        None => std::fs::set_permissions(
            dir.join(filing_api::db::DB_FILE),
            std::fs::Permissions::from_mode(if read_only { 0o400 } else { 0o600 }),
        )
        .unwrap(),
        Some(url) => {
            let name = database_name(&url);
            let client = postgres_server(&url).await;
            let setting = if read_only { "on" } else { "off" };
            client
                .batch_execute(&format!(
                    "ALTER DATABASE {name} SET default_transaction_read_only = {setting}"
                ))
                .await
                .unwrap();
            // Sessions started before the change keep the old setting: end them, and wait
            // until they are gone (ending one is asynchronous).
            let changed: std::time::SystemTime =
                client.query_one("SELECT now()", &[]).await.unwrap().get(0);
            for _ in 0..100 {
                let older: i64 = client
                    .query_one(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                         WHERE datname = $1 AND backend_start <= $2",
                        &[&name, &changed],
                    )
                    .await
                    .unwrap()
                    .get(0);
                if older == 0 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// `/health`'s status once it is `want` (a cut connection may take a request to notice).
async fn health_becomes(addr: std::net::SocketAddr, want: u16) -> u16 {
    let mut status = 0;
    for _ in 0..50 {
        status = send(addr, "GET", "/api/v1/health", &[], b"").await.status;
        if status == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    status
}

#[cfg(unix)]
#[tokio::test]
async fn health_is_degraded_and_writes_refused_when_the_database_is_read_only() {
    let api = Api::start().await;
    set_read_only(api.dir.path(), true).await;
    assert_eq!(health_becomes(api.addr(), 503).await, 503);
    let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
    assert_eq!(r.json()["status"], "degraded");
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "k1",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (503, "STORE_UNAVAILABLE"));
    // Reads still answer; writability back means health back.
    assert_eq!(
        get(api.addr(), "/api/v1/filings", &api.token_a)
            .await
            .status,
        200
    );
    set_read_only(api.dir.path(), false).await;
    assert_eq!(health_becomes(api.addr(), 200).await, 200);
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "k1",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

#[tokio::test]
async fn a_path_that_does_not_decode_answers_with_the_envelope() {
    let api = Api::start().await;
    for path in [
        "/api/v1/filings/%FF",
        "/api/v1/filings/%C3/events",
        "/api/v1/terminals/%FE%FF",
    ] {
        let r = get(api.addr(), path, &api.token_a).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (400, "BAD_REQUEST"),
            "{path}"
        );
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
    }
    let r = put_filing(
        api.addr(),
        &api.token_a,
        "%FF",
        Some("\"1\""),
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (400, "BAD_REQUEST"));
}

#[tokio::test]
async fn the_server_refuses_to_start_with_an_origin_it_could_not_honour() {
    let dir = tempfile::tempdir().unwrap();
    for (cors, frame) in [
        (vec!["https://ok.example"], vec!["not an origin"]),
        (vec!["*"], vec![]),
    ] {
        let mut c = config(dir.path()).await;
        c.cors_origins = cors.into_iter().map(str::to_owned).collect();
        c.frame_ancestors = frame.into_iter().map(str::to_owned).collect();
        let e = filing_api::server::start(c).await.err().expect("refused");
        assert!(e.to_string().contains("not an origin"), "{e}");
    }
}

/// Reads from `s` until the server closes it (`Ok` with what it sent) or `within` passes (`Err`).
async fn until_closed(s: &mut tokio::net::TcpStream, within: Duration) -> Result<String, ()> {
    use tokio::io::AsyncReadExt;
    let mut got = vec![];
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(within, read).await.map_err(|_| ())?;
    Ok(String::from_utf8_lossy(&got).into_owned())
}

fn tight(c: &mut filing_api::Config) {
    c.connections.header_read = Duration::from_secs(1);
    c.connections.request = Duration::from_secs(1);
}

#[tokio::test]
async fn a_client_sending_half_its_headers_is_cut_off() {
    use tokio::io::AsyncWriteExt;
    let api = Api::start_configured(tight).await;
    let mut s = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
    s.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    assert!(
        until_closed(&mut s, Duration::from_secs(10)).await.is_ok(),
        "still open long after the header deadline"
    );
    // So is a connection that never sends a byte, and one kept alive idle after an answer.
    let mut silent = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
    assert!(until_closed(&mut silent, Duration::from_secs(10))
        .await
        .is_ok());
    let mut idle = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
    idle.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answered = until_closed(&mut idle, Duration::from_secs(10)).await;
    assert!(answered.unwrap().contains(r#"{"status":"ok"}"#));
}

#[tokio::test]
async fn a_body_that_never_arrives_answers_408_with_the_envelope() {
    use tokio::io::AsyncWriteExt;
    let api = Api::start_configured(tight).await;
    let mut s = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
    let head = format!(
        "POST /api/v1/filings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: slow-1\r\nContent-Length: 400\r\n\r\n{{\"device_type\":",
        api.token_a
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let answer = until_closed(&mut s, Duration::from_secs(10))
        .await
        .expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"REQUEST_TIMEOUT""#), "{answer}");
    assert!(answer.contains("application/json"), "{answer}");
}

#[tokio::test]
async fn connections_past_the_cap_are_refused_with_503_and_the_cap_frees_up() {
    let api = Api::start_configured(|c| {
        c.connections.max_connections = 2;
        c.connections.header_read = Duration::from_secs(30);
    })
    .await;
    let a = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
    let b = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let r = send(api.addr(), "GET", "/api/v1/health", &[], b"").await;
    assert_eq!((r.status, r.code().as_str()), (503, "SERVER_BUSY"));
    assert_eq!(r.header("retry-after"), Some("1"));
    drop((a, b));
    let mut ok = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if send(api.addr(), "GET", "/api/v1/health", &[], b"")
            .await
            .status
            == 200
        {
            ok = true;
            break;
        }
    }
    assert!(ok, "closed connections give their places back");
}

/// The `cursor` of a `Link: <?cursor=...&limit=...>; rel="next"` header.
fn next_cursor(r: &Resp) -> Option<String> {
    let link = r.header("link")?;
    assert!(link.ends_with(r#"; rel="next""#), "{link}");
    let target = link.split_once('<')?.1.split_once('>')?.0;
    let query = target.strip_prefix('?')?;
    query
        .split('&')
        .find_map(|p| p.strip_prefix("cursor="))
        .map(str::to_owned)
}

#[tokio::test]
async fn the_list_comes_in_pages_newest_first_and_every_filing_once() {
    let api = Api::start().await;
    let mut filed = vec![];
    for i in 0..5 {
        let r = post_filing(
            api.addr(),
            &api.token_a,
            &format!("page-{i}"),
            &json(&filing_a(&format!("PG-{i:04}"))),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        filed.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    let all = get(api.addr(), "/api/v1/filings", &api.token_a).await;
    assert_eq!(all.header("link"), None, "everything fits the default page");
    let everything: Vec<String> = all
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(everything.len(), 6, "the five and the seeded one");
    assert_eq!(
        &everything[..5],
        filed.iter().rev().cloned().collect::<Vec<_>>()
    );

    let mut paged = vec![];
    let mut path = "/api/v1/filings?limit=2".to_owned();
    let mut pages = 0;
    loop {
        let r = get(api.addr(), &path, &api.token_a).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let page = r.json();
        assert!(page.as_array().unwrap().len() <= 2);
        paged.extend(
            page.as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap().to_owned()),
        );
        pages += 1;
        match next_cursor(&r) {
            Some(c) => path = format!("/api/v1/filings?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        paged, everything,
        "the pages together are the list, in order"
    );
    assert_eq!(pages, 3);
    // Another merchant with that cursor sees only its own filings.
    let r = get(api.addr(), &path, &api.token_b).await;
    assert!(!r.body.contains("PG-0"), "{}", r.body);
    for bad in [
        "limit=0",
        "limit=101",
        "cursor=abc",
        "cursor=p-1",
        "cursor=p0",
        "page=2",
    ] {
        let r = get(api.addr(), &format!("/api/v1/filings?{bad}"), &api.token_a).await;
        assert_eq!((r.status, r.code().as_str()), (400, "BAD_REQUEST"), "{bad}");
    }
}

/// Ages every idempotency record of the server in `dir` by `secs`.
async fn age_idempotency(dir: &std::path::Path, secs: i64) {
    let old = filing_api::clock::rfc3339(filing_api::clock::now_unix() - secs);
    execute(
        dir,
        "UPDATE idempotency SET created_at = ?1",
        filing_api::params![old],
    )
    .await;
}

#[tokio::test]
async fn idempotency_keys_are_kept_for_a_day_then_forgotten_and_pruned() {
    let api = Api::start().await;
    let first = json(&filing_a("SB-OK-0001"));
    let r = post_filing(api.addr(), &api.token_a, "day-key", &first).await;
    assert_eq!(r.status, 201);
    // Within the day: the same key with another body is refused.
    age_idempotency(api.dir.path(), 23 * 3600).await;
    let other = json(&filing_a("SB-OK-0002"));
    let r = post_filing(api.addr(), &api.token_a, "day-key", &other).await;
    assert_eq!(r.code(), "IDEMPOTENCY_KEY_REUSED");
    // After it: the key is free again.
    age_idempotency(api.dir.path(), 25 * 3600).await;
    let r = post_filing(api.addr(), &api.token_a, "day-key", &other).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["submission"]["serial_number"], "SB-OK-0002");
    // Records past the retention are deleted when the server starts (and every ten minutes).
    age_idempotency(api.dir.path(), 25 * 3600).await;
    let dir = api.dir;
    api.server.stop().await.unwrap();
    let server = start_with(config(dir.path()).await).await;
    let mut left = 1;
    for _ in 0..50 {
        left = query_one::<i64>(dir.path(), "SELECT count(*) FROM idempotency", &[]).await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_merchant_can_create_only_so_many_filings_a_day() {
    // The sandbox seeds one filing for merchant A, created at start: it counts.
    let api = Api::start_configured(|c| c.daily_filing_cap = 3).await;
    for i in 0..2 {
        let r = post_filing(
            api.addr(),
            &api.token_a,
            &format!("cap-{i}"),
            &json(&filing_a(&format!("CAP-{i:04}"))),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "cap-2",
        &json(&filing_a("CAP-0002")),
    )
    .await;
    assert_eq!((r.status, r.code().as_str()), (429, "DAILY_LIMIT_REACHED"));
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((86_000..=86_400).contains(&retry), "{retry}");
    // A retry of one that went through still answers as it did; another merchant is not held.
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "cap-1",
        &json(&filing_a("CAP-0001")),
    )
    .await;
    assert_eq!(r.status, 201);
    let r = post_filing(
        api.addr(),
        &api.token_b,
        "cap-b",
        &json(&filing_b("CAP-0009")),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

/// Times as the contract says: RFC 3339, the update never before the creation, the same on the
/// list and on the filing itself.
#[tokio::test]
async fn a_filings_times_are_its_own_on_the_list_and_on_its_page() {
    let api = Api::start_configured(|c| c.review_delay = Duration::from_secs(60)).await;
    let r = post_filing(
        api.addr(),
        &api.token_a,
        "t1",
        &json(&filing_a("SB-OK-0001")),
    )
    .await;
    let id = r.json()["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = send(
        api.addr(),
        "POST",
        &format!("/api/v1/filings/{id}/withdraw"),
        &[
            ("Authorization", &format!("Bearer {}", api.token_a)),
            ("If-Match", "\"1\""),
        ],
        b"",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let one = get(api.addr(), &format!("/api/v1/filings/{id}"), &api.token_a)
        .await
        .json();
    let list = get(api.addr(), "/api/v1/filings", &api.token_a)
        .await
        .json();
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id.as_str())
        .unwrap()
        .clone();
    for f in [&one, &listed] {
        let created = filing_api::clock::parse_rfc3339(f["created_at"].as_str().unwrap());
        let updated = filing_api::clock::parse_rfc3339(f["updated_at"].as_str().unwrap());
        assert!(created.is_some() && updated.is_some(), "{f}");
        assert!(updated > created, "withdrawn a second later: {f}");
    }
    assert_eq!(one, listed);
}

/// The sandbox's revoked filing has the history of one: filed, approved, revoked.
#[tokio::test]
async fn the_seeded_filings_have_the_history_of_their_state() {
    let api = Api::start().await;
    let list = get(api.addr(), "/api/v1/filings", &api.token_a)
        .await
        .json();
    let revoked = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["submission"]["serial_number"] == "SB-REVOKED-01")
        .unwrap()
        .clone();
    let events = get(
        api.addr(),
        &format!("/api/v1/filings/{}/events", revoked["id"].as_str().unwrap()),
        &api.token_a,
    )
    .await
    .json();
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["submitted", "approved", "revoked"]);
    let token = api.server.mint_token(MID_B, 60);
    let list = get(api.addr(), "/api/v1/filings", &token).await.json();
    let other = &list.as_array().unwrap()[0];
    let events = get(
        api.addr(),
        &format!("/api/v1/filings/{}/events", other["id"].as_str().unwrap()),
        &token,
    )
    .await
    .json();
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["submitted", "approved"], "approved once");
}

/// The cap counts the last 24 hours only: yesterday's filings do not hold today's back.
#[tokio::test]
async fn the_daily_cap_counts_the_last_day_only() {
    let api = Api::start_configured(|c| c.daily_filing_cap = 2).await;
    let r = post_filing(api.addr(), &api.token_a, "d1", &json(&filing_a("DAY-0001"))).await;
    assert_eq!(r.status, 201);
    let r = post_filing(api.addr(), &api.token_a, "d2", &json(&filing_a("DAY-0002"))).await;
    assert_eq!(
        r.code(),
        "DAILY_LIMIT_REACHED",
        "the seeded filing and one more"
    );
    // Filed 23 hours ago: the oldest frees its place in an hour.
    let earlier = filing_api::clock::rfc3339(filing_api::clock::now_unix() - 23 * 3600);
    execute(
        api.dir.path(),
        "UPDATE filings SET created_at = ?1",
        filing_api::params![earlier],
    )
    .await;
    let r = post_filing(api.addr(), &api.token_a, "d2", &json(&filing_a("DAY-0002"))).await;
    assert_eq!(r.code(), "DAILY_LIMIT_REACHED");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((3590..=3600).contains(&retry), "{retry}");
    // A creation time that cannot be read counts as now: a day to wait, not none.
    execute(
        api.dir.path(),
        "UPDATE filings SET created_at = 'unreadable'",
        &[],
    )
    .await;
    let r = post_filing(api.addr(), &api.token_a, "d2", &json(&filing_a("DAY-0002"))).await;
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert_eq!((r.code().as_str(), retry), ("DAILY_LIMIT_REACHED", 86_400));
    let yesterday = filing_api::clock::rfc3339(filing_api::clock::now_unix() - 25 * 3600);
    execute(
        api.dir.path(),
        "UPDATE filings SET created_at = ?1",
        filing_api::params![yesterday],
    )
    .await;
    let r = post_filing(api.addr(), &api.token_a, "d3", &json(&filing_a("DAY-0003"))).await;
    assert_eq!(r.status, 201, "{}", r.body);
}

/// The status look-up names the filing's QR stand (or the one asked about) and whose it is;
/// a filing without a stand shows none.
#[tokio::test]
async fn the_status_look_up_says_whose_qr_stand_it_is() {
    let api = Api::start().await;
    let mut with_stand = filing_a("QRS-0001");
    with_stand.qr_code = "QR-FREE-0002".into();
    let r = post_filing(api.addr(), &api.token_a, "q1", &json(&with_stand)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut without = filing_a("QRS-0002");
    without.qr_code = String::new();
    let r = post_filing(api.addr(), &api.token_a, "q2", &json(&without)).await;
    assert_eq!(r.status, 201, "{}", r.body);

    let qr = |path: String, token: String| {
        let addr = api.addr();
        async move { get(addr, &path, &token).await.json()["qr"].clone() }
    };
    let a = api.token_a.clone();
    assert_eq!(
        qr("/api/v1/terminals/QRS-0001".into(), a.clone()).await,
        json!({"qr_code": "QR-FREE-0002", "binding": "free"})
    );
    assert_eq!(
        qr("/api/v1/terminals/QRS-0002".into(), a.clone()).await,
        Value::Null
    );
    assert_eq!(
        qr("/api/v1/terminals/QRS-0002?qr_code=QR-BOUND-0001".into(), a).await,
        json!({"qr_code": "QR-BOUND-0001", "binding": "elsewhere"})
    );
    let micro = api.server.mint_token(MID_MICRO, 600);
    assert_eq!(
        qr(
            "/api/v1/terminals/QRS-0002?qr_code=QR-XW-0001".into(),
            micro
        )
        .await,
        json!({"qr_code": "QR-XW-0001", "binding": "yours"})
    );
}
