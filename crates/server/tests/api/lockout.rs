//! ロック and 閉塞 through the API: six wrong passwords in a row lock for 60 minutes, failures
//! while locked are not counted, a right password resets the count, the third lock without a
//! success between is 閉塞 until the master (general user) or the bank (master, contract) lifts
//! it. One counter guards login, the certificate challenge and the password change; the
//! contract's own counter guards the initial password. Concurrent failures, on one instance or
//! on two sharing the database, lock exactly once.

use awc::Client;
use chrono::{DateTime, Duration, Utc};
use cjs_domain::Clock;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{INITIAL, Identity, Options, PASSWORD, Session, TestApp, full, start_time};

/// A wrong password of the right shape.
const WRONG: &str = "Wr0ngPass!";
/// A wrong initial password of the right shape (8 characters, four kinds).
const WRONG_INITIAL: &str = "Zy9!xw8#";

fn code(b: &Value) -> Option<&str> {
    b["code"].as_str()
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .unwrap_or_else(|| panic!("a timestamp, got {v}"))
        .parse()
        .unwrap_or_else(|e| panic!("a timestamp, got {v}: {e}"))
}

/// What a counted refusal tells about the attempts left: nothing (an unknown user ID or contract
/// would have nothing to tell, so no one is told).
fn remaining(b: &Value) -> Option<u64> {
    assert!(
        b.get("details")
            .is_none_or(|d| d.get("remaining_attempts").is_none()),
        "no remaining_attempts: {b}"
    );
    None
}

/// Login with the certificate; the status and body whatever happened.
async fn login(app: &TestApp, id: &Identity, password: &str) -> (u16, Value) {
    app.send_json(
        &app.client_with(id),
        "POST",
        "/api/v1/session",
        None,
        Some(json!({ "password": password })),
    )
    .await
}

/// Step 1 of certificate issuance, from a browser without a certificate.
async fn challenge(app: &TestApp, user_id: &str, password: &str) -> (u16, Value) {
    app.post_json(
        "/api/v1/certificates/challenge",
        json!({ "user_id": user_id, "password": password }),
    )
    .await
}

async fn contract_login(app: &TestApp, contract: &str, initial: &str) -> (u16, Value) {
    app.post_json(
        "/api/v1/registration/contract",
        json!({ "contract_number": contract, "initial_password": initial }),
    )
    .await
}

/// `n` wrong logins in a row; asserts each but the last is a counted E2002 and returns the last.
async fn wrong_logins(app: &TestApp, id: &Identity, n: usize) -> (u16, Value) {
    let mut last = (0, Value::Null);
    for i in 0..n {
        last = login(app, id, WRONG).await;
        if i + 1 < n {
            assert_eq!((last.0, code(&last.1)), (401, Some("E2002")), "{}", last.1);
        }
    }
    last
}

/// Six wrong logins: the lock. Asserts it and returns `locked_until`.
async fn lock_by_login(app: &TestApp, id: &Identity) -> DateTime<Utc> {
    let (s, b) = wrong_logins(app, id, 6).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    time(&b["details"]["locked_until"])
}

/// The lock columns of the user's row, read straight from the database: (failures, locks).
fn counters(app: &TestApp, user_id: &str) -> (i32, i32) {
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("database url")
        .connect()
        .expect("connect");
    let row = cjs_store::users::find(&mut conn, user_id)
        .expect("find")
        .expect("the user");
    (row.failures, row.locks)
}

/// The master's view of one user in `GET /api/v1/users`.
async fn listed(app: &TestApp, master: &Session, user_id: &str) -> Value {
    let (s, b) = master.call(app, "GET", "/api/v1/users", None).await;
    assert_eq!(s, 200, "{b}");
    b["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["user_id"] == user_id)
        .cloned()
        .unwrap_or_else(|| panic!("{user_id} in {b}"))
}

/// Counts the answers to a burst of wrong logins: (counted E2002s with their remaining attempts
/// sorted, E2003s, anything else).
fn tally(answers: &[(u16, Value)]) -> (Vec<u64>, usize, Vec<String>) {
    let mut counted = Vec::new();
    let mut locked = 0;
    let mut other = Vec::new();
    for (s, b) in answers {
        match (s, code(b)) {
            (401, Some("E2002")) => {
                assert_eq!(remaining(b), None);
                counted.push(counted.len() as u64 + 1);
            }
            (423, Some("E2003")) => locked += 1,
            _ => other.push(format!("{s} {b}")),
        }
    }
    counted.sort_unstable();
    (counted, locked, other)
}

#[actix_web::test]
async fn the_sixth_wrong_password_in_a_row_locks_for_sixty_minutes_and_refuses_even_the_right_one()
{
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    for _ in (2..=5).rev() {
        let (s, b) = login(&app, &m.id, WRONG).await;
        assert_eq!((s, code(&b)), (401, Some("E2002")), "{b}");
        assert_eq!(remaining(&b), None, "{b}");
    }
    let (s, b) = login(&app, &m.id, WRONG).await;
    assert_eq!((s, code(&b)), (401, Some("E2002")), "the 5th: {b}");
    assert_eq!(remaining(&b), None, "{b}");
    let (s, b) = login(&app, &m.id, WRONG).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "the 6th: {b}");
    let until = start_time() + Duration::minutes(60);
    assert_eq!(time(&b["details"]["locked_until"]), until, "{b}");
    // 10:00 UTC+9 + 60 minutes, in the message the user reads.
    let message = b["message"].as_str().expect("message");
    assert!(message.contains("2024年05月07日 11:00"), "{message}");
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(
        (s, code(&b)),
        (423, Some("E2003")),
        "the right password: {b}"
    );
    assert_eq!(time(&b["details"]["locked_until"]), until, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn wrong_passwords_while_locked_are_not_counted() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let until = lock_by_login(&app, &m.id).await;
    assert_eq!(counters(&app, "rokin01"), (0, 1));
    app.clock.advance(Duration::minutes(30));
    for _ in 0..10 {
        let (s, b) = login(&app, &m.id, WRONG).await;
        assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
        // The lock is not extended either.
        assert_eq!(time(&b["details"]["locked_until"]), until, "{b}");
    }
    assert_eq!(
        counters(&app, "rokin01"),
        (0, 1),
        "nothing counted while locked"
    );
    app.clock.set(until);
    // The count starts again from zero after the lock: one wrong leaves five.
    let (s, b) = login(&app, &m.id, WRONG).await;
    assert_eq!((s, code(&b)), (401, Some("E2002")), "{b}");
    assert_eq!(remaining(&b), None, "{b}");
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_user_list_shows_a_locked_user_with_when_the_lock_began_and_ends() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "kumiai02", full()).await;
    let u = listed(&app, &m, "kumiai02").await;
    assert_eq!(u["status"], "normal", "{u}");
    app.clock.advance(Duration::minutes(5));
    let until = lock_by_login(&app, &g.id).await;
    let u = listed(&app, &m, "kumiai02").await;
    assert_eq!(u["status"], "locked", "{u}");
    let locked_at = start_time() + Duration::minutes(5);
    assert_eq!(time(&u["locked_at"]), locked_at, "{u}");
    assert_eq!(time(&u["locked_until"]), until, "{u}");
    assert_eq!(until, locked_at + Duration::minutes(60));
    assert!(u["blocked_at"].is_null(), "{u}");
    // Once the lock has run out the list says 正常 again, with no lock times.
    app.clock.advance(Duration::minutes(59));
    let (s, _) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "keeping the master's session alive");
    app.clock.advance(Duration::minutes(1));
    let u = listed(&app, &m, "kumiai02").await;
    assert_eq!(u["status"], "normal", "{u}");
    assert!(
        u["locked_at"].is_null() && u["locked_until"].is_null(),
        "{u}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_lock_lifts_by_itself_after_exactly_sixty_minutes() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let until = lock_by_login(&app, &m.id).await;
    assert_eq!(until, start_time() + Duration::minutes(60));
    app.clock
        .advance(Duration::minutes(59) + Duration::seconds(59));
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "at 59:59 {b}");
    app.clock.advance(Duration::seconds(1));
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "at 60:00 {b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_right_password_resets_the_count_of_wrong_ones() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let (s, b) = wrong_logins(&app, &m.id, 5).await;
    assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(counters(&app, "rokin01"), (0, 0));
    let (s, b) = wrong_logins(&app, &m.id, 5).await;
    assert_eq!(
        (s, code(&b), remaining(&b)),
        (401, Some("E2002"), None),
        "ten wrong in all, but not six in a row: {b}"
    );
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "not locked: {b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_right_password_between_locks_starts_the_count_of_locks_again() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    for _ in 0..2 {
        lock_by_login(&app, &m.id).await;
        app.clock.advance(Duration::minutes(60));
    }
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(counters(&app, "rokin01"), (0, 0));
    // Two more locks are again only locks, not 閉塞.
    for _ in 0..2 {
        lock_by_login(&app, &m.id).await;
        app.clock.advance(Duration::minutes(60));
    }
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_third_lock_without_a_success_between_blocks_a_master_and_waiting_does_not_lift_it() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    for _ in 0..2 {
        lock_by_login(&app, &m.id).await;
        app.clock.advance(Duration::minutes(60));
    }
    assert_eq!(counters(&app, "rokin01"), (0, 2));
    let (s, b) = wrong_logins(&app, &m.id, 6).await;
    assert_eq!((s, code(&b)), (423, Some("E2004")), "the third lock: {b}");
    assert!(b["details"]["locked_until"].is_null(), "{b}");
    app.clock.advance(Duration::days(1));
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2004")), "a day later: {b}");
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!(
        (s, code(&b)),
        (423, Some("E2004")),
        "nor a new certificate: {b}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_third_lock_without_a_success_between_blocks_a_general_user_with_e2005() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "kumiai02", full()).await;
    for _ in 0..2 {
        lock_by_login(&app, &g.id).await;
        app.clock.advance(Duration::minutes(60));
    }
    let (s, b) = wrong_logins(&app, &g.id, 6).await;
    assert_eq!((s, code(&b)), (423, Some("E2005")), "the third lock: {b}");
    app.clock.advance(Duration::days(1));
    let (s, b) = login(&app, &g.id, PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2005")), "a day later: {b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_master_lifts_a_general_users_blocking_and_the_user_logs_in_again() {
    let app = TestApp::spawn().await;
    let mut m = app.master("rokin01").await;
    let g = app.general(&m, "kumiai02", full()).await;
    for _ in 0..2 {
        lock_by_login(&app, &g.id).await;
        app.clock.advance(Duration::minutes(60));
    }
    let (s, b) = wrong_logins(&app, &g.id, 6).await;
    assert_eq!((s, code(&b)), (423, Some("E2005")), "{b}");
    let blocked_at = start_time() + Duration::minutes(120);
    // The master's own session ran out meanwhile; they log in again.
    m.token = app.login(&m.id, PASSWORD).await.expect("master login");
    let u = listed(&app, &m, "kumiai02").await;
    assert_eq!(u["status"], "blocked", "{u}");
    assert_eq!(time(&u["blocked_at"]), blocked_at, "{u}");
    let (s, u) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/kumiai02",
            Some(json!({ "status": "normal" })),
        )
        .await;
    assert_eq!(s, 200, "{u}");
    assert_eq!(u["status"], "normal", "{u}");
    assert!(u["blocked_at"].is_null(), "{u}");
    assert_eq!(listed(&app, &m, "kumiai02").await["status"], "normal");
    let (s, b) = login(&app, &g.id, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    // Nothing of the old count is left: one wrong leaves five.
    let (s, b) = login(&app, &g.id, WRONG).await;
    assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
    app.stop().await;
}

#[actix_web::test]
async fn the_master_ends_a_general_users_lock_at_once() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "kumiai02", full()).await;
    lock_by_login(&app, &g.id).await;
    app.clock.advance(Duration::minutes(1));
    let (s, u) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/kumiai02",
            Some(json!({ "status": "normal" })),
        )
        .await;
    assert_eq!(s, 200, "{u}");
    assert_eq!(u["status"], "normal", "{u}");
    assert!(u["locked_until"].is_null(), "{u}");
    let (s, b) = login(&app, &g.id, PASSWORD).await;
    assert_eq!(s, 201, "59 minutes early: {b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_lock_caused_from_another_browser_ends_the_users_open_session() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "kumiai02", full()).await;
    let (s, b) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{b}");
    // Someone without the certificate guesses at the certificate challenge.
    for _ in 0..5 {
        let (s, b) = challenge(&app, "kumiai02", WRONG).await;
        assert_eq!((s, code(&b)), (401, Some("E2002")), "{b}");
    }
    let (s, b) = challenge(&app, "kumiai02", WRONG).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    let (s, b) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, code(&b)), (401, Some("E2204")), "{b}");
    // Ended for good, even after the lock has run out.
    app.clock.advance(Duration::minutes(30));
    let (s, b) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, code(&b)), (401, Some("E2204")), "{b}");
    // Other users' sessions go on.
    let (s, b) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_bank_lifts_a_masters_blocking() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    for _ in 0..2 {
        lock_by_login(&app, &m.id).await;
        app.clock.advance(Duration::minutes(60));
    }
    let (s, b) = wrong_logins(&app, &m.id, 6).await;
    assert_eq!((s, code(&b)), (423, Some("E2004")), "{b}");
    app.operator().unblock("rokin01").expect("unblock");
    assert_eq!(counters(&app, "rokin01"), (0, 0));
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = login(&app, &m.id, WRONG).await;
    assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
    app.stop().await;
}

#[actix_web::test]
async fn the_contracts_initial_password_locks_and_blocks_until_the_bank_sets_a_new_one() {
    let app = TestApp::spawn().await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    for round in 0..3 {
        for _ in (1..=5).rev() {
            let (s, b) = contract_login(&app, &contract, WRONG_INITIAL).await;
            assert_eq!((s, code(&b)), (401, Some("E2001")), "{b}");
            assert_eq!(remaining(&b), None, "{b}");
        }
        let (s, b) = contract_login(&app, &contract, WRONG_INITIAL).await;
        if round < 2 {
            assert_eq!(
                (s, code(&b)),
                (423, Some("E2003")),
                "lock {}: {b}",
                round + 1
            );
            let until = time(&b["details"]["locked_until"]);
            assert_eq!(until, app.clock.now() + Duration::minutes(60));
            let (s, b) = contract_login(&app, &contract, INITIAL).await;
            assert_eq!(
                (s, code(&b)),
                (423, Some("E2003")),
                "right while locked: {b}"
            );
            app.clock.set(until);
        } else {
            assert_eq!((s, code(&b)), (423, Some("E2004")), "the third lock: {b}");
        }
    }
    app.clock.advance(Duration::days(1));
    let (s, b) = contract_login(&app, &contract, INITIAL).await;
    assert_eq!((s, code(&b)), (423, Some("E2004")), "a day later: {b}");
    app.operator()
        .set_initial_password(&contract, INITIAL)
        .expect("new initial password");
    let (s, b) = contract_login(&app, &contract, INITIAL).await;
    assert_eq!(s, 200, "{b}");
    assert!(b["registration_token"].is_string(), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn wrong_passwords_at_the_certificate_challenge_count_toward_the_login_lockout() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let mut left = 5;
    for _ in 0..3 {
        let (s, b) = challenge(&app, "rokin01", WRONG).await;
        assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
        left -= 1;
        if left == 0 {
            break;
        }
        let (s, b) = login(&app, &m.id, WRONG).await;
        assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
        left -= 1;
    }
    // Three at the challenge and two at login so far; the sixth, at login, locks.
    let (s, b) = login(&app, &m.id, WRONG).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn wrong_current_passwords_at_the_password_change_count_toward_the_same_lockout() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let change = json!({
        "current_password": WRONG,
        "new_password": "N3wPassw0rd!",
        "new_password_confirmation": "N3wPassw0rd!"
    });
    for _ in (2..=5).rev() {
        let (s, b) = m
            .call(&app, "PUT", "/api/v1/me/password", Some(change.clone()))
            .await;
        assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
    }
    let (s, b) = challenge(&app, "rokin01", WRONG).await;
    assert_eq!((s, code(&b), remaining(&b)), (401, Some("E2002"), None));
    let (s, b) = m
        .call(&app, "PUT", "/api/v1/me/password", Some(change.clone()))
        .await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    // The lock ended the session it was typed in.
    let (s, b) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, code(&b)), (401, Some("E2204")), "{b}");
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn twenty_simultaneous_wrong_passwords_lock_exactly_once() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    // One connection per request, as twenty browsers would have.
    let clients: Vec<Client> = (0..20).map(|_| app.client_with(&m.id)).collect();
    let answers = join_all(clients.iter().map(|c| {
        app.send_json(
            c,
            "POST",
            "/api/v1/session",
            None,
            Some(json!({ "password": WRONG })),
        )
    }))
    .await;
    let (counted, locked, other) = tally(&answers);
    assert!(other.is_empty(), "unexpected answers: {other:?}");
    assert_eq!(counted, [1, 2, 3, 4, 5], "five counted, each once");
    assert_eq!(locked, 15, "the sixth locked, the rest found it locked");
    assert_eq!(counters(&app, "rokin01"), (0, 1), "exactly one lock");
    let (s, b) = login(&app, &m.id, PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    assert_eq!(
        time(&b["details"]["locked_until"]),
        start_time() + Duration::minutes(60)
    );
    app.stop().await;
}

#[actix_web::test]
async fn two_instances_on_one_database_lock_exactly_once() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let other = TestApp::spawn_with(Options {
        share_with: Some((app.database_url(), app.data_dir.clone())),
        ..Default::default()
    })
    .await;
    let one: Vec<Client> = (0..10).map(|_| app.client_with(&m.id)).collect();
    let two: Vec<Client> = (0..10).map(|_| other.client_with(&m.id)).collect();
    let body = json!({ "password": WRONG });
    let requests = one
        .iter()
        .map(|c| (&app, c))
        .chain(two.iter().map(|c| (&other, c)))
        .map(|(a, c)| a.send_json(c, "POST", "/api/v1/session", None, Some(body.clone())));
    let answers = join_all(requests).await;
    let (counted, locked, unexpected) = tally(&answers);
    assert!(unexpected.is_empty(), "unexpected answers: {unexpected:?}");
    assert_eq!(counted, [1, 2, 3, 4, 5], "five counted, each once");
    assert_eq!(locked, 15);
    assert_eq!(counters(&app, "rokin01"), (0, 1), "exactly one lock");
    // Both instances see the lock.
    for a in [&app, &other] {
        let (s, b) = login(a, &m.id, PASSWORD).await;
        assert_eq!((s, code(&b)), (423, Some("E2003")), "{b}");
    }
    other.stop().await;
    app.stop().await;
}

/// The `cjs` binary itself as a second process on the same database and data directory.
struct SecondProcess {
    child: std::process::Child,
    base: String,
}

impl SecondProcess {
    fn start(app: &TestApp) -> SecondProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_cjs"))
            .arg("serve")
            .env("CJS__DATA_DIR", &app.data_dir)
            .env("CJS__DATABASE__URL", app.database_url())
            .env("CJS__SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("CJS__SERVER__WORKERS", "2")
            .env("CJS__SERVER__JOB_INTERVAL", "0s")
            .env("CJS__POLICY__SERVICE_HOURS", "false")
            .env("CJS__LOG__LEVEL", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("cjs serve");
        SecondProcess {
            child,
            base: format!("https://127.0.0.1:{port}"),
        }
    }
}

impl Drop for SecondProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_web::test]
async fn two_server_processes_on_one_database_lock_exactly_once() {
    // The second process runs on the wall clock: start the test app's clock there too, so the
    // certificate it issues is valid for both.
    let app = TestApp::spawn_with(Options {
        start: Some(chrono::Utc::now()),
        ..Default::default()
    })
    .await;
    let m = app.master("rokin01").await;
    let second = SecondProcess::start(&app);
    let ready = format!("{}/api/v1/health", second.base);
    let mut up = false;
    for _ in 0..100 {
        if let Ok(res) = app.client().get(&ready).send().await
            && res.status() == 200
        {
            up = true;
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the second process answers");
    let one: Vec<Client> = (0..10).map(|_| app.client_with(&m.id)).collect();
    let two: Vec<Client> = (0..10).map(|_| app.client_with(&m.id)).collect();
    let body = json!({ "password": WRONG });
    let local = one
        .iter()
        .map(|c| app.send_json(c, "POST", "/api/v1/session", None, Some(body.clone())));
    let url = format!("{}/api/v1/session", second.base);
    let remote = two.iter().map(|c| {
        let (url, body) = (url.clone(), body.clone());
        async move {
            let mut res = c.post(url).send_json(&body).await.expect("send");
            let status = res.status().as_u16();
            let bytes = res.body().await.expect("body");
            (
                status,
                serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
            )
        }
    });
    let (mut answers, remote_answers) =
        futures_util::future::join(join_all(local), join_all(remote)).await;
    answers.extend(remote_answers);
    let (counted, locked, unexpected) = tally(&answers);
    assert!(unexpected.is_empty(), "unexpected answers: {unexpected:?}");
    assert_eq!(counted, [1, 2, 3, 4, 5], "five counted, each once");
    assert_eq!(locked, 15);
    assert_eq!(counters(&app, "rokin01"), (0, 1), "exactly one lock");
    app.stop().await;
}

/// The lock columns of a contract's row: (failures, locks).
fn contract_counters(app: &TestApp, number: &str) -> (i32, i32) {
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("database url")
        .connect()
        .expect("connect");
    let row = cjs_store::contracts::find(&mut conn, number)
        .expect("find")
        .expect("the contract");
    (row.failures, row.locks)
}

/// A burst of 29 wrong passwords with the right one last, all at once on their own connections;
/// the answers to the wrong ones and the answer to the right one.
async fn burst(
    app: &TestApp,
    path: &str,
    wrong: Value,
    right: Value,
) -> (Vec<(u16, Value)>, (u16, Value)) {
    let clients: Vec<Client> = (0..30).map(|_| app.client()).collect();
    let bodies: Vec<Value> = (0..29).map(|_| wrong.clone()).chain([right]).collect();
    let mut answers = join_all(
        clients
            .iter()
            .zip(bodies)
            .map(|(c, b)| app.send_json(c, "POST", path, None, Some(b))),
    )
    .await;
    let right = answers.pop().expect("the right one's answer");
    (answers, right)
}

/// Counts (counted refusals with `wrong`, locked refusals, anything else).
fn tally_codes(answers: &[(u16, Value)], wrong: &str) -> (usize, usize, Vec<String>) {
    let (mut counted, mut locked, mut other) = (0, 0, Vec::new());
    for (s, b) in answers {
        match (s, code(b)) {
            (401, Some(c)) if c == wrong => counted += 1,
            (423, Some("E2003")) => locked += 1,
            _ => other.push(format!("{s} {b}")),
        }
    }
    (counted, locked, other)
}

#[actix_web::test]
async fn a_right_password_in_flight_when_the_lock_lands_neither_passes_nor_resets_the_count() {
    let app = TestApp::spawn().await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    app.register_master(&contract, "rokin01").await;
    let (wrong, right) = burst(
        &app,
        "/api/v1/certificates/challenge",
        json!({ "user_id": "rokin01", "password": WRONG }),
        json!({ "user_id": "rokin01", "password": PASSWORD }),
    )
    .await;
    let (counted, locked, other) = tally_codes(&wrong, "E2002");
    assert!(other.is_empty(), "unexpected answers: {other:?}");
    // Exactly the policy: five counted, the sixth locks, the rest find it locked — the right
    // password never started the count again.
    assert_eq!((counted, locked), (5, 24), "right one: {right:?}");
    assert!(
        matches!(
            (right.0, code(&right.1)),
            (200, None) | (423, Some("E2003")) | (401, Some("E2002"))
        ),
        "{right:?}"
    );
    assert_eq!(
        counters(&app, "rokin01"),
        (0, 1),
        "exactly one lock, never reset"
    );
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "still locked: {b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_right_initial_password_in_flight_when_the_contract_locks_neither_passes_nor_resets() {
    let app = TestApp::spawn().await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    let (wrong, right) = burst(
        &app,
        "/api/v1/registration/contract",
        json!({ "contract_number": contract, "initial_password": WRONG_INITIAL }),
        json!({ "contract_number": contract, "initial_password": INITIAL }),
    )
    .await;
    let (counted, locked, other) = tally_codes(&wrong, "E2001");
    assert!(other.is_empty(), "unexpected answers: {other:?}");
    assert_eq!((counted, locked), (5, 24), "right one: {right:?}");
    assert!(
        matches!(
            (right.0, code(&right.1)),
            (200, None) | (423, Some("E2003")) | (401, Some("E2001"))
        ),
        "{right:?}"
    );
    assert_eq!(contract_counters(&app, &contract), (0, 1));
    let (s, b) = contract_login(&app, &contract, INITIAL).await;
    assert_eq!((s, code(&b)), (423, Some("E2003")), "still locked: {b}");
    app.stop().await;
}

/// The shape of a JSON value: its keys, recursively (values left out).
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
        _ => Value::Null,
    }
}

#[actix_web::test]
async fn a_wrong_password_for_an_unknown_user_id_looks_like_one_for_an_existing_user() {
    let app = TestApp::spawn().await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    app.register_master(&contract, "rokin01").await;
    for _ in 0..2 {
        let known = challenge(&app, "rokin01", WRONG).await;
        let unknown = challenge(&app, "nobody99", WRONG).await;
        assert_eq!(
            (known.0, code(&known.1)),
            (401, Some("E2002")),
            "{}",
            known.1
        );
        assert_eq!((unknown.0, code(&unknown.1)), (known.0, code(&known.1)));
        assert_eq!(
            shape(&unknown.1),
            shape(&known.1),
            "{} / {}",
            unknown.1,
            known.1
        );
        assert_eq!(unknown.1["message"], known.1["message"]);
        assert!(
            known.1["details"]["remaining_attempts"].is_null(),
            "{}",
            known.1
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_wrong_initial_password_for_an_unknown_contract_looks_like_one_for_an_existing_one() {
    let app = TestApp::spawn().await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    let last = contract
        .chars()
        .last()
        .and_then(|c| c.to_digit(10))
        .expect("digit");
    let other = format!("{}{}", &contract[..contract.len() - 1], (last + 1) % 10);
    for _ in 0..2 {
        let known = contract_login(&app, &contract, WRONG_INITIAL).await;
        let unknown = contract_login(&app, &other, WRONG_INITIAL).await;
        assert_eq!(
            (known.0, code(&known.1)),
            (401, Some("E2001")),
            "{}",
            known.1
        );
        assert_eq!((unknown.0, code(&unknown.1)), (known.0, code(&known.1)));
        assert_eq!(
            shape(&unknown.1),
            shape(&known.1),
            "{} / {}",
            unknown.1,
            known.1
        );
        assert_eq!(unknown.1["message"], known.1["message"]);
        assert!(
            known.1["details"]["remaining_attempts"].is_null(),
            "{}",
            known.1
        );
    }
    app.stop().await;
}
