//! Real merchants end to end: a 小微 merchant files a QR stand without a terminal number or a
//! credit code; coordinates pasted from a map app are understood; a name typed with half-width
//! brackets is approved.

use filing_e2e::merchant::{self, choose, next};
use filing_e2e::Harness;

const MICRO: &str = "898310058120003";

#[tokio::test]
async fn a_micro_merchant_files_a_qr_stand_without_tid_or_credit_code_and_is_approved() {
    let h = Harness::start_with(|c| c.demo_merchant = Some(MICRO.into())).await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    choose(&h, "#fw-field-device_type", "11").await;
    choose(&h, "#fw-field-manufacturer", "SUNMI").await;
    choose(&h, "#fw-field-model", "QR01").await;
    h.wait_value("#fw-field-network_licence", "P3301").await;
    assert!(
        h.readonly("#fw-field-network_licence").await,
        "the licence comes with the model"
    );
    h.screenshot("micro-1-device").await;
    next(&h, "商户信息").await;

    // Who the merchant is comes from the acquirer's record; the ID number only masked.
    h.wait_value("#fw-field-merchant_name", "李记早餐店").await;
    assert_eq!(
        h.value("#fw-field-merchant_type").await,
        "小微商户（无营业执照）"
    );
    assert_eq!(
        h.value("#fw-field-operator_id_number").await,
        "110***********002X"
    );
    assert!(h.readonly("#fw-field-operator_id_number").await);
    assert!(
        h.client
            .find(fantoccini::Locator::Css("#fw-field-credit_code"))
            .await
            .is_err(),
        "no credit code is asked of a micro merchant"
    );
    assert_eq!(h.value("#fw-field-contact_name").await, "李四");
    h.screenshot("micro-2-merchant").await;
    h.assert_accessible("a micro merchant's details").await;
    next(&h, "安装位置").await;

    merchant::placement(&h).await;
    // As Amap's picker copies the shop's point: longitude first.
    h.type_into("#fw-field-location", "121.48352,31.221345")
        .await;
    h.blur().await;
    h.wait_value("#fw-field-location", "+31.221345/+121.48352")
        .await;
    choose(&h, "#fw-datum", "GCJ02").await;
    h.type_into("#fw-field-qr_code", "QR-XW-0001").await;
    h.screenshot("micro-3-placement").await;
    next(&h, "确认提交").await;
    h.wait_text(".fw-form", "110***********002X").await;
    h.wait_text(".fw-form", "GCJ-02").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    h.wait_text("#fw-submitted", "QR-XW-0001").await;
    h.screenshot("micro-4-submitted").await;
    h.click("#fw-submitted .fw-button").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;

    // Stored in WGS-84; the accepted draft is gone from the phone.
    let token = h.server().mint_token(MICRO, 60);
    let filings = h.api_get("/api/v1/filings", &token).await;
    let s = &filings[0]["submission"];
    assert_eq!(s["location_datum"], "WGS84");
    assert_ne!(
        s["location"], "+31.221345/+121.48352",
        "converted from GCJ-02"
    );
    let draft = h
        .client
        .execute(
            "return localStorage.getItem('filing-widget.draft.v1')",
            vec![],
        )
        .await
        .unwrap();
    assert!(draft.is_null(), "{draft}");
    h.close().await;
}

#[tokio::test]
async fn a_pair_that_is_in_china_only_longitude_first_is_asked_about() {
    let h = Harness::start().await;
    h.open("/").await;
    merchant::fill_to_review(&h, "SB-OK-0001").await;
    h.click("#fw-back").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    // 乌鲁木齐 as a picker copies it.
    h.type_into("#fw-field-location", "87.61,43.82").await;
    h.blur().await;
    h.wait_text("#fw-field-location-error", "经度在前").await;
    h.screenshot("location-swapped").await;
    h.click("#fw-location-swap").await;
    h.wait_value("#fw-field-location", "+43.820000/+87.61000")
        .await;
    assert!(h
        .client
        .find(fantoccini::Locator::Css("#fw-field-location-error"))
        .await
        .is_err());
    h.close().await;
}

/// An acquirer that offers no merchant records: the name is typed, as people type it.
#[tokio::test]
async fn a_name_typed_with_half_width_brackets_is_approved() {
    let h = Harness::start_with(|c| c.merchant_profiles = false).await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    merchant::device(&h, "SB-OK-0001").await;
    next(&h, "商户信息").await;
    merchant::merchant_typed(&h).await;
    h.blur().await;
    assert_eq!(h.value("#fw-field-contact_mobile").await, "13800138000");
    next(&h, "安装位置").await;
    merchant::placement(&h).await;
    next(&h, "确认提交").await;
    h.wait_text(".fw-form", "上海示例餐饮(连锁)有限公司").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    h.click("#fw-submitted .fw-button").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    h.close().await;
}
