//! The expiry notices: one e-mail 30 days before, one after expiry, never twice.

use chrono::Duration;

use crate::helpers::TestApp;

fn mails(app: &TestApp) -> Vec<String> {
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
