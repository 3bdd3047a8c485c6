//! The store keeps UTC as naive timestamps (both backends agree on those).

use chrono::{DateTime, NaiveDateTime, Utc};

pub fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc()
}

pub fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn opt_from_db(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(from_db)
}
