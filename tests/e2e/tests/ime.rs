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

/// Regression: typing the terminal number, leaving it and starting to type the name in pinyin
/// within the autosave's 400 ms made the autosave's re-render write "" into the name while the
/// IME was composing.
#[tokio::test]
async fn an_autosave_while_composing_pinyin_keeps_the_composition() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    merchant::device(&h, "SB-OK-0001").await;
    merchant::next(&h, "商户信息").await;

    let name = "#fw-field-merchant_name";
    h.client
        .execute(RECORD_WRITES, vec![json!(name)])
        .await
        .expect("instrument the name field");
    h.type_into("#fw-field-terminal_id", "12345678").await;
    // Tapping the name field leaves the terminal number; the autosave is now due.
    h.click(name).await;
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
    assert_eq!(h.value(name).await, "shanghai", "the composition is intact");
    // The merchant picks the characters; the IME commits them.
    h.cdp(
        "Input.insertText",
        json!({ "text": "上海示例餐饮有限公司" }),
    )
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
    assert_eq!(h.value(name).await, "上海示例餐饮有限公司");

    // The committed text is the state's: it survives leaving the field and a full re-render.
    h.blur().await;
    h.click("#fw-locale").await;
    h.wait_text("#fw-step-title", "Merchant").await;
    assert_eq!(h.value(name).await, "上海示例餐饮有限公司");
    h.screenshot("ime-after-composition").await;
    h.close().await;
}
