//! Dates as the manual prints them, in Japan time (UTC+9, no daylight saving).

use chrono::{DateTime, FixedOffset, Offset, Utc};

fn jst(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    // 9 hours is always a valid offset.
    let offset = FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix());
    t.with_timezone(&offset)
}

/// `2025年05月07日`
pub fn jst_date(t: DateTime<Utc>) -> String {
    jst(t).format("%Y年%m月%d日").to_string()
}

/// `2025年05月07日 09:30:00`
pub fn jst_date_time(t: DateTime<Utc>) -> String {
    jst(t).format("%Y年%m月%d日 %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unix: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(unix, 0).unwrap_or_default()
    }

    #[test]
    fn the_epoch_is_nine_in_the_morning_in_japan() {
        assert_eq!(jst_date_time(at(0)), "1970年01月01日 09:00:00");
    }

    #[test]
    fn a_certificate_ending_at_14_59_59_utc_ends_that_day_in_japan() {
        // 2025-05-07T14:59:59Z
        assert_eq!(jst_date_time(at(1_746_629_999)), "2025年05月07日 23:59:59");
    }

    #[test]
    fn three_pm_utc_is_already_the_next_day_in_japan() {
        // 2024-02-28T15:00:00Z, a leap year
        assert_eq!(jst_date(at(1_709_132_400)), "2024年02月29日");
    }
}
