//! The business calendar and ご利用時間 (月～金 8:00～20:00, 土・日・祝休日と年末年始を除く),
//! all in Japan time.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};

use crate::Policy;

/// 日本標準時 (UTC+9, no daylight saving).
pub const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// The same instant on a Japanese clock.
pub fn jst(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&JST)
}

/// 祝日・休日 under 国民の祝日に関する法律: the named holidays, 振替休日 and 国民の休日.
/// Equinox days come from the standard approximation, which holds up to 2150.
pub fn is_national_holiday(d: NaiveDate) -> bool {
    // The law dates from 1948; the library also steps back a day, which would panic at the
    // start of chrono's calendar.
    d.year() >= 1948 && yasumi::is_holiday(d)
}

/// 年末年始: 12/31 and 1/1–1/3, closed whatever the weekday.
fn is_year_end_holiday(d: NaiveDate) -> bool {
    matches!((d.month(), d.day()), (12, 31) | (1, 1..=3))
}

/// 営業日: Monday to Friday, not a national holiday, not 12/31–1/3.
pub fn is_business_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        && !is_year_end_holiday(d)
        && !is_national_holiday(d)
}

/// ご利用時間: open from `open` (inclusive) to `close` (exclusive) on business days, Japan time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceHours {
    open: NaiveTime,
    close: NaiveTime,
    /// `Policy::service_hours == false`: the service never closes.
    always: bool,
}

impl ServiceHours {
    /// The hours the policy sets; an error names the setting that is not `HH:MM` or an
    /// opening not before the closing.
    pub fn from_policy(policy: &Policy) -> Result<Self, String> {
        let open = hh_mm("service_open", &policy.service_open)?;
        let close = hh_mm("service_close", &policy.service_close)?;
        if open >= close {
            return Err(format!(
                "policy.service_open ({}) must be before policy.service_close ({})",
                policy.service_open, policy.service_close
            ));
        }
        Ok(Self {
            open,
            close,
            always: !policy.service_hours,
        })
    }

    pub fn open(&self) -> NaiveTime {
        self.open
    }

    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// Whether the service is open at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        if self.always {
            return true;
        }
        let local = jst(now).naive_local();
        is_business_day(local.date()) && self.open <= local.time() && local.time() < self.close
    }

    /// `now` if open, otherwise the next instant it opens.
    pub fn next_opening(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        if self.is_open(now) {
            return now;
        }
        let local = jst(now).naive_local();
        let mut day = local.date();
        if local.time() >= self.open {
            day = day.succ_opt().unwrap_or(day);
        }
        // 年末年始 next to a long weekend keeps the service shut for at most about ten days;
        // the bound only guards against an impossible calendar.
        for _ in 0..366 {
            if is_business_day(day) {
                break;
            }
            day = day.succ_opt().unwrap_or(day);
        }
        (day.and_time(self.open) - TimeDelta::seconds(i64::from(JST.local_minus_utc()))).and_utc()
    }
}

fn hh_mm(name: &str, value: &str) -> Result<NaiveTime, String> {
    let b = value.as_bytes();
    let digit = |i: usize| u32::from(b[i] - b'0');
    let well_formed =
        b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
    well_formed
        .then(|| NaiveTime::from_hms_opt(digit(0) * 10 + digit(1), digit(3) * 10 + digit(4), 0))
        .flatten()
        .ok_or_else(|| format!("policy.{name}: {value:?} is not a time of day as HH:MM"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// An instant given on a Japanese clock.
    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        JST.with_ymd_and_hms(y, m, d, h, min, s)
            .single()
            .expect("valid time")
            .with_timezone(&Utc)
    }

    fn hours() -> ServiceHours {
        ServiceHours::from_policy(&Policy::default()).expect("default hours")
    }

    #[test]
    fn japan_time_is_nine_hours_ahead_of_utc() {
        let t = Utc
            .with_ymd_and_hms(2024, 5, 6, 23, 0, 0)
            .single()
            .expect("valid");
        let local = jst(t);
        assert_eq!(local.date_naive(), date(2024, 5, 7));
        assert_eq!(
            local.time(),
            NaiveTime::from_hms_opt(8, 0, 0).expect("valid")
        );
    }

    #[test]
    fn a_weekday_opens_at_eight_and_closes_at_twenty() {
        // 2024-05-07 is a Tuesday.
        let h = hours();
        assert!(!h.is_open(at(2024, 5, 7, 7, 59, 59)));
        assert!(h.is_open(at(2024, 5, 7, 8, 0, 0)));
        assert!(h.is_open(at(2024, 5, 7, 19, 59, 59)));
        assert!(!h.is_open(at(2024, 5, 7, 20, 0, 0)));
    }

    #[test]
    fn saturday_and_sunday_are_closed() {
        assert!(!is_business_day(date(2024, 5, 11)));
        assert!(!is_business_day(date(2024, 5, 12)));
        assert!(!hours().is_open(at(2024, 5, 11, 10, 0, 0)));
    }

    #[test]
    fn coming_of_age_day_is_closed() {
        // 成人の日, the second Monday of January.
        assert!(is_national_holiday(date(2025, 1, 13)));
        assert!(!is_business_day(date(2025, 1, 13)));
        assert!(!hours().is_open(at(2025, 1, 13, 10, 0, 0)));
        assert!(is_business_day(date(2025, 1, 14)));
    }

    #[test]
    fn a_substitute_holiday_is_closed() {
        // こどもの日 2024 fell on a Sunday: 振替休日 on Monday 5/6.
        assert!(is_national_holiday(date(2024, 5, 6)));
        assert!(!is_business_day(date(2024, 5, 6)));
        assert!(is_business_day(date(2024, 5, 7)));
    }

    #[test]
    fn a_substitute_holiday_after_two_golden_week_holidays_falls_on_wednesday() {
        // 2026: 憲法記念日 on Sunday 5/3, 5/4 and 5/5 are holidays, so 5/6 is the 振替休日.
        assert!(is_national_holiday(date(2026, 5, 6)));
        assert!(is_business_day(date(2026, 5, 7)));
    }

    #[test]
    fn a_day_between_two_holidays_is_a_citizens_holiday() {
        // 2026: 敬老の日 9/21 (Mon), 秋分の日 9/23 (Wed): 9/22 is 国民の休日.
        assert!(is_national_holiday(date(2026, 9, 21)));
        assert!(is_national_holiday(date(2026, 9, 22)));
        assert!(is_national_holiday(date(2026, 9, 23)));
        assert!(!is_business_day(date(2026, 9, 22)));
        assert!(is_business_day(date(2026, 9, 24)));
    }

    #[test]
    fn equinox_days_move_with_the_year() {
        assert!(is_national_holiday(date(2024, 3, 20)));
        assert!(is_national_holiday(date(2025, 3, 20)));
        assert!(is_national_holiday(date(2024, 9, 22)));
        assert!(is_national_holiday(date(2025, 9, 23)));
        assert!(!is_national_holiday(date(2025, 9, 22)));
    }

    #[test]
    fn the_2021_olympic_moves_are_followed() {
        assert!(is_national_holiday(date(2021, 7, 22)));
        assert!(is_national_holiday(date(2021, 7, 23)));
        assert!(is_national_holiday(date(2021, 8, 9)));
        assert!(!is_national_holiday(date(2021, 7, 19)));
        assert!(!is_national_holiday(date(2021, 10, 11)));
    }

    #[test]
    fn holidays_are_computed_for_years_far_ahead() {
        // 2050: 元日, 成人の日 (second Monday 1/10), 天皇誕生日.
        assert!(is_national_holiday(date(2050, 1, 10)));
        assert!(is_national_holiday(date(2050, 2, 23)));
        assert!(!is_national_holiday(date(2050, 1, 11)));
    }

    #[test]
    fn an_ancient_date_is_no_holiday_and_does_not_panic() {
        assert!(!is_national_holiday(NaiveDate::MIN));
        assert!(!is_national_holiday(date(1900, 1, 1)));
    }

    #[test]
    fn the_year_end_and_new_year_days_are_closed_even_on_weekdays() {
        // 2025-12-31 is a Wednesday, 2024-01-02 a Tuesday, 2024-01-03 a Wednesday.
        assert!(!is_business_day(date(2025, 12, 31)));
        assert!(!is_business_day(date(2024, 1, 2)));
        assert!(!is_business_day(date(2024, 1, 3)));
        assert!(is_business_day(date(2024, 1, 4)));
        assert!(is_business_day(date(2025, 12, 30)));
        assert!(!hours().is_open(at(2024, 1, 3, 12, 0, 0)));
    }

    #[test]
    fn the_next_opening_after_friday_closing_is_monday_at_eight() {
        let friday_close = at(2024, 5, 10, 20, 0, 0);
        assert_eq!(hours().next_opening(friday_close), at(2024, 5, 13, 8, 0, 0));
    }

    #[test]
    fn the_next_opening_before_eight_on_a_business_day_is_that_morning() {
        assert_eq!(
            hours().next_opening(at(2024, 5, 7, 7, 59, 59)),
            at(2024, 5, 7, 8, 0, 0)
        );
        // Past midnight JST but still the previous day in UTC.
        assert_eq!(
            hours().next_opening(at(2024, 5, 7, 0, 30, 0)),
            at(2024, 5, 7, 8, 0, 0)
        );
    }

    #[test]
    fn the_next_opening_while_open_is_now() {
        let now = at(2024, 5, 7, 12, 34, 56);
        assert_eq!(hours().next_opening(now), now);
    }

    #[test]
    fn the_next_opening_skips_the_new_year_and_the_weekend_after_it() {
        // 2025-12-30 (Tue) 20:00 → 12/31–1/3 closed, 1/4 is a Sunday → Monday 2026-01-05.
        assert_eq!(
            hours().next_opening(at(2025, 12, 30, 20, 0, 0)),
            at(2026, 1, 5, 8, 0, 0)
        );
        // 2024-12-30 (Mon) 20:00 → 12/31–1/3 (Tue–Fri) and the weekend → Monday 2025-01-06.
        assert_eq!(
            hours().next_opening(at(2024, 12, 30, 20, 0, 0)),
            at(2025, 1, 6, 8, 0, 0)
        );
        // 12/30 itself is a business day: Friday 2024-12-27 after closing → Monday 12/30.
        assert_eq!(
            hours().next_opening(at(2024, 12, 27, 21, 0, 0)),
            at(2024, 12, 30, 8, 0, 0)
        );
    }

    #[test]
    fn the_next_opening_skips_a_holiday_monday() {
        // Friday 2025-01-10 after closing → 1/13 成人の日 → Tuesday 1/14.
        assert_eq!(
            hours().next_opening(at(2025, 1, 10, 20, 0, 0)),
            at(2025, 1, 14, 8, 0, 0)
        );
    }

    #[test]
    fn service_hours_can_be_switched_off_by_policy() {
        let p = Policy {
            service_hours: false,
            ..Policy::default()
        };
        let h = ServiceHours::from_policy(&p).expect("valid");
        let sunday_night = at(2024, 5, 12, 23, 0, 0);
        assert!(h.is_open(sunday_night));
        assert_eq!(h.next_opening(sunday_night), sunday_night);
    }

    #[test]
    fn service_hours_come_from_the_policy() {
        let p = Policy {
            service_open: "09:30".into(),
            service_close: "17:00".into(),
            ..Policy::default()
        };
        let h = ServiceHours::from_policy(&p).expect("valid");
        assert!(!h.is_open(at(2024, 5, 7, 9, 29, 0)));
        assert!(h.is_open(at(2024, 5, 7, 9, 30, 0)));
        assert!(!h.is_open(at(2024, 5, 7, 17, 0, 0)));
    }

    #[test]
    fn a_service_time_not_written_as_hh_mm_is_refused() {
        for bad in [
            "8:00",
            "08:0",
            "0800",
            "24:00",
            "08:60",
            "08-00",
            "",
            "０８:００",
        ] {
            let p = Policy {
                service_open: bad.into(),
                ..Policy::default()
            };
            let err = ServiceHours::from_policy(&p).expect_err(bad);
            assert!(err.contains("service_open"), "{err}");
        }
    }

    #[test]
    fn an_opening_not_before_the_closing_is_refused() {
        let p = Policy {
            service_open: "20:00".into(),
            service_close: "08:00".into(),
            ..Policy::default()
        };
        assert!(ServiceHours::from_policy(&p).is_err());
    }
}
