//! Dates as the manual prints them, in Japan time (UTC+9, no daylight saving).

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

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

/// `2012/10/24 14:57`, as the information screen prints 前回ログイン日時.
pub fn jst_minutes(t: DateTime<Utc>) -> String {
    jst(t).format("%Y/%m/%d %H:%M").to_string()
}

/// `2012/10/25 13:23:30`, as the user list prints 最終ログイン日時.
pub fn jst_seconds(t: DateTime<Utc>) -> String {
    jst(t).format("%Y/%m/%d %H:%M:%S").to_string()
}

/// A calendar day as the information screen prints it: `2012年10月09日`.
pub fn ja_date(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// 控除年月 from the API's `2012-10` as `2012年10月` (the text itself if it is not a month).
pub fn ja_month(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m))
            if y.len() == 4
                && m.len() == 2
                && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) =>
        {
            format!("{y}年{m}月")
        }
        _ => month.to_owned(),
    }
}

/// A file size in whole kilobytes, rounded up and grouped: `1 KB`, `5,120 KB`.
pub fn kilobytes(bytes: i64) -> String {
    let kb = u64::try_from(bytes).unwrap_or(0).div_ceil(1024);
    let digits = kb.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} KB")
}

/// The certificate's end from the `x-certificate-not-after` header (RFC 3339), as `2025年05月07日`.
pub fn expiry_from_header(value: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(value.trim())
        .ok()
        .map(|t| jst_date(t.with_timezone(&Utc)))
}

/// A day picked in a date input (`2024-05-07`, a day in Japan) as the instant it starts, and the
/// instant the next day starts, in RFC 3339 with the +09:00 offset: the operation log's
/// `from` (inclusive) and `to` (exclusive).
pub fn jst_day_bounds(day: &str) -> Option<(String, String)> {
    let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    let next = date.succ_opt()?;
    Some((
        format!("{}T00:00:00+09:00", date.format("%Y-%m-%d")),
        format!("{}T00:00:00+09:00", next.format("%Y-%m-%d")),
    ))
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

    #[test]
    fn the_information_screen_prints_the_previous_login_to_the_minute() {
        // 2012-10-24T05:57:30Z is 14:57 in Japan.
        assert_eq!(jst_minutes(at(1_351_058_250)), "2012/10/24 14:57");
        assert_eq!(jst_seconds(at(1_351_058_250)), "2012/10/24 14:57:30");
    }

    #[test]
    fn the_certificate_expiry_header_is_read_as_a_japanese_date() {
        assert_eq!(
            expiry_from_header("2025-05-07T14:59:59+00:00").as_deref(),
            Some("2025年05月07日")
        );
        assert_eq!(
            expiry_from_header("2025-05-07T15:00:00Z").as_deref(),
            Some("2025年05月08日")
        );
        assert_eq!(expiry_from_header("tomorrow"), None);
    }

    #[test]
    fn schedule_dates_and_months_read_as_in_the_manual() {
        let d = NaiveDate::from_ymd_opt(2012, 10, 9).unwrap_or_default();
        assert_eq!(ja_date(d), "2012年10月09日");
        assert_eq!(ja_month("2012-10"), "2012年10月");
        assert_eq!(ja_month("2013-09"), "2013年09月");
        assert_eq!(ja_month("soon"), "soon");
    }

    #[test]
    fn manual_sizes_read_in_kilobytes() {
        assert_eq!(kilobytes(0), "0 KB");
        assert_eq!(kilobytes(1), "1 KB");
        assert_eq!(kilobytes(1024), "1 KB");
        assert_eq!(kilobytes(1025), "2 KB");
        assert_eq!(kilobytes(5_347_738), "5,223 KB");
        assert_eq!(kilobytes(1_073_741_824), "1,048,576 KB");
    }

    #[test]
    fn a_picked_day_spans_midnight_to_midnight_in_japan() {
        assert_eq!(
            jst_day_bounds("2024-12-31"),
            Some((
                "2024-12-31T00:00:00+09:00".to_owned(),
                "2025-01-01T00:00:00+09:00".to_owned()
            ))
        );
        assert_eq!(jst_day_bounds(""), None);
        assert_eq!(jst_day_bounds("2024-02-30"), None);
    }
}
