//! The expiry notices: one e-mail 30 days before, one after expiry, never twice.

use chrono::Duration;

use cjs_domain::Clock as _;

use crate::helpers::TestApp;

pub(crate) fn mails(app: &TestApp) -> Vec<String> {
    let mut out: Vec<(std::time::SystemTime, String)> =
        std::fs::read_dir(app.data_dir.join("outbox"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| {
                        let t = e.metadata().and_then(|m| m.modified()).ok()?;
                        Some((t, std::fs::read_to_string(e.path()).ok()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
    out.sort();
    out.into_iter().map(|(_, m)| m).collect()
}

#[actix_web::test]
async fn expiry_notices_go_once_30_days_before_and_once_after_expiry() {
    let app = TestApp::spawn().await;
    let _m = app.master("rokin01").await;
    let before = mails(&app).len();
    // Issued 2024-05-07 10:00 JST, valid to 2025-05-07 23:59:59 JST.
    let run = || cjs_server::jobs::send_expiry_notices(&app.state);
    assert_eq!(
        run().await.expect("job"),
        Default::default(),
        "nothing due yet"
    );
    app.clock.advance(Duration::days(300));
    assert_eq!(
        run().await.expect("job").expiring,
        0,
        "67 days before: not yet"
    );
    app.clock.advance(Duration::days(40));
    let sent = run().await.expect("job");
    assert_eq!((sent.expiring, sent.expired), (1, 0));
    assert_eq!(run().await.expect("job").expiring, 0, "never twice");
    let last = mails(&app).pop().expect("a mail");
    assert!(last.contains("To: taro@example.co.jp"), "{last}");
    assert!(last.contains("2025年05月07日"), "{last}");
    app.clock.advance(Duration::days(30));
    let sent = run().await.expect("job");
    assert_eq!((sent.expiring, sent.expired), (0, 1));
    assert_eq!(run().await.expect("job"), Default::default());
    assert_eq!(mails(&app).len(), before + 2);
    app.stop().await;
}

/// A mailer that always fails: an SMTP port where nothing listens.
fn broken_mailer(app: &TestApp) -> cjs_server::mail::Mailer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut settings = app.settings.clone();
    settings.mail.transport = format!("smtp://127.0.0.1:{port}");
    settings.mail.send_timeout = std::time::Duration::from_secs(2);
    cjs_server::mail::Mailer::from_settings(&settings).expect("mailer")
}

#[actix_web::test]
async fn a_notice_that_could_not_be_sent_is_sent_at_the_next_run_once() {
    let app = TestApp::spawn().await;
    let _m = app.master("rokin01").await;
    let before = mails(&app).len();
    app.clock.advance(Duration::days(340));
    let mut outage = app.state.clone();
    outage.mailer = broken_mailer(&app);
    let sent = cjs_server::jobs::send_expiry_notices(&outage)
        .await
        .expect("job");
    assert_eq!(sent, Default::default(), "nothing went out");
    assert_eq!(mails(&app).len(), before);
    // The server is back: the notice goes now, and only now.
    let run = || cjs_server::jobs::send_expiry_notices(&app.state);
    assert_eq!(run().await.expect("job").expiring, 1, "retried");
    assert_eq!(run().await.expect("job"), Default::default(), "once");
    assert_eq!(mails(&app).len(), before + 1);
    app.stop().await;
}

#[actix_web::test]
async fn a_claim_left_by_a_crashed_instance_is_taken_over_after_its_lease() {
    let app = TestApp::spawn().await;
    let _m = app.master("rokin01").await;
    app.clock.advance(Duration::days(340));
    let now = app.clock.now();
    let claimed = app
        .state
        .db(move |c| {
            let rows = cjs_store::certificates::unnotified(c)?;
            let serial = &rows.first().expect("a certificate").serial;
            cjs_store::certificates::claim_notice(
                c,
                serial,
                false,
                "crashed",
                now,
                Duration::minutes(5),
            )
        })
        .await
        .expect("db");
    assert!(claimed);
    let run = || cjs_server::jobs::send_expiry_notices(&app.state);
    assert_eq!(
        run().await.expect("job"),
        Default::default(),
        "held by the other instance"
    );
    app.clock.advance(Duration::minutes(10));
    assert_eq!(run().await.expect("job").expiring, 1, "lease ran out");
    assert_eq!(run().await.expect("job"), Default::default());
    app.stop().await;
}
