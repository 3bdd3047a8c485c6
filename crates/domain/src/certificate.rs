//! 電子証明書: validity counted in Japan days, one valid certificate per user, renewal in the last
//! days, expiry notices and the name of the downloaded file.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};

use crate::Policy;
use crate::calendar::{JST, jst};
use crate::ids::UserId;

const LAST_SECOND: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => panic!("23:59:59 is a time of day"),
};

/// (not before, not after): from the moment of issue to 23:59:59 JST on the last day, the day of
/// issue counting as the first of `cert_validity_days` (有効期限は発行日を含めて366日).
pub fn validity(issued_at: DateTime<Utc>, policy: &Policy) -> (DateTime<Utc>, DateTime<Utc>) {
    let days = u64::from(policy.cert_validity_days.max(1) - 1);
    let first_day = jst(issued_at).date_naive();
    let last_day = first_day
        .checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX);
    (issued_at, end_of_japan_day(last_day))
}

fn end_of_japan_day(day: NaiveDate) -> DateTime<Utc> {
    let offset = TimeDelta::seconds(i64::from(JST.local_minus_utc()));
    (day.and_time(LAST_SECOND) - offset).and_utc()
}

/// Whether a new certificate may be issued to a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueDecision {
    /// No certificate, or only an expired one (an expired certificate needs no 失効).
    Allowed,
    /// 更新: the current certificate is in its last `cert_renewal_days`; the new one replaces it.
    ReplacesExpiring,
    /// A valid certificate exists: the bank must revoke it first (パソコンの変更は書面で失効手続き).
    RefusedWhileValid { not_after: DateTime<Utc> },
}

/// Decides issuance against the user's current certificate, if any.
pub fn decide(
    existing_not_after: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    policy: &Policy,
) -> IssueDecision {
    match existing_not_after {
        None => IssueDecision::Allowed,
        Some(not_after) if now > not_after => IssueDecision::Allowed,
        Some(not_after) if in_renewal_window(not_after, now, policy) => {
            IssueDecision::ReplacesExpiring
        }
        Some(not_after) => IssueDecision::RefusedWhileValid { not_after },
    }
}

/// From 00:00 JST on the day `cert_renewal_days` before the expiry date (有効期限の30日前).
fn in_renewal_window(not_after: DateTime<Utc>, now: DateTime<Utc>, policy: &Policy) -> bool {
    let expiry_day = jst(not_after).date_naive();
    let first_day = expiry_day
        .checked_sub_days(Days::new(u64::from(policy.cert_renewal_days)))
        .unwrap_or(NaiveDate::MIN);
    jst(now).date_naive() >= first_day
}

/// `<ユーザーID><yyyyMMddHHmmss>.p12`, the issue time in JST (ファイル名: ユーザーID + 日付時間 + .p12).
pub fn p12_filename(user: &UserId, issued_at: DateTime<Utc>) -> String {
    format!(
        "{}{}.p12",
        user.as_str(),
        jst(issued_at).format("%Y%m%d%H%M%S")
    )
}

/// The e-mails about a certificate's end: 有効期限の30日前のお知らせ and, again, after expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryNotice {
    BeforeExpiry,
    Expired,
}

/// Which notice is due at `now` for a certificate ending at `not_after`; the caller sends each
/// kind once per certificate and only for the user's current one.
pub fn notice_due(
    not_after: DateTime<Utc>,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Option<ExpiryNotice> {
    if now > not_after {
        Some(ExpiryNotice::Expired)
    } else if in_renewal_window(not_after, now, policy) {
        Some(ExpiryNotice::BeforeExpiry)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        JST.with_ymd_and_hms(y, m, d, h, min, s)
            .single()
            .expect("valid time")
            .with_timezone(&Utc)
    }

    fn policy() -> Policy {
        Policy::default()
    }

    /// Issued 2024-05-07 10:00 JST: the 366th day counting 5/7 is 2025-05-07.
    fn not_after() -> DateTime<Utc> {
        at(2025, 5, 7, 23, 59, 59)
    }

    #[test]
    fn a_certificate_is_valid_for_366_days_counting_the_day_of_issue() {
        let issued = at(2024, 5, 7, 10, 0, 0);
        assert_eq!(validity(issued, &policy()), (issued, not_after()));
        let first = jst(issued).date_naive();
        let last = jst(not_after()).date_naive();
        assert_eq!((last - first).num_days() + 1, 366);
    }

    #[test]
    fn the_day_of_issue_is_the_japan_day_even_when_utc_is_still_the_day_before() {
        // 2024-05-07 00:30 JST is 2024-05-06 in UTC.
        let issued = at(2024, 5, 7, 0, 30, 0);
        assert_eq!(validity(issued, &policy()).1, not_after());
        // 23:59:59 JST issues on 5/7 too; one second later is 5/8.
        assert_eq!(
            validity(at(2024, 5, 7, 23, 59, 59), &policy()).1,
            not_after()
        );
        assert_eq!(
            validity(at(2024, 5, 8, 0, 0, 0), &policy()).1,
            at(2025, 5, 8, 23, 59, 59)
        );
    }

    #[test]
    fn a_one_day_certificate_ends_the_same_evening() {
        let p = Policy {
            cert_validity_days: 1,
            ..Policy::default()
        };
        let issued = at(2024, 5, 7, 10, 0, 0);
        assert_eq!(validity(issued, &p).1, at(2024, 5, 7, 23, 59, 59));
    }

    #[test]
    fn issuing_is_allowed_without_a_certificate() {
        assert_eq!(
            decide(None, at(2024, 5, 7, 10, 0, 0), &policy()),
            IssueDecision::Allowed
        );
    }

    #[test]
    fn issuing_is_refused_while_a_certificate_is_valid_before_the_last_thirty_days() {
        let now = at(2025, 4, 6, 23, 59, 59);
        assert_eq!(
            decide(Some(not_after()), now, &policy()),
            IssueDecision::RefusedWhileValid {
                not_after: not_after()
            }
        );
    }

    #[test]
    fn issuing_replaces_a_certificate_from_thirty_days_before_its_expiry_date() {
        for now in [at(2025, 4, 7, 0, 0, 0), at(2025, 5, 7, 23, 59, 59)] {
            assert_eq!(
                decide(Some(not_after()), now, &policy()),
                IssueDecision::ReplacesExpiring,
                "{now}"
            );
        }
    }

    #[test]
    fn issuing_is_allowed_once_the_certificate_has_expired() {
        assert_eq!(
            decide(Some(not_after()), at(2025, 5, 8, 0, 0, 0), &policy()),
            IssueDecision::Allowed
        );
    }

    #[test]
    fn the_p12_file_is_named_by_user_id_and_japan_time_of_issue() {
        let user = UserId::parse("sample001").expect("valid");
        // 2024-05-07 08:05:09 JST = 2024-05-06 23:05:09 UTC.
        assert_eq!(
            p12_filename(&user, at(2024, 5, 7, 8, 5, 9)),
            "sample00120240507080509.p12"
        );
    }

    #[test]
    fn no_notice_is_due_before_the_last_thirty_days() {
        assert_eq!(
            notice_due(not_after(), at(2025, 4, 6, 23, 59, 59), &policy()),
            None
        );
    }

    #[test]
    fn the_before_expiry_notice_is_due_from_thirty_days_before() {
        for now in [at(2025, 4, 7, 0, 0, 0), not_after()] {
            assert_eq!(
                notice_due(not_after(), now, &policy()),
                Some(ExpiryNotice::BeforeExpiry)
            );
        }
    }

    #[test]
    fn the_expired_notice_is_due_after_expiry() {
        assert_eq!(
            notice_due(not_after(), at(2025, 5, 8, 0, 0, 0), &policy()),
            Some(ExpiryNotice::Expired)
        );
    }
}
