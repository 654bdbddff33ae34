//! Handlers against a real server on loopback with a real SQLite file.

use std::net::SocketAddr;

use filing_api::Config;

async fn start() -> (filing_api::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::new(SocketAddr::from(([127, 0, 0, 1], 0)), dir.path().to_owned());
    (filing_api::start(config).await.unwrap(), dir)
}

async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).await.unwrap();
    let status = buf[9..12].parse().unwrap();
    let body = buf.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[tokio::test]
async fn health_reports_ok_then_maintenance() {
    let (server, _dir) = start().await;
    assert_eq!(
        get(server.addr, "/api/v1/health").await,
        (200, r#"{"status":"ok"}"#.to_owned())
    );
    server
        .set_maintenance(Some(Some("2026-11-25T22:00:00Z".into())))
        .await;
    assert_eq!(
        get(server.addr, "/api/v1/health").await,
        (
            200,
            r#"{"status":"maintenance","until":"2026-11-25T22:00:00Z"}"#.to_owned()
        )
    );
    server.stop().await.unwrap();
}

#[tokio::test]
async fn terminal_lookup_applies_the_shared_serial_rule() {
    let (server, _dir) = start().await;
    let (status, body) = get(server.addr, "/api/v1/terminals/sn-0001").await;
    assert_eq!(status, 200);
    assert_eq!(body, r#"{"serial_number":"SN-0001","filing":null}"#);
    let (status, body) = get(server.addr, "/api/v1/terminals/SN_0001").await;
    assert_eq!(status, 422);
    assert!(
        body.contains(r#""fields":[{"field":"serial_number","code":"BAD_CHARACTERS"}]"#),
        "{body}"
    );
    server.stop().await.unwrap();
}
