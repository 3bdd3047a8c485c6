//! 操作ログ: append-only; every row carries the SHA-256 of the previous row's hash and its own
//! fields, so `verify` finds any row changed, removed or inserted afterwards.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::operation_log;
use crate::time::to_db;

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub contract_number: Option<String>,
    pub user_id: Option<String>,
    pub screen_id: String,
    /// The business function (`Function::as_str`), empty for the front door and the operator.
    pub function: String,
    pub action: String,
    pub target: String,
    /// `success`, `failure`, `refused` …
    pub result: String,
    /// Free text for the reader (never a secret).
    pub detail: String,
    pub client_addr: String,
    pub cert_thumbprint: String,
    pub request_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = operation_log)]
pub struct LogRow {
    pub seq: i64,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub at: NaiveDateTime,
    pub contract_number: Option<String>,
    pub user_id: Option<String>,
    pub screen_id: String,
    pub action: String,
    pub target: String,
    pub result: String,
    pub detail: String,
    pub client_addr: String,
    pub cert_thumbprint: String,
    pub request_id: String,
    pub prev_hash: String,
    pub hash: String,
    #[diesel(column_name = business_function)]
    pub function: String,
}

fn chain_hash(prev: &str, seq: i64, at: NaiveDateTime, e: &LogFields<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        &at.and_utc().timestamp_micros().to_string(),
        e.contract_number.unwrap_or(""),
        e.user_id.unwrap_or(""),
        e.screen_id,
        e.action,
        e.target,
        e.result,
        e.detail,
        e.client_addr,
        e.cert_thumbprint,
        e.request_id,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    // Rows written before the function was recorded keep their hash.
    if !e.function.is_empty() {
        h.update((e.function.len() as u64).to_be_bytes());
        h.update(e.function.as_bytes());
    }
    hex::encode(h.finalize())
}

struct LogFields<'a> {
    contract_number: Option<&'a str>,
    user_id: Option<&'a str>,
    screen_id: &'a str,
    action: &'a str,
    target: &'a str,
    result: &'a str,
    detail: &'a str,
    client_addr: &'a str,
    cert_thumbprint: &'a str,
    request_id: &'a str,
    function: &'a str,
}

impl<'a> From<&'a LogRow> for LogFields<'a> {
    fn from(r: &'a LogRow) -> Self {
        LogFields {
            contract_number: r.contract_number.as_deref(),
            user_id: r.user_id.as_deref(),
            screen_id: &r.screen_id,
            action: &r.action,
            target: &r.target,
            result: &r.result,
            detail: &r.detail,
            client_addr: &r.client_addr,
            cert_thumbprint: &r.cert_thumbprint,
            request_id: &r.request_id,
            function: &r.function,
        }
    }
}

/// Appends one row. Two writers racing for the same `seq` collide on the primary key; the loser
/// reads the new tail and tries again. Inside a caller's transaction (a change and its log row
/// committing together) each try is a savepoint, so a lost race does not abort the transaction.
pub fn append(conn: &mut DbConnection, e: &Entry) -> StoreResult<i64> {
    // Microsecond precision: what both backends store exactly.
    let at = to_db(e.at);
    let at = at
        .with_nanosecond((at.nanosecond() / 1000) * 1000)
        .unwrap_or(at);
    let fields = LogFields {
        contract_number: e.contract_number.as_deref(),
        user_id: e.user_id.as_deref(),
        screen_id: &e.screen_id,
        action: &e.action,
        target: &e.target,
        result: &e.result,
        detail: &e.detail,
        client_addr: &e.client_addr,
        cert_thumbprint: &e.cert_thumbprint,
        request_id: &e.request_id,
        function: &e.function,
    };
    for _ in 0..50 {
        let tail: Option<(i64, String)> = operation_log::table
            .order(operation_log::seq.desc())
            .select((operation_log::seq, operation_log::hash))
            .first(conn)
            .optional()?;
        let (seq, prev) = match tail {
            Some((s, h)) => (s + 1, h),
            None => (1, GENESIS.to_owned()),
        };
        let hash = chain_hash(&prev, seq, at, &fields);
        let inserted = conn.transaction::<_, diesel::result::Error, _>(|conn| {
            diesel::insert_into(operation_log::table)
                .values((
                    operation_log::seq.eq(seq),
                    operation_log::at.eq(at),
                    operation_log::contract_number.eq(fields.contract_number),
                    operation_log::user_id.eq(fields.user_id),
                    operation_log::screen_id.eq(fields.screen_id),
                    operation_log::action.eq(fields.action),
                    operation_log::target.eq(fields.target),
                    operation_log::result.eq(fields.result),
                    operation_log::detail.eq(fields.detail),
                    operation_log::client_addr.eq(fields.client_addr),
                    operation_log::cert_thumbprint.eq(fields.cert_thumbprint),
                    operation_log::request_id.eq(fields.request_id),
                    operation_log::prev_hash.eq(&prev),
                    operation_log::hash.eq(&hash),
                    operation_log::business_function.eq(fields.function),
                ))
                .execute(conn)
        });
        match inserted.map_err(StoreError::from) {
            Ok(_) => return Ok(seq),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Unavailable("operation log contention".into()))
}

/// Filters for the master's view of their contract's log.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub contract_number: String,
    pub user_id: Option<String>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: i64,
    pub offset: i64,
}

pub fn list(conn: &mut DbConnection, f: &Filter) -> StoreResult<(Vec<LogRow>, i64)> {
    // On the backend's own connection: a 100-row page is the largest read a screen makes.
    crate::on_backend!(conn, |conn| {
        let mut q = operation_log::table
            .filter(operation_log::contract_number.eq(&f.contract_number))
            .into_boxed();
        let mut c = operation_log::table
            .filter(operation_log::contract_number.eq(&f.contract_number))
            .into_boxed();
        if let Some(u) = &f.user_id {
            q = q.filter(operation_log::user_id.eq(u));
            c = c.filter(operation_log::user_id.eq(u));
        }
        if let Some(a) = &f.action {
            q = q.filter(operation_log::action.eq(a));
            c = c.filter(operation_log::action.eq(a));
        }
        if let Some(from) = f.from {
            q = q.filter(operation_log::at.ge(to_db(from)));
            c = c.filter(operation_log::at.ge(to_db(from)));
        }
        if let Some(to) = f.to {
            q = q.filter(operation_log::at.lt(to_db(to)));
            c = c.filter(operation_log::at.lt(to_db(to)));
        }
        let total: i64 = c.count().get_result(conn)?;
        let rows = q
            .order(operation_log::seq.desc())
            .limit(f.limit.clamp(1, 10_000))
            .offset(f.offset.max(0))
            .select(LogRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    })
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { rows: u64 },
    Broken { seq: i64, reason: String },
}

/// Walks the log in order, in pages, recomputing every hash.
pub fn verify(conn: &mut DbConnection) -> StoreResult<Verification> {
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut rows = 0u64;
    loop {
        let page: Vec<LogRow> = operation_log::table
            .filter(operation_log::seq.ge(expected_seq))
            .order(operation_log::seq.asc())
            .limit(1000)
            .select(LogRow::as_select())
            .load(conn)?;
        if page.is_empty() {
            return Ok(Verification::Intact { rows });
        }
        for r in &page {
            if r.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("row {expected_seq} is missing"),
                });
            }
            if r.prev_hash != prev {
                return Ok(Verification::Broken {
                    seq: r.seq,
                    reason: "previous hash does not match".into(),
                });
            }
            if chain_hash(&prev, r.seq, r.at, &LogFields::from(r)) != r.hash {
                return Ok(Verification::Broken {
                    seq: r.seq,
                    reason: "row content was changed".into(),
                });
            }
            prev = r.hash.clone();
            expected_seq += 1;
            rows += 1;
        }
    }
}
