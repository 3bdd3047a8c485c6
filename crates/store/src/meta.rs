//! `app_meta`: small facts the installation keeps about itself.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::app_meta;

pub fn get(conn: &mut DbConnection, key: &str) -> StoreResult<Option<String>> {
    Ok(app_meta::table
        .filter(app_meta::key.eq(key))
        .select(app_meta::value)
        .first::<String>(conn)
        .optional()?)
}

/// Sets a value, inserting or replacing it (no `ON CONFLICT` on the combined connection, so update
/// first and insert when nothing was there, in one transaction).
pub fn put(conn: &mut DbConnection, key: &str, value: &str, now: NaiveDateTime) -> StoreResult<()> {
    crate::transaction(conn, |conn| {
        let updated = diesel::update(app_meta::table.filter(app_meta::key.eq(key)))
            .set((app_meta::value.eq(value), app_meta::updated_at.eq(now)))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(app_meta::table)
                .values((
                    app_meta::key.eq(key),
                    app_meta::value.eq(value),
                    app_meta::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Records the first start once and returns it.
pub fn first_started_at(conn: &mut DbConnection, now: NaiveDateTime) -> StoreResult<String> {
    if let Some(v) = get(conn, "first_started_at")? {
        return Ok(v);
    }
    let v = now.and_utc().to_rfc3339();
    put(conn, "first_started_at", &v, now)?;
    Ok(v)
}
