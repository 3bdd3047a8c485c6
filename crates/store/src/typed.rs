//! The domain's enums in text columns. Rows carry the domain types (`Role`, `Restriction`,
//! `Vec<Service>` …): a column is read through the type's `FromStr` (`#[diesel(deserialize_as =
//! Parsed<T>)]`) and a value the domain does not know is a deserialization error — never a
//! default. Writes use the type's `as_str()`, the same name serde uses.

use std::fmt::Display;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
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
use diesel::sql_types::{Date, Nullable, Text};

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

impl<DB> FromSql<Date, DB> for Month
where
    DB: Backend,
    NaiveDate: FromSql<Date, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        month_of(NaiveDate::from_sql(bytes)?).map(Month)
    }
}

impl<DB> FromSql<Nullable<Date>, DB> for MonthOpt
where
    DB: Backend,
    NaiveDate: FromSql<Date, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        month_of(NaiveDate::from_sql(bytes)?).map(|m| MonthOpt(Some(m)))
    }

    fn from_nullable_sql(bytes: Option<DB::RawValue<'_>>) -> deserialize::Result<Self> {
        match bytes {
            Some(b) => Self::from_sql(b),
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
}
