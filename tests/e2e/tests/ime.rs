//! A pinyin IME composing in the real browser (driven through the DevTools protocol), while the
//! widget re-renders around it.

use filing_e2e::{merchant, Harness};
use serde_json::json;

/// Records every script write to the input's `value` and whether a composition was active.
/// The browser's own editing (what the IME types) does not go through this setter.
const RECORD_WRITES: &str = "
    const el = document.querySelector(arguments[0]);
    const d = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
    window.__composing = false;
    window.__writes = [];
    el.addEventListener('compositionstart', () => { window.__composing = true; });
    el.addEventListener('compositionend', () => { window.__composing = false; });
    Object.defineProperty(el, 'value', {
      configurable: true,
      get() { return d.get.call(this); },
      set(v) { window.__writes.push([window.__composing, v]); d.set.call(this, v); },
    });";

/// Regression: typing one field, leaving it and starting the next in pinyin within the
/// autosave's 400 ms made the autosave's re-render write "" into the field the IME was
/// composing in.
#[tokio::test]
async fn an_autosave_while_composing_pinyin_keeps_the_composition() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    merchant::device(&h, "SB-OK-0001").await;
    merchant::next(&h, "商户信息").await;
    merchant::merchant(&h).await;
    merchant::next(&h, "安装位置").await;
    // The region list loads when this step opens; wait for it, so nothing moves under a tap.
    h.find("#fw-field-region option[value=\"31\"]").await;

    let store = "#fw-field-store_name";
    h.client
        .execute(RECORD_WRITES, vec![json!(store)])
        .await
        .expect("instrument the store name field");
    h.type_into("#fw-field-address", "漕溪北路 88 号").await;
    // Tapping the store name leaves the address; the autosave is now due.
    h.click(store).await;
    let focused = h.client.active_element().await.expect("focus");
    assert_eq!(
        focused.attr("id").await.expect("id").as_deref(),
        Some("fw-field-store_name")
    );
    for text in ["s", "sh", "shang", "shanghai"] {
        let n = text.len();
        h.cdp(
            "Input.imeSetComposition",
            json!({ "text": text, "selectionStart": n, "selectionEnd": n }),
        )
        .await;
    }
    // The autosave fires while the IME is still composing, and re-renders the form.
    h.wait_text(".fw-draft", "草稿已自动保存").await;
    assert_eq!(
        h.value(store).await,
        "shanghai",
        "the composition is intact"
    );
    // The merchant picks the characters; the IME commits them.
    h.cdp("Input.insertText", json!({ "text": "上海示例小馆" }))
        .await;
    let writes = h
        .client
        .execute("return window.__writes", vec![])
        .await
        .expect("read writes");
    let during: Vec<_> = writes
        .as_array()
        .expect("a list")
        .iter()
        .filter(|w| w[0] == true)
        .collect();
    assert!(
        during.is_empty(),
        "the widget wrote the value while composing: {during:?}"
    );
    assert_eq!(h.value(store).await, "上海示例小馆");

    // The committed text is the state's: it survives leaving the field and a full re-render.
    h.blur().await;
    h.click("#fw-locale").await;
    h.wait_text("#fw-step-title", "Placement").await;
    assert_eq!(h.value(store).await, "上海示例小馆");
    h.screenshot("ime-after-composition").await;
    h.close().await;
}
