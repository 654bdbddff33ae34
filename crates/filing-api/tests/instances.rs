//! Two API instances on one database, as behind a load balancer: on PostgreSQL when the tests
//! run on it (`cargo xtask test` runs them on both engines), else two servers on one SQLite
//! file. Whatever reaches which instance, the database decides.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use filing_api::RunningServer;

/// Two servers on the database of data directory `dir` (sharing its token secret), both
/// reviewing at once, both sending notifications to `webhook` if given.
async fn two_instances(
    dir: &std::path::Path,
    review_delay: Duration,
    webhook: Option<&str>,
) -> [RunningServer; 2] {
    let mut servers = vec![];
    for _ in 0..2 {
        let mut c = config(dir).await;
        c.review_delay = review_delay;
        c.webhook = webhook.map(|url| filing_api::notify::Webhook {
            url: url.to_owned(),
            secret: "a-shared-secret-of-the-acquirer".into(),
        });
        servers.push(start_with(c).await);
    }
    servers.try_into().unwrap_or_else(|_| unreachable!())
}

/// Submissions of one serial number race through both instances, each with its own
/// idempotency key: exactly one is filed, every other is told the serial is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn submissions_of_one_serial_through_two_instances_make_exactly_one_filing() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = two_instances(dir.path(), Duration::from_secs(60), None).await;
    let token = a.mint_token(MID_A, 600);
    let body = json(&filing_a("SB-OK-0001"));
    let mut tasks = vec![];
    for i in 0..16 {
        let addr = if i % 2 == 0 { a.addr } else { b.addr };
        let (token, body) = (token.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            post_filing(addr, &token, &format!("race-{i}"), &body).await
        }));
    }
    let mut outcomes: HashMap<(u16, String), usize> = HashMap::new();
    for t in tasks {
        let r = t.await.unwrap();
        *outcomes.entry((r.status, r.code())).or_default() += 1;
    }
    assert_eq!(
        outcomes,
        HashMap::from([
            ((201, String::new()), 1),
            ((409, "SERIAL_ALREADY_FILED".to_owned()), 15)
        ]),
    );
    let filed: i64 = query_one(
        dir.path(),
        "SELECT count(*) FROM filings WHERE serial_number = 'SB-OK-0001'",
        &[],
    )
    .await;
    assert_eq!(filed, 1);
}

/// Filings due for review while both instances' reviewers run are each reviewed once: one
/// outcome event per filing, and one notification each, delivered once to the webhook.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_review_due_on_two_instances_is_done_and_notified_once() {
    let (url, received) = webhook(0).await;
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = two_instances(dir.path(), Duration::from_millis(500), Some(&url)).await;
    let token = a.mint_token(MID_A, 600);
    let mut ids = vec![];
    for i in 0..12 {
        let addr = if i % 2 == 0 { a.addr } else { b.addr };
        let r = post_filing(
            addr,
            &token,
            &format!("due-{i}"),
            &json(&filing_a(&format!("DUE-{i:04}"))),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        ids.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    for id in &ids {
        settled(a.addr, &token, id).await;
    }
    // Give a second delivery (there must be none) time to arrive.
    for _ in 0..50 {
        if received.lock().unwrap().len() >= ids.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for id in &ids {
        let outcomes: i64 = query_one(
            dir.path(),
            "SELECT count(*) FROM events WHERE filing_id = ?1 AND kind IN ('approved', 'rejected')",
            filing_api::params![id],
        )
        .await;
        assert_eq!(outcomes, 1, "{id}");
    }
    let queued: i64 = query_one(
        dir.path(),
        "SELECT count(*) FROM outbox WHERE kind = 'filing.reviewed'",
        &[],
    )
    .await;
    assert_eq!(queued, ids.len() as i64);
    let got = received.lock().unwrap().clone();
    let mut delivered: Vec<String> = got
        .iter()
        .map(|(body, _)| {
            serde_json::from_str::<serde_json::Value>(body).unwrap()["filing_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    delivered.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(
        delivered, expected,
        "each filing's notification delivered once"
    );
}

/// The maintenance switch, made once in the database, reaches every instance.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn maintenance_switched_in_the_database_reaches_both_instances() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = two_instances(dir.path(), Duration::ZERO, None).await;
    filing_api::maintenance::switch(&database(dir.path()).await, true, None)
        .await
        .unwrap();
    for server in [&a, &b] {
        let mut seen = false;
        for _ in 0..40 {
            let r = send(server.addr, "GET", "/api/v1/health", &[], b"").await;
            if r.json()["status"] == "maintenance" {
                seen = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(seen, "{} did not see the switch", server.addr);
    }
    filing_api::maintenance::switch(&database(dir.path()).await, false, None)
        .await
        .unwrap();
}

/// Withdrawals of one filing with the same `If-Match`, racing through both instances: one is
/// carried out, every other is told its version is stale, and the history shows one withdrawal.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn actions_with_one_if_match_through_two_instances_are_carried_out_once() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = two_instances(dir.path(), Duration::from_secs(60), None).await;
    let token = a.mint_token(MID_A, 600);
    let r = post_filing(a.addr, &token, "w1", &json(&filing_a("WD-0001"))).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let mut tasks = vec![];
    for i in 0..12 {
        let addr = if i % 2 == 0 { a.addr } else { b.addr };
        let (token, path) = (token.clone(), format!("/api/v1/filings/{id}/withdraw"));
        tasks.push(tokio::spawn(async move {
            let auth = format!("Bearer {token}");
            let headers = [
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
                ("If-Match", "\"1\""),
            ];
            send(addr, "POST", &path, &headers, b"{}").await.status
        }));
    }
    let mut statuses = vec![];
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [vec![200], vec![412; 11]].concat());
    let withdrawals: i64 = query_one(
        dir.path(),
        "SELECT count(*) FROM events WHERE filing_id = ?1 AND kind = 'withdrawn'",
        filing_api::params![id],
    )
    .await;
    assert_eq!(withdrawals, 1);
}
