//! 賃控元帳明細 and 更新履歴: search with paging, get, the changes planned by
//! `cjs_domain::ledger` written with their history in one transaction (the version checked in the
//! UPDATE itself), 一括更新 and import each in one transaction with multi-row INSERTs, and the
//! export read in pages.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::deduction::{Amounts, EmployeeNo, KanjiName, YearMonth};
use cjs_domain::kana::KanaName;
use cjs_domain::ledger::bulk::{self, BulkSpec};
use cjs_domain::ledger::import::{self, ImportRow, RowProblem};
use cjs_domain::ledger::{
    Change, FieldChange, Item, ItemCode, ItemName, Line, LineFields, LineState, Operation, Refusal,
};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Integer;

use super::{BATCH, Db, Stamp, bulk, items, new_id};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{ledger_history, ledger_line_counts, ledger_lines};
use crate::time::to_db;
use crate::typed::{DbDate, DbTime, Month, MonthOpt, Parsed};

/// A line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = ledger_lines)]
struct Raw {
    id: String,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    kana_name: KanaName,
    #[diesel(deserialize_as = Parsed<KanjiName>)]
    kanji_name: KanjiName,
    item_id: String,
    amount_monthly: i64,
    amount_summer: i64,
    amount_year_end: i64,
    #[diesel(deserialize_as = Month)]
    amounts_from: YearMonth,
    prior_monthly: Option<i64>,
    prior_summer: Option<i64>,
    prior_year_end: Option<i64>,
    #[diesel(deserialize_as = Month)]
    start_month: YearMonth,
    #[diesel(deserialize_as = MonthOpt)]
    end_month: Option<YearMonth>,
    #[diesel(deserialize_as = Parsed<LineState>)]
    state: LineState,
    version: i32,
    #[diesel(deserialize_as = crate::typed::Ts)]
    created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    updated_at: NaiveDateTime,
}

/// A stored line with its item's code, name and 表示順.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub id: String,
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: KanjiName,
    pub item_id: String,
    pub item_code: ItemCode,
    pub item_name: ItemName,
    pub item_order: i32,
    /// The current amounts.
    pub amounts: Amounts,
    /// 適用月 of the current amounts.
    pub amounts_from: YearMonth,
    /// The amounts before 適用月.
    pub prior: Option<Amounts>,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
    pub state: LineState,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl LineRow {
    /// The line as the domain's commands take it.
    pub fn line(&self) -> Line {
        Line {
            id: self.id.clone(),
            fields: LineFields {
                employee_no: self.employee_no.clone(),
                kana_name: self.kana_name.clone(),
                kanji_name: self.kanji_name.clone(),
                item_id: self.item_id.clone(),
                item_code: self.item_code.clone(),
                amounts: self.amounts,
                start_month: self.start_month,
                end_month: self.end_month,
            },
            amounts_from: self.amounts_from,
            prior: self.prior,
            state: self.state,
            version: self.version,
        }
    }
}

/// The group's items by id, to name the lines' items.
fn item_map(c: &mut DbConnection, group: &str) -> StoreResult<HashMap<String, Item>> {
    Ok(items::catalogue(c, group)?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect())
}

fn attach(raws: Vec<Raw>, items: &HashMap<String, Item>) -> StoreResult<Vec<LineRow>> {
    raws.into_iter()
        .map(|r| {
            let item = items.get(&r.item_id).ok_or(StoreError::NotFound)?;
            let prior = match (r.prior_monthly, r.prior_summer, r.prior_year_end) {
                (Some(monthly), Some(summer), Some(year_end)) => Some(Amounts {
                    monthly,
                    summer,
                    year_end,
                }),
                _ => None,
            };
            Ok(LineRow {
                item_code: item.fields.code.clone(),
                item_name: item.fields.name.clone(),
                item_order: item.fields.display_order,
                amounts: Amounts {
                    monthly: r.amount_monthly,
                    summer: r.amount_summer,
                    year_end: r.amount_year_end,
                },
                prior,
                id: r.id,
                employee_no: r.employee_no,
                kana_name: r.kana_name,
                kanji_name: r.kanji_name,
                item_id: r.item_id,
                amounts_from: r.amounts_from,
                start_month: r.start_month,
                end_month: r.end_month,
                state: r.state,
                version: r.version,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

/// 明細照会の並べ替え (a whitelist: nothing else reaches ORDER BY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineSort {
    #[default]
    EmployeeNo,
    KanaName,
    /// 種目表示順, 種目コード.
    Item,
    UpdatedAt,
}

/// 明細照会の条件. `kana_prefix` must already be normalised (`cjs_domain::kana::normalise`).
#[derive(Debug, Clone, Default)]
pub struct LineFilter<'a> {
    pub employee_no: Option<&'a str>,
    pub kana_prefix: Option<&'a str>,
    pub item_code: Option<&'a str>,
    /// `None`: every state.
    pub state: Option<LineState>,
    pub sort: LineSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

const ITEM_ORDER: &str = "(SELECT i.display_order * 1000 + CAST(i.code AS INTEGER) \
                          FROM ledger_items i WHERE i.id = ledger_lines.item_id)";

fn filtered<'a>(group: &'a str, f: &LineFilter<'a>) -> ledger_lines::BoxedQuery<'a, Db> {
    let mut q = ledger_lines::table
        .filter(ledger_lines::payment_group.eq(group))
        .into_boxed();
    if let Some(e) = f.employee_no.filter(|e| !e.is_empty()) {
        q = q.filter(ledger_lines::employee_no.eq(e));
    }
    if let Some(k) = f.kana_prefix.filter(|k| !k.is_empty()) {
        // The bank's set has neither % nor _, so the prefix needs no escaping.
        q = q.filter(ledger_lines::kana_name.like(format!("{k}%")));
    }
    if let Some(code) = f.item_code.filter(|c| !c.is_empty()) {
        q = q.filter(
            ledger_lines::item_id.eq_any(
                crate::schema::ledger_items::table
                    .filter(crate::schema::ledger_items::payment_group.eq(group))
                    .filter(crate::schema::ledger_items::code.eq(code))
                    .select(crate::schema::ledger_items::id),
            ),
        );
    }
    if let Some(s) = f.state {
        q = q.filter(ledger_lines::state.eq(s.as_str()));
    }
    q
}

/// The number of the group's lines that match: read from `ledger_line_counts` (kept by the
/// database's triggers in the transaction of every write) when only the state is asked, else
/// counted over the index of the filter.
fn count(conn: &mut DbConnection, group: &str, f: &LineFilter<'_>) -> StoreResult<i64> {
    use ledger_line_counts as n;
    let given = |v: Option<&str>| v.is_some_and(|v| !v.is_empty());
    if given(f.employee_no) || given(f.kana_prefix) || given(f.item_code) {
        return Ok(filtered(group, f).count().get_result(conn)?);
    }
    let mut q = n::table
        .filter(n::payment_group.eq(group))
        .select(n::n)
        .into_boxed();
    if let Some(s) = f.state {
        q = q.filter(n::state.eq(s.as_str()));
    }
    Ok(q.load::<i64>(conn)?.into_iter().sum())
}

/// One page of the group's lines and the number of all that match.
pub fn search(
    conn: &mut DbConnection,
    group: &str,
    f: &LineFilter<'_>,
) -> StoreResult<(i64, Vec<LineRow>)> {
    use ledger_lines as l;
    let total = count(conn, group, f)?;
    let q = filtered(group, f);
    let q = match (f.sort, f.descending) {
        (LineSort::EmployeeNo, false) => q.order(l::employee_no.asc()),
        (LineSort::EmployeeNo, true) => q.order(l::employee_no.desc()),
        (LineSort::KanaName, false) => q.order(l::kana_name.asc()),
        (LineSort::KanaName, true) => q.order(l::kana_name.desc()),
        (LineSort::Item, false) => q.order(sql::<Integer>(ITEM_ORDER).asc()),
        (LineSort::Item, true) => q.order(sql::<Integer>(ITEM_ORDER).desc()),
        (LineSort::UpdatedAt, false) => q.order(l::updated_at.asc()),
        (LineSort::UpdatedAt, true) => q.order(l::updated_at.desc()),
    };
    // A stable order under equal keys, so pages never repeat or skip a row.
    let raws = q
        .then_order_by(l::employee_no.asc())
        .then_order_by(sql::<Integer>(ITEM_ORDER).asc())
        .then_order_by(l::id.asc())
        .limit(f.limit.clamp(1, 1000))
        .offset(f.offset.max(0))
        .select(Raw::as_select())
        .load(conn)?;
    let items = item_map(conn, group)?;
    Ok((total, attach(raws, &items)?))
}

/// A line of the group (another group's id is not found).
pub fn get(conn: &mut DbConnection, group: &str, id: &str) -> StoreResult<Option<LineRow>> {
    let raw: Option<Raw> = ledger_lines::table
        .find(id)
        .filter(ledger_lines::payment_group.eq(group))
        .select(Raw::as_select())
        .first(conn)
        .optional()?;
    let Some(raw) = raw else { return Ok(None) };
    let items = item_map(conn, group)?;
    Ok(attach(vec![raw], &items)?.pop())
}

/// Every 有効 line of the group (一括更新, import, runs and the 確認リスト read these).
pub fn active(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<Line>> {
    let raws: Vec<Raw> = ledger_lines::table
        .filter(ledger_lines::payment_group.eq(group))
        .filter(ledger_lines::state.eq(LineState::Active.as_str()))
        .order((ledger_lines::employee_no.asc(), ledger_lines::id.asc()))
        .select(Raw::as_select())
        .load(conn)?;
    let items = item_map(conn, group)?;
    Ok(attach(raws, &items)?.iter().map(LineRow::line).collect())
}

/// The 有効 lines of the group for the export, `employees` 職員番号 at a time after
/// `after_employee` (exclusive), in 職員番号, 種目表示順, 種目コード order. An empty page is the end.
pub fn export_page(
    conn: &mut DbConnection,
    group: &str,
    after_employee: Option<&str>,
    employees: i64,
) -> StoreResult<Vec<LineRow>> {
    use ledger_lines as l;
    let mut q = l::table
        .filter(l::payment_group.eq(group))
        .filter(l::state.eq(LineState::Active.as_str()))
        .select(l::employee_no)
        .distinct()
        .order(l::employee_no.asc())
        .limit(employees.clamp(1, 10_000))
        .into_boxed();
    if let Some(a) = after_employee {
        q = q.filter(l::employee_no.gt(a));
    }
    let numbers: Vec<String> = q.load(conn)?;
    let (Some(first), Some(last)) = (numbers.first(), numbers.last()) else {
        return Ok(Vec::new());
    };
    let raws: Vec<Raw> = l::table
        .filter(l::payment_group.eq(group))
        .filter(l::state.eq(LineState::Active.as_str()))
        .filter(l::employee_no.ge(first))
        .filter(l::employee_no.le(last))
        .select(Raw::as_select())
        .load(conn)?;
    let items = item_map(conn, group)?;
    let mut rows = attach(raws, &items)?;
    rows.sort_by(|a, b| {
        (a.employee_no.as_str(), a.item_order, a.item_code.as_str()).cmp(&(
            b.employee_no.as_str(),
            b.item_order,
            b.item_code.as_str(),
        ))
    });
    Ok(rows)
}

/// A history row, owned: a full batch of them is inserted as a fixed-size array, whose cached
/// statement diesel keys by a `'static` type.
#[derive(Insertable)]
#[diesel(table_name = ledger_history, treat_none_as_default_value = false)]
struct NewHistory {
    line_id: String,
    version: i32,
    payment_group: String,
    at: DbTime,
    user_id: Option<String>,
    user_name: String,
    operation: &'static str,
    screen_id: String,
    employee_no: String,
    kana_name: String,
    item_code: String,
    changes: String,
}

/// The changed items as the `changes` column keeps them: `FieldChange`'s JSON without the
/// `null`s (`"before":null` on every item of a new line), which read back as `None`. A new
/// line's history row is then a third smaller: less to write for an import of 100,000 lines.
fn history_json(changes: &[FieldChange]) -> StoreResult<String> {
    let mut out: Vec<u8> = Vec::with_capacity(changes.len() * 40 + 2);
    out.push(b'[');
    for (i, ch) in changes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"field\":\"");
        out.extend_from_slice(ch.field.as_str().as_bytes());
        out.push(b'"');
        for (key, value) in [("before", &ch.before), ("after", &ch.after)] {
            if let Some(v) = value {
                out.extend_from_slice(b",\"");
                out.extend_from_slice(key.as_bytes());
                out.extend_from_slice(b"\":");
                serde_json::to_writer(&mut out, v).map_err(|e| {
                    StoreError::Unavailable(format!("history not serialisable: {e}"))
                })?;
            }
        }
        out.push(b'}');
    }
    out.push(b']');
    String::from_utf8(out).map_err(|e| StoreError::Unavailable(format!("history: {e}")))
}

fn history_row(
    group: &str,
    id: &str,
    change: &Change,
    stamp: &Stamp<'_>,
    at: NaiveDateTime,
) -> StoreResult<NewHistory> {
    let changes = history_json(&change.changes)?;
    Ok(NewHistory {
        line_id: id.to_owned(),
        version: change.version,
        payment_group: group.to_owned(),
        at: DbTime(at),
        user_id: stamp.writer.user_id.map(str::to_owned),
        user_name: stamp.writer.user_name.to_owned(),
        operation: change.operation.as_str(),
        screen_id: stamp.screen.to_owned(),
        employee_no: change.fields.employee_no.as_str().to_owned(),
        kana_name: change.fields.kana_name.as_str().to_owned(),
        item_code: change.fields.item_code.as_str().to_owned(),
        changes,
    })
}

fn prior_column(change: &Change, pick: fn(&Amounts) -> i64) -> Option<i64> {
    change.prior.as_ref().map(pick)
}

/// Inserts `rows` in one multi-row INSERT. A full batch goes as a fixed-size array, whose
/// statement diesel prepares once and keeps in the connection's cache (a `Vec`'s is parsed again
/// for every batch: 19,000 placeholders, about a tenth of a 100,000-line import's time). Diesel
/// keys that cache by the rows' type, which must then be `'static`: the rows own their values.
macro_rules! insert_batch {
    ($c:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        if rows.len() == BATCH {
            let full: Box<[_; BATCH]> = rows
                .into_boxed_slice()
                .try_into()
                .map_err(|_| StoreError::Unavailable("batch size".into()))?;
            crate::deduction::batch_insert!($c, $table, full)?;
        } else {
            crate::deduction::batch_insert!($c, $table, rows)?;
        }
    }};
}

/// Inserts new lines (ids given) and their first history rows in multi-row batches.
fn insert_many(
    c: &mut DbConnection,
    group: &str,
    adds: &[(String, &Change)],
    stamp: &Stamp<'_>,
) -> StoreResult<()> {
    let at = to_db(stamp.now);
    use ledger_lines as l;
    for chunk in adds.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(id, ch)| {
                let f = &ch.fields;
                // Owned values: see `insert_batch!`.
                (
                    l::id.eq(id.clone()),
                    l::payment_group.eq(group.to_owned()),
                    l::employee_no.eq(f.employee_no.as_str().to_owned()),
                    l::kana_name.eq(f.kana_name.as_str().to_owned()),
                    l::kanji_name.eq(f.kanji_name.as_str().to_owned()),
                    l::item_id.eq(f.item_id.clone()),
                    l::amount_monthly.eq(f.amounts.monthly),
                    l::amount_summer.eq(f.amounts.summer),
                    l::amount_year_end.eq(f.amounts.year_end),
                    l::amounts_from.eq(DbDate(ch.amounts_from.first_day())),
                    l::prior_monthly.eq(prior_column(ch, |a| a.monthly)),
                    l::prior_summer.eq(prior_column(ch, |a| a.summer)),
                    l::prior_year_end.eq(prior_column(ch, |a| a.year_end)),
                    l::start_month.eq(DbDate(f.start_month.first_day())),
                    l::end_month.eq(f.end_month.map(|m| DbDate(m.first_day()))),
                    l::state.eq(ch.state.as_str()),
                    l::version.eq(ch.version),
                    l::created_at.eq(DbTime(at)),
                    l::updated_at.eq(DbTime(at)),
                )
            })
            .collect();
        insert_batch!(c, l::table, rows);
        let history = chunk
            .iter()
            .map(|(id, ch)| history_row(group, id, ch, stamp, at))
            .collect::<StoreResult<Vec<_>>>()?;
        insert_batch!(c, ledger_history::table, history);
    }
    count_added(c, group, adds)
}

/// Adds new lines to `ledger_line_counts` on SQLite, one UPSERT per state (PostgreSQL's
/// statement-level trigger counts them there; SQLite's per-row trigger was dropped for this:
/// migration 2024-05-17-000000_ledger_count_inserts).
fn count_added(c: &mut DbConnection, group: &str, adds: &[(String, &Change)]) -> StoreResult<()> {
    use ledger_line_counts as n;
    let DbConnection::Sqlite(inner) = c else {
        return Ok(());
    };
    let mut by_state: Vec<(LineState, i64)> = Vec::new();
    for (_, ch) in adds {
        match by_state.iter_mut().find(|(s, _)| *s == ch.state) {
            Some((_, k)) => *k += 1,
            None => by_state.push((ch.state, 1)),
        }
    }
    for (state, k) in by_state {
        diesel::insert_into(n::table)
            .values((
                n::payment_group.eq(group),
                n::state.eq(state.as_str()),
                n::n.eq(k),
            ))
            .on_conflict((n::payment_group, n::state))
            .do_update()
            .set(n::n.eq(n::n + k))
            .execute(inner)?;
    }
    Ok(())
}

/// Updates one line where it still has `change.version - 1`; `false`: it did not.
fn update_one(
    c: &mut DbConnection,
    group: &str,
    id: &str,
    change: &Change,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    use ledger_lines as l;
    let f = &change.fields;
    let n = diesel::update(
        l::table
            .find(id)
            .filter(l::payment_group.eq(group))
            .filter(l::version.eq(change.version - 1)),
    )
    .set((
        l::kana_name.eq(f.kana_name.as_str()),
        l::kanji_name.eq(f.kanji_name.as_str()),
        l::amount_monthly.eq(f.amounts.monthly),
        l::amount_summer.eq(f.amounts.summer),
        l::amount_year_end.eq(f.amounts.year_end),
        l::amounts_from.eq(change.amounts_from.first_day()),
        l::prior_monthly.eq(prior_column(change, |a| a.monthly)),
        l::prior_summer.eq(prior_column(change, |a| a.summer)),
        l::prior_year_end.eq(prior_column(change, |a| a.year_end)),
        l::start_month.eq(f.start_month.first_day()),
        l::end_month.eq(f.end_month.map(YearMonth::first_day)),
        l::state.eq(change.state.as_str()),
        l::version.eq(change.version),
        l::updated_at.eq(at),
    ))
    .execute(c)?;
    Ok(n == 1)
}

/// Lines per multi-row UPDATE: 13 values a line stays under SQLite's 32,766 bound parameters.
const UPDATE_BATCH: usize = 1000;

/// The columns a change writes, as the multi-row UPDATE's VALUES list names them (the id first).
const UPDATE_COLUMNS: [&str; 13] = [
    "id",
    "kana_name",
    "kanji_name",
    "amount_monthly",
    "amount_summer",
    "amount_year_end",
    "amounts_from",
    "prior_monthly",
    "prior_summer",
    "prior_year_end",
    "start_month",
    "end_month",
    "version",
];

/// The multi-row UPDATE of `rows` changes, each written only where its line still has
/// `version - 1` and is still 有効 (the state is not written: these changes keep a line 有効,
/// and leaving the column out of SET spares two of the line's indexes): `WITH v (…) AS (VALUES …) UPDATE ledger_lines SET … FROM v WHERE id, group
/// and version match` (SQLite 3.33+ and PostgreSQL alike; only the placeholders differ).
fn update_sql(rows: usize, numbered: bool) -> String {
    let mut n = 0;
    let mut next = || {
        n += 1;
        if numbered {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };
    let values = (0..rows)
        .map(|_| {
            let row: Vec<String> = UPDATE_COLUMNS.iter().map(|_| next()).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let set = UPDATE_COLUMNS[1..]
        .iter()
        .map(|c| format!("{c} = v.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let (updated_at, group) = (next(), next());
    format!(
        "WITH v ({}) AS (VALUES {values}) \
         UPDATE ledger_lines SET {set}, updated_at = {updated_at} FROM v \
         WHERE ledger_lines.id = v.id AND ledger_lines.payment_group = {group} \
         AND ledger_lines.version = v.version - 1 AND ledger_lines.state = 'active'",
        UPDATE_COLUMNS.join(", ")
    )
}

/// Writes a batch of changes in one statement; returns how many lines it updated (fewer than
/// the batch: a line moved meanwhile).
fn update_many(
    c: &mut DbConnection,
    group: &str,
    changes: &[(&str, &Change)],
    at: NaiveDateTime,
) -> StoreResult<usize> {
    use diesel::sql_types::{BigInt, Date, Nullable, Text, Timestamp};
    let numbered = matches!(c, DbConnection::Postgresql(_));
    let sql = update_sql(changes.len(), numbered);
    let n = crate::on_backend!(c, |inner| {
        let mut q = diesel::sql_query(sql.as_str()).into_boxed();
        for (id, ch) in changes {
            let f = &ch.fields;
            q = q
                .bind::<Text, _>(*id)
                .bind::<Text, _>(f.kana_name.as_str())
                .bind::<Text, _>(f.kanji_name.as_str())
                .bind::<BigInt, _>(f.amounts.monthly)
                .bind::<BigInt, _>(f.amounts.summer)
                .bind::<BigInt, _>(f.amounts.year_end)
                .bind::<Date, _>(ch.amounts_from.first_day())
                .bind::<Nullable<BigInt>, _>(prior_column(ch, |a| a.monthly))
                .bind::<Nullable<BigInt>, _>(prior_column(ch, |a| a.summer))
                .bind::<Nullable<BigInt>, _>(prior_column(ch, |a| a.year_end))
                .bind::<Date, _>(f.start_month.first_day())
                .bind::<Nullable<Date>, _>(f.end_month.map(YearMonth::first_day))
                .bind::<Integer, _>(ch.version);
        }
        q.bind::<Timestamp, _>(at)
            .bind::<Text, _>(group)
            .execute(inner)?
    });
    Ok(n)
}

/// 新規登録: the line (a new id) and its first history row. A second 有効 line for the same
/// 職員番号 and item is `StoreError::Conflict` (E1003).
pub fn insert(
    conn: &mut DbConnection,
    group: &str,
    change: &Change,
    stamp: &Stamp<'_>,
) -> StoreResult<LineRow> {
    let id = new_id();
    crate::transaction(conn, |c| {
        insert_many(c, group, &[(id.clone(), change)], stamp)?;
        get(c, group, &id)?.ok_or(StoreError::NotFound)
    })
}

/// 変更 / 解除: written only where the row still has the version the change was planned on;
/// otherwise `Refusal::Stale` and nothing is written. A missing row (or another group's) is
/// `StoreError::NotFound`.
pub fn apply(
    conn: &mut DbConnection,
    group: &str,
    id: &str,
    change: &Change,
    stamp: &Stamp<'_>,
) -> StoreResult<Result<LineRow, Refusal>> {
    let at = to_db(stamp.now);
    super::write_tx(conn, |c| {
        if !update_one(c, group, id, change, at)? {
            return match get(c, group, id)? {
                Some(_) => Ok(Err(Refusal::Stale)),
                None => Err(StoreError::NotFound),
            };
        }
        let row = history_row(group, id, change, stamp, at)?;
        crate::on_backend!(c, |c| diesel::insert_into(ledger_history::table)
            .values(&row)
            .execute(c))?;
        Ok(Ok(get(c, group, id)?.ok_or(StoreError::NotFound)?))
    })
}

/// Writes changes of existing lines (each version-checked) and their history; `Err(Stale)` at
/// the first line that moved meanwhile (the caller's transaction then rolls everything back).
fn apply_many(
    c: &mut DbConnection,
    group: &str,
    changes: &[(&str, &Change)],
    stamp: &Stamp<'_>,
) -> StoreResult<Result<(), Refusal>> {
    let at = to_db(stamp.now);
    if changes.iter().any(|(_, ch)| ch.state != LineState::Active) {
        // Not made by import or 一括更新 (their changes keep a line 有効): one at a time.
        for (id, change) in changes {
            if !update_one(c, group, id, change, at)? {
                return Ok(Err(Refusal::Stale));
            }
        }
        return write_history(c, group, changes, stamp, at);
    }
    for chunk in changes.chunks(UPDATE_BATCH) {
        if update_many(c, group, chunk, at)? != chunk.len() {
            return Ok(Err(Refusal::Stale));
        }
    }
    write_history(c, group, changes, stamp, at)
}

/// The history rows of written changes, in multi-row batches.
fn write_history(
    c: &mut DbConnection,
    group: &str,
    changes: &[(&str, &Change)],
    stamp: &Stamp<'_>,
    at: NaiveDateTime,
) -> StoreResult<Result<(), Refusal>> {
    for chunk in changes.chunks(BATCH) {
        let history = chunk
            .iter()
            .map(|(id, ch)| history_row(group, id, ch, stamp, at))
            .collect::<StoreResult<Vec<_>>>()?;
        insert_batch!(c, ledger_history::table, history);
    }
    Ok(Ok(()))
}

/// The 一括更新 preview over the group's current lines.
pub fn preview_bulk(
    conn: &mut DbConnection,
    group: &str,
    spec: &BulkSpec,
) -> StoreResult<bulk::BulkPlan> {
    let lines = active(conn, group)?;
    Ok(bulk::plan(spec, &lines))
}

/// 一括更新: planned again inside one transaction over the lines as they are; applied only when
/// the fingerprint is the preview's and no line has a problem. Returns the lines changed.
pub fn apply_bulk(
    conn: &mut DbConnection,
    group: &str,
    spec: &BulkSpec,
    fingerprint: &str,
    stamp: &Stamp<'_>,
) -> StoreResult<Result<usize, Refusal>> {
    bulk(conn, |conn| {
        super::write_tx(conn, |c| {
            let plan = preview_bulk(c, group, spec)?;
            if let Err(r) = plan.check(fingerprint) {
                return Ok(Err(r));
            }
            let changes: Vec<(&str, &Change)> = plan
                .changes
                .iter()
                .map(|ch| (ch.line_id.as_str(), &ch.change))
                .collect();
            Ok(apply_many(c, group, &changes, stamp)?.map(|()| changes.len()))
        })
    })
}

/// Writes new lines (planned by `cjs_domain::ledger::plan_add`) with their first history rows
/// in one transaction, in multi-row batches, reading nothing: the operator's `ledger generate`
/// (bench data, and the bench's baseline for the import of the same lines). A second 有効 line
/// for the same 職員番号 and item is `StoreError::Conflict` and nothing is written.
pub fn insert_all(
    conn: &mut DbConnection,
    group: &str,
    changes: &[Change],
    stamp: &Stamp<'_>,
) -> StoreResult<usize> {
    let adds: Vec<(String, &Change)> = changes.iter().map(|ch| (new_id(), ch)).collect();
    bulk(conn, |conn| {
        crate::transaction(conn, |c| insert_many(c, group, &adds, stamp))
    })?;
    Ok(adds.len())
}

/// Whether an import only checks the file or writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    Check,
    Apply,
}

/// What an import found (and, when `applied`, wrote).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub rows: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub problems: Vec<RowProblem>,
    pub applied: bool,
}

/// 明細データインポート: the rows planned against the group's items and 有効 lines as they are
/// (`cjs_domain::ledger::import::plan`); with `Apply` and no problem, every addition and change
/// is written in one transaction (additions and history in multi-row batches). Problems, or a
/// line that moved meanwhile, write nothing (`applied: false`; a moved line: `Err(Stale)`).
///
/// `rows` may be given owned (`Vec`): they are then dropped once planned, before the writing, so
/// the file's cells and the planned lines are not both held while the lines are written.
pub fn import<'r>(
    conn: &mut DbConnection,
    group: &str,
    rows: impl Into<Cow<'r, [ImportRow]>>,
    amounts_from: YearMonth,
    mode: ImportMode,
    stamp: &Stamp<'_>,
) -> StoreResult<Result<ImportReport, Refusal>> {
    fn planned(
        c: &mut DbConnection,
        group: &str,
        rows: &[ImportRow],
        amounts_from: YearMonth,
    ) -> StoreResult<(import::ImportPlan, ImportReport)> {
        let items = items::catalogue(c, group)?;
        let lines = active(c, group)?;
        let mut plan = import::plan(rows, &items, &lines, amounts_from);
        let report = ImportReport {
            rows: plan.rows,
            new: plan.adds.len(),
            changed: plan.changes.len(),
            unchanged: plan.unchanged,
            problems: std::mem::take(&mut plan.problems),
            applied: false,
        };
        Ok((plan, report))
    }
    let rows = rows.into();
    if mode == ImportMode::Check {
        // A dry run writes nothing and takes no write lock.
        return Ok(Ok(planned(conn, group, &rows, amounts_from)?.1));
    }
    bulk(conn, |conn| {
        super::write_tx(conn, |c| {
            let (plan, mut report) = planned(c, group, &rows, amounts_from)?;
            drop(rows);
            if !report.problems.is_empty() {
                return Ok(Ok(report));
            }
            let adds: Vec<(String, &Change)> = plan.adds.iter().map(|ch| (new_id(), ch)).collect();
            insert_many(c, group, &adds, stamp)?;
            let changes: Vec<(&str, &Change)> = plan
                .changes
                .iter()
                .map(|(id, ch)| (id.as_str(), ch))
                .collect();
            if let Err(r) = apply_many(c, group, &changes, stamp)? {
                return Ok(Err(r));
            }
            drop((adds, changes));
            drop_later(plan);
            report.applied = true;
            Ok(Ok(report))
        })
    })
}

/// Frees `value` on a thread of its own: the plan of 100,000 rows takes a tenth of a second to
/// free, which the import's caller need not wait for (once every line is written, so the freeing
/// does not contend with the writing for the allocator).
fn drop_later<T: Send + 'static>(value: T) {
    // Without a thread to be had, the failed spawn frees the value itself, here.
    let _detached = std::thread::Builder::new()
        .name("cjs-drop".into())
        .spawn(move || drop(value));
}

/// One change of a line with what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub line_id: String,
    pub version: i32,
    pub at: NaiveDateTime,
    pub user_id: Option<String>,
    pub user_name: String,
    pub operation: Operation,
    pub screen_id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub item_code: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = ledger_history)]
struct HistoryRaw {
    line_id: String,
    version: i32,
    #[diesel(deserialize_as = crate::typed::Ts)]
    at: NaiveDateTime,
    user_id: Option<String>,
    user_name: String,
    #[diesel(deserialize_as = Parsed<Operation>)]
    operation: Operation,
    screen_id: String,
    employee_no: String,
    kana_name: String,
    item_code: String,
    changes: String,
}

/// 更新履歴照会の条件 (`from`/`to`: UTC bounds, `to` exclusive).
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter<'a> {
    pub employee_no: Option<&'a str>,
    pub line_id: Option<&'a str>,
    pub item_code: Option<&'a str>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub offset: i64,
    pub limit: i64,
}

fn history_filtered<'a>(
    group: &'a str,
    f: &HistoryFilter<'a>,
) -> ledger_history::BoxedQuery<'a, Db> {
    use ledger_history as h;
    let mut q = h::table.filter(h::payment_group.eq(group)).into_boxed();
    if let Some(e) = f.employee_no.filter(|e| !e.is_empty()) {
        q = q.filter(h::employee_no.eq(e));
    }
    if let Some(id) = f.line_id {
        q = q.filter(h::line_id.eq(id));
    }
    if let Some(code) = f.item_code.filter(|c| !c.is_empty()) {
        q = q.filter(h::item_code.eq(code));
    }
    if let Some(from) = f.from {
        q = q.filter(h::at.ge(to_db(from)));
    }
    if let Some(to) = f.to {
        q = q.filter(h::at.lt(to_db(to)));
    }
    q
}

/// The group's history, newest first, one page, with the number of all that match.
pub fn history(
    conn: &mut DbConnection,
    group: &str,
    f: &HistoryFilter<'_>,
) -> StoreResult<(i64, Vec<HistoryRow>)> {
    use ledger_history as h;
    let total: i64 = history_filtered(group, f).count().get_result(conn)?;
    let raws: Vec<HistoryRaw> = history_filtered(group, f)
        .order((h::at.desc(), h::line_id.asc(), h::version.desc()))
        .limit(f.limit.clamp(1, 1000))
        .offset(f.offset.max(0))
        .select(HistoryRaw::as_select())
        .load(conn)?;
    let rows = raws
        .into_iter()
        .map(|r| {
            let changes: Vec<FieldChange> = serde_json::from_str(&r.changes)
                .map_err(|e| StoreError::Unavailable(format!("history not readable: {e}")))?;
            Ok(HistoryRow {
                line_id: r.line_id,
                version: r.version,
                at: r.at,
                user_id: r.user_id,
                user_name: r.user_name,
                operation: r.operation,
                screen_id: r.screen_id,
                employee_no: r.employee_no,
                kana_name: r.kana_name,
                item_code: r.item_code,
                changes,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((total, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_history_leaves_out_nulls_and_reads_back_the_same() {
        let changes = vec![
            FieldChange {
                field: cjs_domain::ledger::LineField::KanjiName,
                before: None,
                after: Some("労金　\"太郎\"".into()),
            },
            FieldChange {
                field: cjs_domain::ledger::LineField::AmountMonthly,
                before: Some("3000".into()),
                after: None,
            },
        ];
        let json = history_json(&changes).expect("json");
        assert_eq!(
            json,
            r#"[{"field":"kanji_name","after":"労金　\"太郎\""},{"field":"amount_monthly","before":"3000"}]"#
        );
        let back: Vec<FieldChange> = serde_json::from_str(&json).expect("read");
        assert_eq!(back, changes);
        assert_eq!(history_json(&[]).expect("empty"), "[]");
    }
}
