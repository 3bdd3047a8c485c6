//! 控除スケジュール: per payment group and occasion (月例・夏季一時金・年末一時金) a list of cycles.
//! 入力 is derived, never stored: 入力中 until the end of the 締切日 in Japan time, then 締切中.
//! The information screen shows, per occasion, the latest closed cycle and the one open for input.

use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{is_business_day, is_national_holiday, jst};

/// 支給区分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Occasion {
    /// 月例
    Monthly,
    /// 夏季一時金
    Summer,
    /// 年末一時金
    YearEnd,
}

impl Occasion {
    pub const ALL: [Occasion; 3] = [Occasion::Monthly, Occasion::Summer, Occasion::YearEnd];

    pub fn label(self) -> &'static str {
        match self {
            Occasion::Monthly => "月例",
            Occasion::Summer => "夏季一時金",
            Occasion::YearEnd => "年末一時金",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Occasion::Monthly => "monthly",
            Occasion::Summer => "summer",
            Occasion::YearEnd => "year_end",
        }
    }

    pub fn parse(s: &str) -> Option<Occasion> {
        Occasion::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// 入力: derived from the 締切日 and the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InputState {
    /// 入力中
    Open,
    /// 締切中
    Closed,
}

impl InputState {
    pub fn label(self) -> &'static str {
        match self {
            InputState::Open => "入力中",
            InputState::Closed => "締切中",
        }
    }
}

/// One cycle of a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// 控除年月 (the first day of the month).
    pub month: NaiveDate,
    /// 締切日: the last day details may be changed on the Web.
    pub deadline: NaiveDate,
    /// 依頼データ受信.
    pub request_received: Option<NaiveDate>,
    /// 結果データ受信.
    pub result_received: Option<NaiveDate>,
    /// 支給日 (入金予定日).
    pub payday: NaiveDate,
}

impl Cycle {
    /// 入力中 through the whole 締切日 in Japan time, 締切中 from 00:00 JST the next day.
    pub fn input_state(&self, now: DateTime<Utc>) -> InputState {
        if jst(now).date_naive() <= self.deadline {
            InputState::Open
        } else {
            InputState::Closed
        }
    }
}

/// The two rows the information screen shows for one occasion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InfoRows<'a> {
    /// The latest cycle whose 締切日 has passed.
    pub closed: Option<&'a Cycle>,
    /// The earliest cycle still open for input.
    pub open: Option<&'a Cycle>,
}

pub fn info_rows(cycles: &[Cycle], now: DateTime<Utc>) -> InfoRows<'_> {
    InfoRows {
        closed: cycles
            .iter()
            .filter(|c| c.input_state(now) == InputState::Closed)
            .max_by_key(|c| (c.deadline, c.month)),
        open: cycles
            .iter()
            .filter(|c| c.input_state(now) == InputState::Open)
            .min_by_key(|c| (c.deadline, c.month)),
    }
}

/// Why a cycle cannot be recorded as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CycleError {
    /// 支給日 before 締切日.
    PaydayBeforeDeadline,
    /// 控除年月 is not the first of a month.
    MonthNotFirstDay,
    /// A data-arrival date before the 締切日.
    ReceivedBeforeDeadline,
}

impl std::fmt::Display for CycleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CycleError::PaydayBeforeDeadline => "支給日は締切日以降の日付を指定してください",
            CycleError::MonthNotFirstDay => "控除年月は月の1日で指定してください",
            CycleError::ReceivedBeforeDeadline => {
                "データ受信日は締切日以降の日付を指定してください"
            }
        })
    }
}

impl Cycle {
    pub fn validate(&self) -> Result<(), CycleError> {
        if self.month.day() != 1 {
            return Err(CycleError::MonthNotFirstDay);
        }
        if self.payday < self.deadline {
            return Err(CycleError::PaydayBeforeDeadline);
        }
        for d in [self.request_received, self.result_received]
            .into_iter()
            .flatten()
        {
            if d < self.deadline {
                return Err(CycleError::ReceivedBeforeDeadline);
            }
        }
        Ok(())
    }

    /// Dates that fall on a day the bank is closed. They are kept as given — a holiday never
    /// moves a 締切日 silently — and reported so the operator sees them.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (what, d) in [("締切日", self.deadline), ("支給日", self.payday)] {
            if !is_business_day(d) {
                let why = if is_national_holiday(d) {
                    "祝日"
                } else {
                    "金庫の休業日"
                };
                out.push(format!(
                    "{what} {} は{why}です（日付は変更していません）",
                    d.format("%Y年%m月%d日")
                ));
            }
        }
        out
    }
}

/// 一斉積立の作成区分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// 定例
    Regular,
    /// 臨時作成
    AdHoc,
}

impl RunKind {
    pub fn label(self) -> &'static str {
        match self {
            RunKind::Regular => "定例",
            RunKind::AdHoc => "臨時作成",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Regular => "regular",
            RunKind::AdHoc => "ad_hoc",
        }
    }
    pub fn parse(s: &str) -> Option<RunKind> {
        [RunKind::Regular, RunKind::AdHoc]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The employer's information screen: latest 作成基準日 per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmployerDocument {
    /// 預入依頼書 月例
    DepositMonthly,
    /// 預入依頼書 夏季一時金
    DepositSummer,
    /// 預入依頼書 年末一時金
    DepositYearEnd,
    /// 加入者残高一覧表
    Balance,
    /// 奨励金 月例
    IncentiveMonthly,
    /// 奨励金 一時金
    IncentiveBonus,
}

impl EmployerDocument {
    pub const ALL: [EmployerDocument; 6] = [
        EmployerDocument::DepositMonthly,
        EmployerDocument::DepositSummer,
        EmployerDocument::DepositYearEnd,
        EmployerDocument::Balance,
        EmployerDocument::IncentiveMonthly,
        EmployerDocument::IncentiveBonus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EmployerDocument::DepositMonthly => "deposit_monthly",
            EmployerDocument::DepositSummer => "deposit_summer",
            EmployerDocument::DepositYearEnd => "deposit_year_end",
            EmployerDocument::Balance => "balance",
            EmployerDocument::IncentiveMonthly => "incentive_monthly",
            EmployerDocument::IncentiveBonus => "incentive_bonus",
        }
    }

    pub fn parse(s: &str) -> Option<EmployerDocument> {
        EmployerDocument::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            EmployerDocument::DepositMonthly => "預入依頼書（月例）",
            EmployerDocument::DepositSummer => "預入依頼書（夏季一時金）",
            EmployerDocument::DepositYearEnd => "預入依頼書（年末一時金）",
            EmployerDocument::Balance => "加入者残高一覧表",
            EmployerDocument::IncentiveMonthly => "奨励金（月例）",
            EmployerDocument::IncentiveBonus => "奨励金（一時金）",
        }
    }

    /// The payment-group service that must be contracted for this to be shown.
    pub fn service(self) -> crate::Service {
        match self {
            EmployerDocument::DepositMonthly
            | EmployerDocument::DepositSummer
            | EmployerDocument::DepositYearEnd => crate::Service::ZaikeiDeposit,
            EmployerDocument::Balance => crate::Service::ZaikeiBalance,
            EmployerDocument::IncentiveMonthly | EmployerDocument::IncentiveBonus => {
                crate::Service::ZaikeiIncentive
            }
        }
    }
}

/// お知らせの宛先.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Kind(crate::ContractKind),
    Contract(String),
}

impl Audience {
    /// Does a contract of this kind and number see it?
    pub fn reaches(&self, kind: crate::ContractKind, contract: &str) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Kind(k) => *k == kind,
            Audience::Contract(c) => c == contract,
        }
    }
}

/// Is a notice shown on `today` (JST)? From its 掲載日 through its end date, if any.
pub fn notice_current(published_on: NaiveDate, until: Option<NaiveDate>, today: NaiveDate) -> bool {
    published_on <= today && until.is_none_or(|u| today <= u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractKind;
    use crate::calendar::JST;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn jst_at(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        JST.with_ymd_and_hms(y, m, day, h, min, 0)
            .single()
            .expect("time")
            .with_timezone(&Utc)
    }

    fn cycle(month: NaiveDate, deadline: NaiveDate, payday: NaiveDate) -> Cycle {
        Cycle {
            month,
            deadline,
            request_received: None,
            result_received: None,
            payday,
        }
    }

    #[test]
    fn a_cycle_is_open_through_the_whole_deadline_day_in_japan_time() {
        let c = cycle(d(2024, 6, 1), d(2024, 6, 10), d(2024, 6, 25));
        assert_eq!(c.input_state(jst_at(2024, 6, 10, 23, 59)), InputState::Open);
        assert_eq!(c.input_state(jst_at(2024, 6, 11, 0, 0)), InputState::Closed);
        // 2024-06-10 15:00 UTC is already the 11th in Japan.
        let utc = Utc
            .with_ymd_and_hms(2024, 6, 10, 15, 0, 0)
            .single()
            .expect("t");
        assert_eq!(c.input_state(utc), InputState::Closed);
    }

    #[test]
    fn the_screen_shows_the_latest_closed_and_the_earliest_open_cycle() {
        let cycles = vec![
            cycle(d(2024, 4, 1), d(2024, 4, 10), d(2024, 4, 25)),
            cycle(d(2024, 5, 1), d(2024, 5, 10), d(2024, 5, 24)),
            cycle(d(2024, 6, 1), d(2024, 6, 10), d(2024, 6, 25)),
            cycle(d(2024, 7, 1), d(2024, 7, 10), d(2024, 7, 25)),
        ];
        let rows = info_rows(&cycles, jst_at(2024, 5, 20, 9, 0));
        assert_eq!(rows.closed.map(|c| c.month), Some(d(2024, 5, 1)));
        assert_eq!(rows.open.map(|c| c.month), Some(d(2024, 6, 1)));
        let none = info_rows(&[], jst_at(2024, 5, 20, 9, 0));
        assert_eq!(none, InfoRows::default());
    }

    #[test]
    fn a_holiday_deadline_is_kept_and_reported_not_moved() {
        // 2025-01-13 is 成人の日.
        let c = cycle(d(2025, 1, 1), d(2025, 1, 13), d(2025, 1, 24));
        assert_eq!(c.validate(), Ok(()));
        let w = c.warnings();
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("締切日 2025年01月13日 は祝日"), "{w:?}");
        assert_eq!(c.deadline, d(2025, 1, 13));
        let weekday = cycle(d(2025, 1, 1), d(2025, 1, 10), d(2025, 1, 24));
        assert!(weekday.warnings().is_empty());
    }

    #[test]
    fn a_payday_before_the_deadline_or_a_month_not_on_the_first_is_refused() {
        assert_eq!(
            cycle(d(2024, 6, 1), d(2024, 6, 10), d(2024, 6, 9)).validate(),
            Err(CycleError::PaydayBeforeDeadline)
        );
        assert_eq!(
            cycle(d(2024, 6, 2), d(2024, 6, 10), d(2024, 6, 25)).validate(),
            Err(CycleError::MonthNotFirstDay)
        );
    }

    #[test]
    fn a_notice_reaches_everyone_its_kind_or_its_contract_only() {
        assert!(Audience::Everyone.reaches(ContractKind::Employer, "1"));
        assert!(Audience::Kind(ContractKind::Member).reaches(ContractKind::Member, "1"));
        assert!(!Audience::Kind(ContractKind::Member).reaches(ContractKind::Employer, "1"));
        assert!(Audience::Contract("12345678".into()).reaches(ContractKind::Member, "12345678"));
        assert!(!Audience::Contract("12345678".into()).reaches(ContractKind::Member, "87654321"));
    }

    #[test]
    fn a_notice_shows_from_its_date_through_its_end_date() {
        assert!(!notice_current(d(2024, 5, 8), None, d(2024, 5, 7)));
        assert!(notice_current(d(2024, 5, 7), None, d(2024, 5, 7)));
        assert!(notice_current(
            d(2024, 5, 1),
            Some(d(2024, 5, 7)),
            d(2024, 5, 7)
        ));
        assert!(!notice_current(
            d(2024, 5, 1),
            Some(d(2024, 5, 6)),
            d(2024, 5, 7)
        ));
    }
}

/// Read back from the database: an unknown name is an error, never a default.
macro_rules! from_str_by_parse {
    ($($ty:ident),+) => {$(
        impl FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                $ty::parse(s).ok_or_else(|| format!("unknown {}: {s:?}", stringify!($ty)))
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}
from_str_by_parse!(Occasion, RunKind, EmployerDocument);
