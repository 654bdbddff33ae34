//! Real merchants of a Chinese acquirer, as the API must take them: a 小微 merchant's QR stand,
//! names typed with other brackets, IPv6 devices, coordinates from map apps, requiredness by
//! device type and policy, the merchant record and the ID number that is never shown whole.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn the_merchant_record_prefills_and_masks_the_operators_id_number() {
    let api = Api::start().await;
    let a = get(api.addr(), "/api/v1/merchant", &api.token_a)
        .await
        .json();
    assert_eq!(a["merchant_type"], "enterprise");
    assert_eq!(a["name"], "上海示例餐饮（连锁）有限公司");
    assert_eq!(a["credit_code"], "91350100M000100Y43");
    assert!(a.get("operator_id_number").is_none());
    let micro_token = api.server.mint_token(MID_MICRO, 600);
    let m = get(api.addr(), "/api/v1/merchant", &micro_token).await;
    assert_eq!(m.status, 200);
    let m = m.json();
    assert_eq!(m["merchant_type"], "micro");
    assert_eq!(m["operator_id_number"], "110***********002X");
    assert!(!m.to_string().contains("11010519491231002X"), "never whole");
    assert_eq!(m["device_types"], json!(["10", "11"]));
    // A merchant the acquirer has no record of, and an acquirer that offers no records.
    let stranger = api.server.mint_token("898310058129999", 600);
    let r = get(api.addr(), "/api/v1/merchant", &stranger).await;
    assert_eq!((r.status, r.code().as_str()), (404, "NOT_FOUND"));
    let none = Api::start_configured(|c| c.merchant_profiles = false).await;
    assert_eq!(
        get(none.addr(), "/api/v1/merchant", &none.token_a)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_micro_merchant_files_a_qr_stand_without_tid_serial_or_credit_code() {
    let api = Api::start().await;
    let token = api.server.mint_token(MID_MICRO, 600);
    let r = post_filing(api.addr(), &token, "micro-1", &json(&micro_qr_stand())).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.json()["submission"]["operator_id_number"],
        "110***********002X"
    );
    assert!(
        !r.body.contains("11010519491231002X"),
        "the answer masks it"
    );
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let done = settled(api.addr(), &token, &id).await;
    assert_eq!(done["status"], "approved", "{done}");
    for path in [
        "/api/v1/filings".to_owned(),
        format!("/api/v1/filings/{id}"),
        format!("/api/v1/filings/{id}/events"),
        "/api/v1/terminals/X?qr_code=QR-XW-0001".to_owned(),
    ] {
        let body = get(api.addr(), &path, &token).await.body;
        assert!(
            !body.contains("11010519491231002X"),
            "{path} shows it whole"
        );
    }
    // A QR stand filed without a serial is looked up by its stand's number.
    let t = get(api.addr(), "/api/v1/terminals/QR-XW-0001", &token)
        .await
        .json();
    assert_eq!(t["filing"]["id"], id.as_str());
    // The replay of the same key answers the same masked body.
    let again = post_filing(api.addr(), &token, "micro-1", &json(&micro_qr_stand())).await;
    assert_eq!(
        (again.status, again.json()["id"].as_str()),
        (201, Some(id.as_str()))
    );
}

#[tokio::test]
async fn a_masked_id_number_stands_only_for_the_one_on_file() {
    let api = Api::start().await;
    let token = api.server.mint_token(MID_MICRO, 600);
    let mut wrong = micro_qr_stand();
    wrong.operator_id_number = "440***********0014".into();
    let r = post_filing(api.addr(), &token, "micro-2", &json(&wrong)).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "operator_id_number", "code": "NOT_ON_FILE"}])
    );
    // Typed whole, it is checked against the record by the reviewer.
    let mut typed = micro_qr_stand();
    typed.operator_id_number = "440524188001010014".into();
    let r = post_filing(api.addr(), &token, "micro-3", &json(&typed)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let done = settled(api.addr(), &token, r.json()["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "rejected");
    assert_eq!(done["reasons"][0]["code"], "MERCHANT_INFO_MISMATCH");
    assert_eq!(done["reasons"][0]["field"], "operator_id_number");

    // The rejected filing shows its number masked; a correction that sends that mask back
    // keeps the filing's own number (and is rejected again for it), one that types the right
    // number whole is approved.
    let id = done["id"].as_str().unwrap();
    let shown = done["submission"]["operator_id_number"].as_str().unwrap();
    assert_eq!(shown, "440***********0014");
    let mut resent = micro_qr_stand();
    resent.operator_id_number = shown.into();
    let r = put_filing(api.addr(), &token, id, Some("\"1\""), &json(&resent)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let done = settled(api.addr(), &token, id).await;
    assert_eq!(done["reasons"][0]["field"], "operator_id_number", "{done}");
    let mut right = micro_qr_stand();
    right.operator_id_number = "11010519491231002X".into();
    let r = put_filing(api.addr(), &token, id, Some("\"2\""), &json(&right)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(settled(api.addr(), &token, id).await["status"], "approved");
}

#[tokio::test]
async fn a_name_typed_with_half_width_brackets_or_spaces_matches_the_record() {
    let api = Api::start().await;
    for (key, name, status) in [
        ("n1", "上海示例餐饮(连锁)有限公司", "approved"),
        ("n2", "上海示例餐饮 （连锁） 有限公司", "approved"),
        ("n3", "上海示例餐饮有限公司", "rejected"),
    ] {
        let mut f = filing_api::registry::sandbox_filing(&format!("SB-OK-000{}", &key[1..]));
        f.merchant_name = name.into();
        let r = post_filing(api.addr(), &api.token_a, key, &json(&f)).await;
        assert_eq!(r.status, 201, "{}", r.body);
        let done = settled(api.addr(), &api.token_a, r.json()["id"].as_str().unwrap()).await;
        assert_eq!(done["status"], status, "{name}: {done}");
    }
}

/// The reviewer compares the credit code too: a valid code that is not the merchant's is rejected
/// on that field (and only there).
#[tokio::test]
async fn a_credit_code_that_is_not_the_merchants_is_rejected_on_it() {
    let api = Api::start().await;
    let mut f = filing_api::registry::sandbox_filing("SB-OK-0001");
    f.credit_code = "91330106MA2AB3CD1Q".into();
    let r = post_filing(api.addr(), &api.token_a, "cc", &json(&f)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let done = settled(api.addr(), &api.token_a, r.json()["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "rejected");
    assert_eq!(
        done["reasons"],
        json!([{"code": "MERCHANT_INFO_MISMATCH", "field": "credit_code"}])
    );
}

#[tokio::test]
async fn map_app_coordinates_are_stored_in_wgs84_and_ipv6_is_a_device_ip() {
    let api = Api::start().await;
    let mut f = filing_a("SB-OK-0001");
    // As Amap's picker copies 人民广场: longitude first, in GCJ-02.
    f.location = "121.478223,31.228458".into();
    f.location_datum = filing_core::rules::Datum::Gcj02;
    f.device_ip = "2408:8207:1234:0:0:0:0:1".into();
    let r = post_filing(api.addr(), &api.token_a, "geo", &json(&f)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s = &r.json()["submission"];
    assert_eq!(s["location_datum"], "WGS84");
    assert_eq!(s["device_ip"], "2408:8207:1234::1");
    let (lat, lon) = filing_core::rules::location_degrees(s["location"].as_str().unwrap()).unwrap();
    assert!(
        (lat - 31.2304).abs() < 5e-5 && (lon - 121.4737).abs() < 5e-5,
        "{lat},{lon}"
    );
    let mut private = filing_a("SB-OK-0002");
    private.device_ip = "fe80::1".into();
    let r = post_filing(api.addr(), &api.token_a, "ll", &json(&private)).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "LINK_LOCAL_IP");
}

#[tokio::test]
async fn the_policy_says_which_terminals_need_a_terminal_number_and_how_long_review_takes() {
    let api = Api::start_configured(|c| {
        c.policy.terminal_id_required_for =
            [filing_core::DeviceType::SmartPos].into_iter().collect();
    })
    .await;
    let policy = send(api.addr(), "GET", "/api/v1/reference/policy", &[], b"")
        .await
        .json();
    assert_eq!(policy["terminal_id_required_for"], json!(["04"]));
    assert_eq!(
        policy["review_time"]["typical_secs"], 0,
        "the sandbox reviews at once here"
    );
    let mut f = filing_a("SB-OK-0001");
    f.terminal_id.clear();
    let r = post_filing(api.addr(), &api.token_a, "tid", &json(&f)).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "terminal_id", "code": "REQUIRED"}])
    );
    let default = Api::start().await;
    let r = post_filing(default.addr(), &default.token_a, "tid", &json(&f)).await;
    assert_eq!(
        r.status, 201,
        "no terminal number needed by default: {}",
        r.body
    );
}

#[tokio::test]
async fn the_registry_knows_the_terminal_number_and_the_model_it_was_filed_as() {
    let api = Api::start().await;
    let t = get(api.addr(), "/api/v1/terminals/SB-OK-0001", &api.token_a)
        .await
        .json();
    assert_eq!(t["device"]["terminal_id"], "10200001");
    // Filed as another certified model than the registry holds: rejected on the model.
    let mut f = filing_a("SB-OK-0002");
    f.manufacturer = "NEWLAND".into();
    f.model = "N910".into();
    f.network_licence = "P3100".into();
    let r = post_filing(api.addr(), &api.token_a, "model", &json(&f)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let done = settled(api.addr(), &api.token_a, r.json()["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "rejected");
    assert_eq!(done["reasons"][0]["code"], "DEVICE_MODEL_MISMATCH");
    assert_eq!(done["reasons"][0]["field"], "model");
    // A face-pay type on a smart-POS model is refused before review, on the model.
    let mut f = filing_a("SB-OK-0001");
    f.device_type = "09".into();
    let r = post_filing(api.addr(), &api.token_a, "type", &json(&f)).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["error"]["fields"],
        json!([{"field": "model", "code": "MODEL_NOT_OF_TYPE"}])
    );
}
