//! What the server writes to its log: every line a request causes carries its request id (also
//! lines written while its database work runs), and personal numbers never appear whole.
//!
//! Its own test binary: the log subscriber is process-global.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn log_lines_carry_the_request_id_and_never_a_whole_id_number() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_env_filter("filing_api=info,tower_http=info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let api = Api::start().await;
    let token = api.server.mint_token(MID_MICRO, 600);
    let mut filing = micro_qr_stand();
    filing.operator_id_number = "11010519491231002X".into();
    let r = post_filing(api.addr(), &token, "log-1", &json(&filing)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.header("x-request-id").unwrap().to_owned();
    let mut wrong = micro_qr_stand();
    wrong.qr_code = "QR-XW-0002".into();
    wrong.operator_id_number = "110105194912310037".into();
    post_filing(api.addr(), &token, "log-2", &json(&wrong)).await;

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let submitted: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("filing submitted"))
        .collect();
    assert_eq!(submitted.len(), 1, "{text}");
    assert!(
        submitted[0].contains(&format!("id={id}")),
        "written during the database work, tagged with the request's id: {}",
        submitted[0]
    );
    for number in ["11010519491231002X", "110105194912310037"] {
        assert!(!text.contains(number), "{number} in the log:\n{text}");
    }
}
