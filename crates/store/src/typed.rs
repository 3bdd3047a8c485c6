//! The domain's enums in text columns. Rows carry the domain types (`Role`, `Restriction`,
//! `Vec<Service>` …): a column is read through the type's `FromStr` (`#[diesel(deserialize_as =
//! Parsed<T>)]`) and a value the domain does not know is a deserialization error — never a
//! default. Writes use the type's `as_str()`, the same name serde uses.

use std::fmt::Display;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use cjs_domain::Service;
use cjs_domain::deduction::{
    AccountKind, AccountNo, Action, BranchNo, DetailField, DetailState, EmployeeNo, FailReason,
    KanjiName, LineError, LumpState, Movement, Outcome, ProductCode, RunOrigin, Source, StopReason,
    YearMonth,
};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::{EmployerDocument, Occasion, RunKind};
use cjs_domain::{ContractKind, EndReason, Restriction, Role};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Date, Nullable, Text, Timestamp};
use diesel::sqlite::{Sqlite, SqliteValue};

use crate::connection::{MultiBackend, MultiRawValue};

/// A text column parsed into `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct Parsed<T>(pub T);

/// A nullable text column parsed into `Option<T>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct ParsedOpt<T>(pub Option<T>);

fn parse<T>(text: &str) -> deserialize::Result<T>
where
    T: FromStr,
    T::Err: Display,
{
    text.parse::<T>()
        .map_err(|e| format!("stored value not understood: {e}").into())
}

impl<T, DB> FromSql<Text, DB> for Parsed<T>
where
    DB: Backend,
    String: FromSql<Text, DB>,
    T: FromStr,
    T::Err: Display,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        parse(&String::from_sql(bytes)?).map(Parsed)
    }
}

impl<T, DB> FromSql<Nullable<Text>, DB> for ParsedOpt<T>
where
    DB: Backend,
    String: FromSql<Text, DB>,
    T: FromStr,
    T::Err: Display,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        parse(&String::from_sql(bytes)?).map(|v| ParsedOpt(Some(v)))
    }

    fn from_nullable_sql(bytes: Option<DB::RawValue<'_>>) -> deserialize::Result<Self> {
        match bytes {
            Some(b) => Self::from_sql(b),
            None => Ok(ParsedOpt(None)),
        }
    }
}

macro_rules! stored_enum {
    ($($ty:ty),+) => {$(
        impl From<Parsed<$ty>> for $ty {
            fn from(p: Parsed<$ty>) -> $ty {
                p.0
            }
        }

        impl From<ParsedOpt<$ty>> for Option<$ty> {
            fn from(p: ParsedOpt<$ty>) -> Option<$ty> {
                p.0
            }
        }
    )+};
}

stored_enum!(
    Role,
    ContractKind,
    Restriction,
    EndReason,
    Occasion,
    RunKind,
    EmployerDocument,
    DetailState,
    Source,
    Action,
    DetailField,
    LumpState,
    StopReason,
    AccountKind,
    Movement,
    LineError,
    RunOrigin,
    Outcome,
    FailReason,
    EmployeeNo,
    KanaName,
    KanjiName,
    ProductCode,
    BranchNo,
    AccountNo,
    cjs_domain::collective::RunOrigin,
    cjs_domain::changes::ChangeKind,
    cjs_domain::zaikei::SavingsKind,
    cjs_domain::ledger::ItemKind,
    cjs_domain::ledger::ItemCode,
    cjs_domain::ledger::ItemName,
    cjs_domain::ledger::Operation,
    cjs_domain::ledger::Outcome,
    cjs_domain::ledger::FailReason
);

/// A month kept as its first day (`start_month`, `end_month`, a cycle's `month`); any other
/// day is an error, never rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct Month(pub YearMonth);

/// A nullable month column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct MonthOpt(pub Option<YearMonth>);

fn month_of(d: NaiveDate) -> deserialize::Result<YearMonth> {
    if d.day() == 1 {
        Ok(YearMonth::of(d))
    } else {
        Err(format!("stored month is not the first day: {d}").into())
    }
}

impl<DB: FastTime> FromSql<Date, DB> for Month {
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        month_of(DB::date(bytes)?).map(Month)
    }
}

impl<DB: FastTime> FromSql<Nullable<Date>, DB> for MonthOpt {
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        month_of(DB::date(bytes)?).map(|m| MonthOpt(Some(m)))
    }

    fn from_nullable_sql(bytes: Option<DB::RawValue<'_>>) -> deserialize::Result<Self> {
        match bytes {
            Some(b) => <Self as FromSql<Nullable<Date>, DB>>::from_sql(b),
            None => Ok(MonthOpt(None)),
        }
    }
}

impl From<Month> for YearMonth {
    fn from(m: Month) -> YearMonth {
        m.0
    }
}

impl From<MonthOpt> for Option<YearMonth> {
    fn from(m: MonthOpt) -> Option<YearMonth> {
        m.0
    }
}

/// A timestamp column (`#[diesel(deserialize_as = Ts)]` on a `NaiveDateTime` field). SQLite keeps
/// timestamps as text, and diesel reads it by trying chrono format strings one after another;
/// the form diesel itself writes (`YYYY-MM-DD HH:MM:SS[.fraction]`) is read here by hand, and
/// anything else still goes to diesel. PostgreSQL's binary value goes to diesel as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct Ts(pub NaiveDateTime);

/// A nullable timestamp column, read as [`Ts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct TsOpt(pub Option<NaiveDateTime>);

/// A timestamp to bind, written by hand on SQLite in exactly diesel's form (`%F %T%.f`: no
/// fraction when it is zero, else 3, 6 or 9 digits); diesel's own `ToSql` on PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression)]
#[diesel(sql_type = Timestamp)]
pub struct DbTime(pub NaiveDateTime);

/// A date to bind, written by hand on SQLite (`YYYY-MM-DD`, diesel's form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression)]
#[diesel(sql_type = Date)]
pub struct DbDate(pub NaiveDate);

/// How each backend reads the time columns (see [`Ts`]).
pub trait FastTime: Backend {
    fn timestamp(value: Self::RawValue<'_>) -> deserialize::Result<NaiveDateTime>;
    fn date(value: Self::RawValue<'_>) -> deserialize::Result<NaiveDate>;
}

impl FastTime for Sqlite {
    fn timestamp(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<NaiveDateTime> {
        if let Some(t) = parse_timestamp(value.read_text().as_bytes()) {
            return Ok(t);
        }
        <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value)
    }

    fn date(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<NaiveDate> {
        if let Some(d) = parse_date(value.read_text().as_bytes()) {
            return Ok(d);
        }
        <NaiveDate as FromSql<Date, Sqlite>>::from_sql(value)
    }
}

impl FastTime for Pg {
    fn timestamp(value: PgValue<'_>) -> deserialize::Result<NaiveDateTime> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value)
    }

    fn date(value: PgValue<'_>) -> deserialize::Result<NaiveDate> {
        <NaiveDate as FromSql<Date, Pg>>::from_sql(value)
    }
}

impl FastTime for MultiBackend {
    fn timestamp(value: MultiRawValue<'_>) -> deserialize::Result<NaiveDateTime> {
        value.from_sql::<Ts, Timestamp>().map(|t| t.0)
    }

    fn date(value: MultiRawValue<'_>) -> deserialize::Result<NaiveDate> {
        value.from_sql::<DateOnly, Date>().map(|d| d.0)
    }
}

/// A date column through [`FastTime`] (what [`Month`] reads, for the multi-backend dispatch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
struct DateOnly(NaiveDate);

impl<DB: FastTime> FromSql<Date, DB> for DateOnly {
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        DB::date(bytes).map(DateOnly)
    }
}

impl<DB: FastTime> FromSql<Timestamp, DB> for Ts {
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        DB::timestamp(bytes).map(Ts)
    }
}

impl<DB: FastTime> FromSql<Nullable<Timestamp>, DB> for TsOpt {
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        DB::timestamp(bytes).map(|t| TsOpt(Some(t)))
    }

    fn from_nullable_sql(bytes: Option<DB::RawValue<'_>>) -> deserialize::Result<Self> {
        match bytes {
            Some(b) => <Self as FromSql<Nullable<Timestamp>, DB>>::from_sql(b),
            None => Ok(TsOpt(None)),
        }
    }
}

impl From<Ts> for NaiveDateTime {
    fn from(t: Ts) -> NaiveDateTime {
        t.0
    }
}

impl From<TsOpt> for Option<NaiveDateTime> {
    fn from(t: TsOpt) -> Option<NaiveDateTime> {
        t.0
    }
}

impl ToSql<Timestamp, Sqlite> for DbTime {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(format_timestamp(self.0));
        Ok(IsNull::No)
    }
}

impl ToSql<Timestamp, Pg> for DbTime {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <NaiveDateTime as ToSql<Timestamp, Pg>>::to_sql(&self.0, out)
    }
}

impl ToSql<Date, Sqlite> for DbDate {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        let mut s = String::with_capacity(10);
        push_date(&mut s, self.0);
        out.set_value(s);
        Ok(IsNull::No)
    }
}

impl ToSql<Date, Pg> for DbDate {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <NaiveDate as ToSql<Date, Pg>>::to_sql(&self.0, out)
    }
}

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD`, or `None` for anything else (diesel then reads it).
fn parse_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

/// `YYYY-MM-DD HH:MM:SS` with an optional `.` and 1–9 digits, or `None` for anything else.
fn parse_timestamp(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() < 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = parse_date(&b[..10])?;
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
            number(frac)? * 10u32.pow(9 - u32::try_from(frac.len()).ok()?)
        }
        _ => return None,
    };
    date.and_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nanos,
    )
}

fn push_2(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10 % 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

fn push_date(s: &mut String, d: NaiveDate) {
    use std::fmt::Write as _;
    let year = d.year();
    if (0..=9999).contains(&year) {
        push_2(s, year.unsigned_abs() / 100);
        push_2(s, year.unsigned_abs() % 100);
    } else {
        // Outside four digits: chrono's own rendering.
        let _ = write!(s, "{}", d.format("%Y"));
    }
    s.push('-');
    push_2(s, d.month());
    s.push('-');
    push_2(s, d.day());
}

/// chrono's `%F %T%.f`, which diesel writes SQLite timestamps in.
fn format_timestamp(t: NaiveDateTime) -> String {
    if t.nanosecond() >= 1_000_000_000 || !(0..=9999).contains(&t.year()) {
        // A leap second or a year outside four digits: chrono's own rendering.
        return t.format("%F %T%.f").to_string();
    }
    let mut s = String::with_capacity(29);
    push_date(&mut s, t.date());
    s.push(' ');
    push_2(&mut s, t.hour());
    s.push(':');
    push_2(&mut s, t.minute());
    s.push(':');
    push_2(&mut s, t.second());
    let nanos = t.nanosecond();
    if nanos != 0 {
        use std::fmt::Write as _;
        let _ = if nanos.is_multiple_of(1_000_000) {
            write!(s, ".{:03}", nanos / 1_000_000)
        } else if nanos.is_multiple_of(1_000) {
            write!(s, ".{:06}", nanos / 1_000)
        } else {
            write!(s, ".{nanos:09}")
        };
    }
    s
}

/// A payment group's services: comma-separated names in one column.
#[derive(Debug, Clone, PartialEq, Eq, FromSqlRow)]
pub struct ServiceList(pub Vec<Service>);

impl ServiceList {
    /// The column's text for `services`.
    pub fn column(services: &[Service]) -> String {
        services
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn parse(text: &str) -> deserialize::Result<Self> {
        text.split(',')
            .filter(|s| !s.is_empty())
            .map(parse::<Service>)
            .collect::<deserialize::Result<Vec<_>>>()
            .map(ServiceList)
    }
}

impl<DB> FromSql<Text, DB> for ServiceList
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        ServiceList::parse(&String::from_sql(bytes)?)
    }
}

impl From<ServiceList> for Vec<Service> {
    fn from(s: ServiceList) -> Vec<Service> {
        s.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_list_round_trips() {
        let all = Service::ALL.to_vec();
        let text = ServiceList::column(&all);
        assert_eq!(ServiceList::parse(&text).ok(), Some(ServiceList(all)));
        assert_eq!(ServiceList::parse("").ok(), Some(ServiceList(vec![])));
    }

    #[test]
    fn an_unknown_service_is_an_error_not_dropped() {
        assert!(ServiceList::parse("rokin_deduction,bogus").is_err());
    }

    #[test]
    fn an_unknown_enum_value_is_an_error_not_a_default() {
        assert!(parse::<Restriction>("hiddn").is_err());
        assert!(parse::<Role>("admin").is_err());
        assert!(parse::<RunKind>("weekly").is_err());
        assert_eq!(
            parse::<Restriction>("read_only").ok(),
            Some(Restriction::ReadOnly)
        );
    }

    fn times() -> Vec<NaiveDateTime> {
        let day = NaiveDate::from_ymd_opt(2024, 5, 19).unwrap_or_default();
        let mut out = vec![];
        for (h, m, sec) in [(0, 0, 0), (9, 5, 7), (23, 59, 59)] {
            for nanos in [
                0,
                1,
                5_000,
                120_000_000,
                123_456_000,
                123_456_789,
                999_999_999,
            ] {
                if let Some(t) = day.and_hms_nano_opt(h, m, sec, nanos) {
                    out.push(t);
                }
            }
        }
        let far = NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        out.extend(far);
        out
    }

    #[test]
    fn timestamps_are_written_in_diesels_form_and_read_back() {
        for t in times() {
            let text = format_timestamp(t);
            assert_eq!(text, t.format("%F %T%.f").to_string());
            assert_eq!(parse_timestamp(text.as_bytes()), Some(t), "{text}");
            let mut d = String::new();
            push_date(&mut d, t.date());
            assert_eq!(d, t.format("%F").to_string());
            assert_eq!(parse_date(d.as_bytes()), Some(t.date()));
        }
    }

    #[test]
    fn other_forms_are_left_to_diesel() {
        for text in [
            "2024-05-19T09:05:07",
            "2024-05-19 09:05",
            "2024-05-19 09:05:07.",
            "2024-05-19 09:05:07.1234567890",
            "2024-05-19 09:05:07Z",
            "2024-13-01 00:00:00",
            "2024-02-30 00:00:00",
            "2024-05-19 24:00:00",
            "２０２４-05-19 00:00:00",
            "2460000.5",
        ] {
            assert_eq!(parse_timestamp(text.as_bytes()), None, "{text}");
        }
        assert_eq!(parse_date(b"2024-5-19"), None);
        assert_eq!(parse_date(b"2024-05-19 "), None);
    }

    /// Through SQLite itself: what diesel writes, `Ts` reads; what `DbTime` writes, diesel reads;
    /// a form only diesel knows (`T`, written by hand) still reads.
    #[test]
    fn sqlite_round_trips_through_both_paths() {
        use diesel::prelude::*;
        use diesel::sql_types::Timestamp;
        let Ok(mut c) = diesel::SqliteConnection::establish(":memory:") else {
            panic!("in-memory SQLite");
        };
        for t in times() {
            let ours: Ts = diesel::select(t.into_sql::<Timestamp>())
                .get_result(&mut c)
                .unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(ours.0, t);
            let theirs: NaiveDateTime = diesel::select(DbTime(t).into_sql::<Timestamp>())
                .get_result(&mut c)
                .unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(theirs, t);
        }
        let t: Ts = diesel::select(diesel::dsl::sql::<Timestamp>("'2024-05-19T09:05:07'"))
            .get_result(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.0.to_string(), "2024-05-19 09:05:07");
    }
}
