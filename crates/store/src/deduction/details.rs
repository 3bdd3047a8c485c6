//! 労金控除明細 and 更新履歴: search with paging, get, and the changes planned by
//! `cjs_domain::deduction::{plan_add, plan_change, plan_cancel}` written with their history in
//! one transaction, the version checked in the update itself.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::deduction::{
    AccountNo, Action, Amounts, BranchNo, Change, Detail, DetailField, DetailFields, DetailState,
    EmployeeNo, FieldChange, KanjiName, ProductCode, Refusal, Source, YearMonth,
};
use cjs_domain::kana::KanaName;
use diesel::prelude::*;

use super::{Db, Writer};
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{
    deduction_detail_counts, deduction_details, deduction_history, deduction_history_fields,
};
use crate::time::to_db;
use crate::typed::{Month, MonthOpt, Parsed};

/// Rows per multi-row INSERT of [`insert_many`].
const BATCH: usize = 1000;

/// A stored detail with its group and times.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = deduction_details)]
pub struct DetailRow {
    pub id: String,
    pub payment_group: String,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = Parsed<KanjiName>)]
    pub kanji_name: KanjiName,
    #[diesel(deserialize_as = Parsed<ProductCode>)]
    pub product_code: ProductCode,
    #[diesel(deserialize_as = Parsed<BranchNo>)]
    pub branch_no: BranchNo,
    #[diesel(deserialize_as = Parsed<AccountNo>)]
    pub account_no: AccountNo,
    pub amount_monthly: i64,
    pub amount_summer: i64,
    pub amount_year_end: i64,
    #[diesel(deserialize_as = Month)]
    pub start_month: YearMonth,
    #[diesel(deserialize_as = MonthOpt)]
    pub end_month: Option<YearMonth>,
    #[diesel(deserialize_as = Parsed<DetailState>)]
    pub state: DetailState,
    #[diesel(deserialize_as = Parsed<Source>)]
    pub source: Source,
    pub version: i32,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::typed::Ts)]
    pub updated_at: NaiveDateTime,
}

impl DetailRow {
    /// The detail as the domain's commands take it.
    pub fn detail(&self) -> Detail {
        self.clone().into_detail()
    }

    /// [`DetailRow::detail`] without copying the row's text.
    pub fn into_detail(self) -> Detail {
        Detail {
            id: self.id,
            fields: DetailFields {
                employee_no: self.employee_no,
                kana_name: self.kana_name,
                kanji_name: self.kanji_name,
                product: self.product_code,
                branch_no: self.branch_no,
                account_no: self.account_no,
                amounts: Amounts {
                    monthly: self.amount_monthly,
                    summer: self.amount_summer,
                    year_end: self.amount_year_end,
                },
                start_month: self.start_month,
                end_month: self.end_month,
            },
            state: self.state,
            source: self.source,
            version: self.version,
        }
    }
}

/// 明細照会の並べ替え (a whitelist: nothing else reaches ORDER BY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DetailSort {
    #[default]
    EmployeeNo,
    KanaName,
    Product,
    UpdatedAt,
}

/// 明細照会の条件. `kana_prefix` must already be normalised (`cjs_domain::kana::normalise`).
#[derive(Debug, Clone, Default)]
pub struct DetailFilter<'a> {
    pub employee_no: Option<&'a str>,
    pub kana_prefix: Option<&'a str>,
    pub product: Option<&'a str>,
    pub state: Option<DetailState>,
    pub sort: DetailSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

fn filtered<'a>(group: &'a str, f: &DetailFilter<'a>) -> deduction_details::BoxedQuery<'a, Db> {
    let mut q = deduction_details::table
        .filter(deduction_details::payment_group.eq(group))
        .into_boxed();
    if let Some(e) = f.employee_no {
        q = q.filter(deduction_details::employee_no.eq(e));
    }
    if let Some(k) = f.kana_prefix.filter(|k| !k.is_empty()) {
        // The bank's set has neither % nor _, so the prefix needs no escaping.
        q = q.filter(deduction_details::kana_name.like(format!("{k}%")));
    }
    if let Some(p) = f.product {
        q = q.filter(deduction_details::product_code.eq(p));
    }
    if let Some(s) = f.state {
        q = q.filter(deduction_details::state.eq(s.as_str()));
    }
    q
}

/// The number of the group's details that match: read from `deduction_detail_counts` (kept by
/// the database's triggers in the transaction of every write) when only the state is asked,
/// else counted over the index of the filter.
fn count(conn: &mut DbConnection, group: &str, f: &DetailFilter<'_>) -> StoreResult<i64> {
    use deduction_detail_counts as n;
    let kana = f.kana_prefix.is_some_and(|k| !k.is_empty());
    if f.employee_no.is_some() || kana || f.product.is_some() {
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

/// One page of the group's details and the number of all that match.
///
/// Every sort ends in the unique (職員番号, 取引, id), so pages never repeat or skip a row; a
/// descending sort is the ascending order reversed, tiebreakers included. Each order is an index
/// of the group (migration 2024-05-15-000000_list_paging), so a page reads its rows off the
/// index instead of sorting every detail of the group.
pub fn search(
    conn: &mut DbConnection,
    group: &str,
    f: &DetailFilter<'_>,
) -> StoreResult<(i64, Vec<DetailRow>)> {
    use deduction_details as d;
    let total = count(conn, group, f)?;
    let q = filtered(group, f);
    let q = match (f.sort, f.descending) {
        (DetailSort::EmployeeNo, false) => {
            q.order((d::employee_no.asc(), d::product_code.asc(), d::id.asc()))
        }
        (DetailSort::EmployeeNo, true) => {
            q.order((d::employee_no.desc(), d::product_code.desc(), d::id.desc()))
        }
        (DetailSort::KanaName, false) => q.order((
            d::kana_name.asc(),
            d::employee_no.asc(),
            d::product_code.asc(),
            d::id.asc(),
        )),
        (DetailSort::KanaName, true) => q.order((
            d::kana_name.desc(),
            d::employee_no.desc(),
            d::product_code.desc(),
            d::id.desc(),
        )),
        (DetailSort::Product, false) => {
            q.order((d::product_code.asc(), d::employee_no.asc(), d::id.asc()))
        }
        (DetailSort::Product, true) => {
            q.order((d::product_code.desc(), d::employee_no.desc(), d::id.desc()))
        }
        (DetailSort::UpdatedAt, false) => q.order((
            d::updated_at.asc(),
            d::employee_no.asc(),
            d::product_code.asc(),
            d::id.asc(),
        )),
        (DetailSort::UpdatedAt, true) => q.order((
            d::updated_at.desc(),
            d::employee_no.desc(),
            d::product_code.desc(),
            d::id.desc(),
        )),
    };
    let rows = q
        .limit(f.limit.clamp(1, 1000))
        .offset(f.offset.max(0))
        .select(DetailRow::as_select())
        .load(conn)?;
    Ok((total, rows))
}

/// A detail of the group (another group's id is not found).
pub fn get(conn: &mut DbConnection, group: &str, id: &str) -> StoreResult<Option<DetailRow>> {
    Ok(deduction_details::table
        .find(id)
        .filter(deduction_details::payment_group.eq(group))
        .select(DetailRow::as_select())
        .first(conn)
        .optional()?)
}

fn write_history(
    c: &mut DbConnection,
    group: &str,
    id: &str,
    change: &Change,
    by: Writer<'_>,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(deduction_history::table)
        .values((
            deduction_history::detail_id.eq(id),
            deduction_history::version.eq(change.version),
            deduction_history::payment_group.eq(group),
            deduction_history::at.eq(at),
            deduction_history::user_id.eq(by.user_id),
            deduction_history::user_name.eq(by.user_name),
            deduction_history::action.eq(change.action.as_str()),
            deduction_history::source.eq(change.source.as_str()),
            deduction_history::employee_no.eq(change.fields.employee_no.as_str()),
            deduction_history::kana_name.eq(change.fields.kana_name.as_str()),
        ))
        .execute(c)?;
    let fields: Vec<_> = change
        .changes
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            (
                deduction_history_fields::detail_id.eq(id),
                deduction_history_fields::version.eq(change.version),
                deduction_history_fields::field.eq(ch.field.as_str()),
                deduction_history_fields::seq.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                deduction_history_fields::before_value.eq(ch.before.as_deref()),
                deduction_history_fields::after_value.eq(ch.after.as_deref()),
            )
        })
        .collect();
    if !fields.is_empty() {
        super::batch_insert!(c, deduction_history_fields::table, fields)?;
    }
    Ok(())
}

/// 追加登録: the detail (a new id) and its first history row. A second 有効 detail for the same
/// member, product and account is `StoreError::Conflict` (E1003).
pub fn insert(
    conn: &mut DbConnection,
    group: &str,
    change: &Change,
    by: Writer<'_>,
    now: DateTime<Utc>,
) -> StoreResult<DetailRow> {
    let id = uuid::Uuid::new_v4().to_string();
    let at = to_db(now);
    let f = &change.fields;
    crate::transaction(conn, |c| {
        diesel::insert_into(deduction_details::table)
            .values((
                deduction_details::id.eq(&id),
                deduction_details::payment_group.eq(group),
                deduction_details::employee_no.eq(f.employee_no.as_str()),
                deduction_details::kana_name.eq(f.kana_name.as_str()),
                deduction_details::kanji_name.eq(f.kanji_name.as_str()),
                deduction_details::product_code.eq(f.product.as_str()),
                deduction_details::branch_no.eq(f.branch_no.as_str()),
                deduction_details::account_no.eq(f.account_no.as_str()),
                deduction_details::amount_monthly.eq(f.amounts.monthly),
                deduction_details::amount_summer.eq(f.amounts.summer),
                deduction_details::amount_year_end.eq(f.amounts.year_end),
                deduction_details::start_month.eq(f.start_month.first_day()),
                deduction_details::end_month.eq(f.end_month.map(YearMonth::first_day)),
                deduction_details::state.eq(change.state.as_str()),
                deduction_details::source.eq(change.source.as_str()),
                deduction_details::version.eq(change.version),
                deduction_details::created_at.eq(at),
                deduction_details::updated_at.eq(at),
            ))
            .execute(c)?;
        write_history(c, group, &id, change, by, at)?;
        get(c, group, &id)?.ok_or(crate::StoreError::NotFound)
    })
}

/// Many 追加登録 at once (a bank's migration, the bench's 100,000 details): the same rows and
/// history as [`insert`] one by one, written in multi-row INSERTs of 1,000 inside one
/// transaction. Nothing is checked here that the database does not check: a second 有効 detail
/// for one account fails the whole call (`StoreError::Conflict`) and nothing is written.
pub fn insert_many(
    conn: &mut DbConnection,
    group: &str,
    changes: &[Change],
    by: Writer<'_>,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    use deduction_details as d;
    use deduction_history as h;
    use deduction_history_fields as hf;
    let at = to_db(now);
    let ids: Vec<String> = changes
        .iter()
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    crate::transaction(conn, |c| {
        for (chunk, ids) in changes.chunks(BATCH).zip(ids.chunks(BATCH)) {
            let rows: Vec<_> = chunk
                .iter()
                .zip(ids)
                .map(|(change, id)| {
                    let f = &change.fields;
                    (
                        d::id.eq(id.as_str()),
                        d::payment_group.eq(group),
                        d::employee_no.eq(f.employee_no.as_str()),
                        d::kana_name.eq(f.kana_name.as_str()),
                        d::kanji_name.eq(f.kanji_name.as_str()),
                        d::product_code.eq(f.product.as_str()),
                        d::branch_no.eq(f.branch_no.as_str()),
                        d::account_no.eq(f.account_no.as_str()),
                        d::amount_monthly.eq(f.amounts.monthly),
                        d::amount_summer.eq(f.amounts.summer),
                        d::amount_year_end.eq(f.amounts.year_end),
                        d::start_month.eq(f.start_month.first_day()),
                        d::end_month.eq(f.end_month.map(YearMonth::first_day)),
                        d::state.eq(change.state.as_str()),
                        d::source.eq(change.source.as_str()),
                        d::version.eq(change.version),
                        d::created_at.eq(at),
                        d::updated_at.eq(at),
                    )
                })
                .collect();
            super::batch_insert!(c, d::table, rows)?;
            let history: Vec<_> = chunk
                .iter()
                .zip(ids)
                .map(|(change, id)| {
                    (
                        h::detail_id.eq(id.as_str()),
                        h::version.eq(change.version),
                        h::payment_group.eq(group),
                        h::at.eq(at),
                        h::user_id.eq(by.user_id),
                        h::user_name.eq(by.user_name),
                        h::action.eq(change.action.as_str()),
                        h::source.eq(change.source.as_str()),
                        h::employee_no.eq(change.fields.employee_no.as_str()),
                        h::kana_name.eq(change.fields.kana_name.as_str()),
                    )
                })
                .collect();
            super::batch_insert!(c, h::table, history)?;
            let fields: Vec<_> = chunk
                .iter()
                .zip(ids)
                .flat_map(|(change, id)| {
                    change.changes.iter().enumerate().map(move |(i, ch)| {
                        (
                            hf::detail_id.eq(id.as_str()),
                            hf::version.eq(change.version),
                            hf::field.eq(ch.field.as_str()),
                            hf::seq.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                            hf::before_value.eq(ch.before.as_deref()),
                            hf::after_value.eq(ch.after.as_deref()),
                        )
                    })
                })
                .collect();
            let mut fields = fields.into_iter().peekable();
            while fields.peek().is_some() {
                let part: Vec<_> = fields.by_ref().take(BATCH).collect();
                super::batch_insert!(c, hf::table, part)?;
            }
        }
        Ok(changes.len())
    })
}

/// 変更 / 解除: written only where the row still has the version the change was planned on
/// (`change.version - 1`); otherwise `Refusal::Stale` and nothing is written. A missing row (or
/// another group's) is `StoreError::NotFound`.
pub fn apply(
    conn: &mut DbConnection,
    group: &str,
    id: &str,
    change: &Change,
    by: Writer<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Result<DetailRow, Refusal>> {
    let at = to_db(now);
    let f = &change.fields;
    crate::transaction(conn, |c| {
        let target = deduction_details::table
            .find(id)
            .filter(deduction_details::payment_group.eq(group))
            .filter(deduction_details::version.eq(change.version - 1));
        let n = diesel::update(target)
            .set((
                deduction_details::employee_no.eq(f.employee_no.as_str()),
                deduction_details::kana_name.eq(f.kana_name.as_str()),
                deduction_details::kanji_name.eq(f.kanji_name.as_str()),
                deduction_details::product_code.eq(f.product.as_str()),
                deduction_details::branch_no.eq(f.branch_no.as_str()),
                deduction_details::account_no.eq(f.account_no.as_str()),
                deduction_details::amount_monthly.eq(f.amounts.monthly),
                deduction_details::amount_summer.eq(f.amounts.summer),
                deduction_details::amount_year_end.eq(f.amounts.year_end),
                deduction_details::start_month.eq(f.start_month.first_day()),
                deduction_details::end_month.eq(f.end_month.map(YearMonth::first_day)),
                deduction_details::state.eq(change.state.as_str()),
                deduction_details::source.eq(change.source.as_str()),
                deduction_details::version.eq(change.version),
                deduction_details::updated_at.eq(at),
            ))
            .execute(c)?;
        if n == 0 {
            return match get(c, group, id)? {
                Some(_) => Ok(Err(Refusal::Stale)),
                None => Err(crate::StoreError::NotFound),
            };
        }
        write_history(c, group, id, change, by, at)?;
        get(c, group, id)?
            .map(Ok)
            .ok_or(crate::StoreError::NotFound)
    })
}

/// One change of a detail with what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub detail_id: String,
    pub version: i32,
    pub at: NaiveDateTime,
    pub user_id: Option<String>,
    pub user_name: String,
    pub action: Action,
    pub source: Source,
    pub employee_no: String,
    pub kana_name: String,
    pub changes: Vec<FieldChange>,
}

/// detail id, version, item, before, after.
type FieldRow = (
    String,
    i32,
    Parsed<DetailField>,
    Option<String>,
    Option<String>,
);

#[derive(Queryable, Selectable)]
#[diesel(table_name = deduction_history)]
struct HistoryHead {
    detail_id: String,
    version: i32,
    at: NaiveDateTime,
    user_id: Option<String>,
    user_name: String,
    #[diesel(deserialize_as = Parsed<Action>)]
    action: Action,
    #[diesel(deserialize_as = Parsed<Source>)]
    source: Source,
    employee_no: String,
    kana_name: String,
}

/// 更新履歴照会の条件 (`from`/`to`: UTC bounds, `to` exclusive).
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter<'a> {
    pub employee_no: Option<&'a str>,
    pub detail_id: Option<&'a str>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub offset: i64,
    pub limit: i64,
}

fn history_filtered<'a>(
    group: &'a str,
    f: &HistoryFilter<'a>,
) -> deduction_history::BoxedQuery<'a, Db> {
    let mut q = deduction_history::table
        .filter(deduction_history::payment_group.eq(group))
        .into_boxed();
    if let Some(e) = f.employee_no {
        q = q.filter(deduction_history::employee_no.eq(e));
    }
    if let Some(id) = f.detail_id {
        q = q.filter(deduction_history::detail_id.eq(id));
    }
    if let Some(from) = f.from {
        q = q.filter(deduction_history::at.ge(to_db(from)));
    }
    if let Some(to) = f.to {
        q = q.filter(deduction_history::at.lt(to_db(to)));
    }
    q
}

/// The group's history, newest first, one page, with the number of all that match.
pub fn history(
    conn: &mut DbConnection,
    group: &str,
    f: &HistoryFilter<'_>,
) -> StoreResult<(i64, Vec<HistoryRow>)> {
    let total: i64 = history_filtered(group, f).count().get_result(conn)?;
    let heads: Vec<HistoryHead> = history_filtered(group, f)
        .order((
            deduction_history::at.desc(),
            deduction_history::detail_id.asc(),
            deduction_history::version.desc(),
        ))
        .limit(f.limit.clamp(1, 1000))
        .offset(f.offset.max(0))
        .select(HistoryHead::as_select())
        .load(conn)?;
    let ids: Vec<&str> = heads.iter().map(|h| h.detail_id.as_str()).collect();
    let rows: Vec<FieldRow> = deduction_history_fields::table
        .filter(deduction_history_fields::detail_id.eq_any(ids))
        .order((
            deduction_history_fields::detail_id.asc(),
            deduction_history_fields::version.asc(),
            deduction_history_fields::seq.asc(),
        ))
        .select((
            deduction_history_fields::detail_id,
            deduction_history_fields::version,
            deduction_history_fields::field,
            deduction_history_fields::before_value,
            deduction_history_fields::after_value,
        ))
        .load(conn)?;
    let mut by_version: HashMap<(String, i32), Vec<FieldChange>> = HashMap::new();
    for (id, version, field, before, after) in rows {
        by_version
            .entry((id, version))
            .or_default()
            .push(FieldChange {
                field: field.0,
                before,
                after,
            });
    }
    let out = heads
        .into_iter()
        .map(|h| HistoryRow {
            changes: by_version
                .remove(&(h.detail_id.clone(), h.version))
                .unwrap_or_default(),
            detail_id: h.detail_id,
            version: h.version,
            at: h.at,
            user_id: h.user_id,
            user_name: h.user_name,
            action: h.action,
            source: h.source,
            employee_no: h.employee_no,
            kana_name: h.kana_name,
        })
        .collect();
    Ok((total, out))
}

/// The details a snapshot reads: every 有効 one, and those changed since `since` (a 解除 at the
/// counter marks its 解除 line as 窓口).
pub fn for_snapshot(
    conn: &mut DbConnection,
    group: &str,
    since: Option<NaiveDateTime>,
) -> StoreResult<Vec<DetailRow>> {
    let mut q = deduction_details::table
        .filter(deduction_details::payment_group.eq(group))
        .into_boxed();
    q = match since {
        Some(t) => q.filter(
            deduction_details::state
                .eq(DetailState::Active.as_str())
                .or(deduction_details::updated_at.gt(t)),
        ),
        None => q.filter(deduction_details::state.eq(DetailState::Active.as_str())),
    };
    Ok(q.order(deduction_details::id.asc())
        .select(DetailRow::as_select())
        .load(conn)?)
}
