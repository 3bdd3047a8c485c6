//! 財形貯蓄事務: the cycles the bank sends per document and 作成基準日, their lines, the
//! 財形積立変更明細 of a 預入依頼書 made at load, totals per 財形種類, and the retention purge.
//! Layouts: `docs/zaikei.md`.
//!
//! A load is one transaction: placement (`cjs_domain::zaikei::place`) on the document's cycles
//! read inside it, then cycle, lines and changes in multi-row INSERTs, and the information
//! screen's `employer_documents` row. The purge deletes by `base_date < cutoff`, which is
//! idempotent: two instances purging at once delete each row once and the second finds nothing.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cjs_domain::changes::{Change, ChangeKind, in_key_order};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::retention;
use cjs_domain::zaikei::{DocumentKind, Line, LoadRefusal, SavingsKind, changes, place};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::connection::DbConnection;
use crate::deduction::{Db, batch_insert};
use crate::error::StoreResult;
use crate::schema::{
    employer_documents, zaikei_changes, zaikei_cycles, zaikei_line_counts, zaikei_lines,
};
use crate::time::to_db;
use crate::typed::{Parsed, ParsedOpt};

/// Rows per INSERT: 17 columns × 1000 stays under both backends' bound-parameter limits.
const BATCH: usize = 1000;

/// One cycle: payment group, document, 作成基準日.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CycleKey<'a> {
    pub payment_group: &'a str,
    pub document: EmployerDocument,
    pub base_date: NaiveDate,
}

impl CycleKey<'_> {
    /// `group/document/YYYY-MM-DD`, the operation log's target.
    pub fn target(&self) -> String {
        format!(
            "{}/{}/{}",
            self.payment_group,
            self.document.as_str(),
            self.base_date
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = zaikei_cycles)]
pub struct CycleRow {
    pub payment_group: String,
    #[diesel(deserialize_as = Parsed<EmployerDocument>)]
    pub document: EmployerDocument,
    pub base_date: NaiveDate,
    /// 入金予定日 (預入依頼書 only).
    pub deposit_date: Option<NaiveDate>,
    /// The cycle the 変更明細 was made against (預入依頼書 only).
    pub previous_base_date: Option<NaiveDate>,
    pub loaded_at: NaiveDateTime,
}

/// A cycle with its line count (照会's cycle list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleSummary {
    pub cycle: CycleRow,
    pub lines: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = zaikei_lines)]
pub struct LineRow {
    pub line_no: i32,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = ParsedOpt<KanjiName>)]
    pub kanji_name: Option<KanjiName>,
    #[diesel(deserialize_as = Parsed<SavingsKind>)]
    pub kind: SavingsKind,
    #[diesel(deserialize_as = Parsed<BranchNo>)]
    pub branch_no: BranchNo,
    #[diesel(deserialize_as = Parsed<AccountNo>)]
    pub account_no: AccountNo,
    /// 預入金額 / 残高 / 積立金額.
    pub amount: i64,
    /// 奨励金 / 0 / 奨励金額.
    pub incentive: i64,
}

impl LineRow {
    pub fn line(&self) -> Line {
        Line {
            employee_no: self.employee_no.clone(),
            kana_name: self.kana_name.clone(),
            kanji_name: self.kanji_name.clone(),
            kind: self.kind,
            branch_no: self.branch_no.clone(),
            account_no: self.account_no.clone(),
            amount: self.amount,
            incentive: self.incentive,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = zaikei_changes)]
pub struct ChangeRow {
    pub change_no: i32,
    #[diesel(deserialize_as = Parsed<ChangeKind>)]
    pub change_kind: ChangeKind,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = ParsedOpt<KanjiName>)]
    pub kanji_name: Option<KanjiName>,
    #[diesel(deserialize_as = Parsed<SavingsKind>)]
    pub kind: SavingsKind,
    #[diesel(deserialize_as = ParsedOpt<BranchNo>)]
    pub before_branch_no: Option<BranchNo>,
    #[diesel(deserialize_as = ParsedOpt<AccountNo>)]
    pub before_account_no: Option<AccountNo>,
    pub before_amount: Option<i64>,
    pub before_incentive: Option<i64>,
    #[diesel(deserialize_as = ParsedOpt<BranchNo>)]
    pub after_branch_no: Option<BranchNo>,
    #[diesel(deserialize_as = ParsedOpt<AccountNo>)]
    pub after_account_no: Option<AccountNo>,
    pub after_amount: Option<i64>,
    pub after_incentive: Option<i64>,
}

/// What a load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub lines: usize,
    /// 変更明細 rows (預入依頼書; 0 otherwise).
    pub changes: usize,
    pub previous: Option<NaiveDate>,
    pub replaced: bool,
}

fn cycle_filter<'a>(key: &CycleKey<'a>) -> zaikei_cycles::BoxedQuery<'a, Db> {
    zaikei_cycles::table
        .filter(zaikei_cycles::payment_group.eq(key.payment_group))
        .filter(zaikei_cycles::document.eq(key.document.as_str()))
        .filter(zaikei_cycles::base_date.eq(key.base_date))
        .into_boxed()
}

fn lines_of<'a>(key: &CycleKey<'a>) -> zaikei_lines::BoxedQuery<'a, Db> {
    zaikei_lines::table
        .filter(zaikei_lines::payment_group.eq(key.payment_group))
        .filter(zaikei_lines::document.eq(key.document.as_str()))
        .filter(zaikei_lines::base_date.eq(key.base_date))
        .into_boxed()
}

fn changes_of<'a>(key: &CycleKey<'a>) -> zaikei_changes::BoxedQuery<'a, Db> {
    zaikei_changes::table
        .filter(zaikei_changes::payment_group.eq(key.payment_group))
        .filter(zaikei_changes::document.eq(key.document.as_str()))
        .filter(zaikei_changes::base_date.eq(key.base_date))
        .into_boxed()
}

/// The 作成基準日 of a group's document, newest first (every stored cycle; the routes show the
/// newest `keep_cycles` of them).
pub fn base_dates(
    c: &mut DbConnection,
    group: &str,
    document: EmployerDocument,
) -> StoreResult<Vec<NaiveDate>> {
    Ok(zaikei_cycles::table
        .filter(zaikei_cycles::payment_group.eq(group))
        .filter(zaikei_cycles::document.eq(document.as_str()))
        .order(zaikei_cycles::base_date.desc())
        .select(zaikei_cycles::base_date)
        .load(c)?)
}

/// Deletes the cycles of a group's document before `cutoff` (or the one at `only`), changes and
/// lines first. Returns the number of cycles deleted.
fn delete_cycles(
    c: &mut DbConnection,
    group: &str,
    document: EmployerDocument,
    before: Option<NaiveDate>,
    only: Option<NaiveDate>,
) -> StoreResult<usize> {
    macro_rules! del {
        ($t:ident) => {{
            let mut q = diesel::delete($t::table)
                .filter($t::payment_group.eq(group))
                .filter($t::document.eq(document.as_str()))
                .into_boxed();
            if let Some(b) = before {
                q = q.filter($t::base_date.lt(b));
            }
            if let Some(d) = only {
                q = q.filter($t::base_date.eq(d));
            }
            q.execute(c)?
        }};
    }
    del!(zaikei_changes);
    del!(zaikei_lines);
    Ok(del!(zaikei_cycles))
}

/// The information screen's 作成基準日 of a document: the newest cycle, or none.
fn refresh_latest(
    c: &mut DbConnection,
    group: &str,
    document: EmployerDocument,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let newest = base_dates(c, group, document)?.into_iter().next();
    let Some(newest) = newest else {
        return Ok(());
    };
    diesel::delete(
        employer_documents::table
            .filter(employer_documents::payment_group.eq(group))
            .filter(employer_documents::document.eq(document.as_str())),
    )
    .execute(c)?;
    diesel::insert_into(employer_documents::table)
        .values((
            employer_documents::payment_group.eq(group),
            employer_documents::document.eq(document.as_str()),
            employer_documents::base_date.eq(newest),
            employer_documents::updated_at.eq(to_db(now)),
        ))
        .execute(c)?;
    Ok(())
}

/// Loads a cycle with its lines in one transaction. Placement is `cjs_domain::zaikei::place` (a
/// refusal writes nothing); lines are stored in 職員番号, 財形種類 order; a 預入依頼書 gets its
/// 変更明細 against the previous cycle of the same document; `employer_documents` shows the
/// newest 作成基準日. The caller has checked the lines (`check_line`, duplicates) and that
/// `deposit_date` is given exactly for a 預入依頼書.
pub fn load(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    deposit_date: Option<NaiveDate>,
    lines: &[Line],
    replace: bool,
    now: DateTime<Utc>,
) -> StoreResult<Result<Loaded, LoadRefusal>> {
    crate::transaction(conn, |c| {
        let existing = base_dates(c, key.payment_group, key.document)?;
        let placement = match place(&existing, key.base_date, replace) {
            Ok(p) => p,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let deposit = DocumentKind::of(key.document).is_deposit();
        let lines = in_key_order(lines.to_vec());
        let (previous, changes) = if deposit {
            let before: Vec<Line> = match placement.previous {
                Some(base_date) => all_lines(c, &CycleKey { base_date, ..*key })?
                    .iter()
                    .map(LineRow::line)
                    .collect(),
                None => Vec::new(),
            };
            (placement.previous, changes(&before, &lines))
        } else {
            (None, Vec::new())
        };
        if placement.replaces {
            delete_cycles(
                c,
                key.payment_group,
                key.document,
                None,
                Some(key.base_date),
            )?;
        }
        diesel::insert_into(zaikei_cycles::table)
            .values((
                zaikei_cycles::payment_group.eq(key.payment_group),
                zaikei_cycles::document.eq(key.document.as_str()),
                zaikei_cycles::base_date.eq(key.base_date),
                zaikei_cycles::deposit_date.eq(deposit_date),
                zaikei_cycles::previous_base_date.eq(previous),
                zaikei_cycles::loaded_at.eq(to_db(now)),
            ))
            .execute(c)?;
        insert_lines(c, key, &lines)?;
        insert_changes(c, key, &changes)?;
        refresh_latest(c, key.payment_group, key.document, now)?;
        Ok(Ok(Loaded {
            lines: lines.len(),
            changes: changes.len(),
            previous,
            replaced: placement.replaces,
        }))
    })
}

/// 1-based number of item `i` of chunk `n`.
fn number(n: usize, i: usize) -> i32 {
    i32::try_from(n * BATCH + i + 1).unwrap_or(i32::MAX)
}

fn insert_lines(c: &mut DbConnection, key: &CycleKey<'_>, lines: &[Line]) -> StoreResult<()> {
    use zaikei_lines as l;
    for (n, chunk) in lines.chunks(BATCH).enumerate() {
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, line)| {
                (
                    l::payment_group.eq(key.payment_group),
                    l::document.eq(key.document.as_str()),
                    l::base_date.eq(key.base_date),
                    l::line_no.eq(number(n, i)),
                    l::employee_no.eq(line.employee_no.as_str()),
                    l::kana_name.eq(line.kana_name.as_str()),
                    l::kanji_name.eq(line.kanji_name.as_ref().map(KanjiName::as_str)),
                    l::kind.eq(line.kind.as_str()),
                    l::branch_no.eq(line.branch_no.as_str()),
                    l::account_no.eq(line.account_no.as_str()),
                    l::amount.eq(line.amount),
                    l::incentive.eq(line.incentive),
                )
            })
            .collect();
        batch_insert!(c, zaikei_lines::table, rows)?;
    }
    Ok(())
}

fn insert_changes(
    c: &mut DbConnection,
    key: &CycleKey<'_>,
    changes: &[Change<Line>],
) -> StoreResult<()> {
    use zaikei_changes as x;
    for (n, chunk) in changes.chunks(BATCH).enumerate() {
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, ch)| {
                let named = ch.after.as_ref().or(ch.before.as_ref()).expect("a side");
                let b = ch.before.as_ref();
                let a = ch.after.as_ref();
                (
                    (
                        x::payment_group.eq(key.payment_group),
                        x::document.eq(key.document.as_str()),
                        x::base_date.eq(key.base_date),
                        x::change_no.eq(number(n, i)),
                        x::change_kind.eq(ch.kind.as_str()),
                        x::employee_no.eq(named.employee_no.as_str()),
                        x::kana_name.eq(named.kana_name.as_str()),
                        x::kanji_name.eq(named.kanji_name.as_ref().map(KanjiName::as_str)),
                        x::kind.eq(named.kind.as_str()),
                    ),
                    (
                        x::before_branch_no.eq(b.map(|l| l.branch_no.as_str())),
                        x::before_account_no.eq(b.map(|l| l.account_no.as_str())),
                        x::before_amount.eq(b.map(|l| l.amount)),
                        x::before_incentive.eq(b.map(|l| l.incentive)),
                        x::after_branch_no.eq(a.map(|l| l.branch_no.as_str())),
                        x::after_account_no.eq(a.map(|l| l.account_no.as_str())),
                        x::after_amount.eq(a.map(|l| l.amount)),
                        x::after_incentive.eq(a.map(|l| l.incentive)),
                    ),
                )
            })
            .collect();
        batch_insert!(c, zaikei_changes::table, rows)?;
    }
    Ok(())
}

pub fn find_cycle(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Option<CycleRow>> {
    Ok(cycle_filter(key)
        .select(CycleRow::as_select())
        .first(conn)
        .optional()?)
}

/// The group's cycles of every document, newest first within a document, with line counts.
/// After a purge these are the kept ones.
pub fn cycles_of(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<CycleSummary>> {
    let cycles: Vec<CycleRow> = zaikei_cycles::table
        .filter(zaikei_cycles::payment_group.eq(group))
        .order((
            zaikei_cycles::document.asc(),
            zaikei_cycles::base_date.desc(),
        ))
        .select(CycleRow::as_select())
        .load(conn)?;
    let counts: Vec<(String, NaiveDate, i64)> = zaikei_lines::table
        .filter(zaikei_lines::payment_group.eq(group))
        .group_by((zaikei_lines::document, zaikei_lines::base_date))
        .select((
            zaikei_lines::document,
            zaikei_lines::base_date,
            sql::<BigInt>("COUNT(*)"),
        ))
        .load(conn)?;
    Ok(cycles
        .into_iter()
        .map(|cycle| {
            let lines = counts
                .iter()
                .find(|(d, at, _)| d == cycle.document.as_str() && *at == cycle.base_date)
                .map_or(0, |(_, _, n)| *n);
            CycleSummary { cycle, lines }
        })
        .collect())
}

/// 照会's sort keys (a whitelist; ties broken by 行番号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineSort {
    #[default]
    LineNo,
    EmployeeNo,
    KanaName,
    Kind,
    Amount,
}

/// 照会's conditions and page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineFilter<'a> {
    pub employee_no: Option<&'a str>,
    /// In the stored form (`kana::search_prefix`).
    pub kana_prefix: Option<&'a str>,
    pub kind: Option<SavingsKind>,
    pub sort: LineSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

fn filtered<'a>(key: &CycleKey<'a>, f: &LineFilter<'a>) -> zaikei_lines::BoxedQuery<'a, Db> {
    let mut q = lines_of(key);
    if let Some(e) = f.employee_no.filter(|e| !e.is_empty()) {
        q = q.filter(zaikei_lines::employee_no.eq(e));
    }
    if let Some(k) = f.kana_prefix.filter(|k| !k.is_empty()) {
        q = q.filter(zaikei_lines::kana_name.like(format!("{k}%")));
    }
    if let Some(k) = f.kind {
        q = q.filter(zaikei_lines::kind.eq(k.as_str()));
    }
    q
}

/// One page of a cycle's lines that match, and how many match.
pub fn lines_page(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    f: &LineFilter<'_>,
) -> StoreResult<(i64, Vec<LineRow>)> {
    use zaikei_lines as l;
    let given = |v: Option<&str>| v.is_some_and(|v| !v.is_empty());
    let total: i64 = if given(f.employee_no) || given(f.kana_prefix) || f.kind.is_some() {
        filtered(key, f).count().get_result(conn)?
    } else {
        // Every line of the cycle: the counter the database's triggers keep with the lines.
        zaikei_line_counts::table
            .filter(zaikei_line_counts::payment_group.eq(key.payment_group))
            .filter(zaikei_line_counts::document.eq(key.document.as_str()))
            .filter(zaikei_line_counts::base_date.eq(key.base_date))
            .select(zaikei_line_counts::n)
            .first(conn)
            .optional()?
            .unwrap_or(0)
    };
    let q = filtered(key, f);
    // 財形種類 sorts 一般, 住宅, 年金 (line order), not by its stored name.
    let q = match (f.sort, f.descending) {
        (LineSort::LineNo, false) => q.order(l::line_no.asc()),
        (LineSort::LineNo, true) => q.order(l::line_no.desc()),
        (LineSort::EmployeeNo, false) => q.order(l::employee_no.asc()),
        (LineSort::EmployeeNo, true) => q.order(l::employee_no.desc()),
        (LineSort::KanaName, false) => q.order(l::kana_name.asc()),
        (LineSort::KanaName, true) => q.order(l::kana_name.desc()),
        (LineSort::Kind, false) => q.order(sql::<BigInt>(KIND_ORDER).asc()),
        (LineSort::Kind, true) => q.order(sql::<BigInt>(KIND_ORDER).desc()),
        (LineSort::Amount, false) => q.order(l::amount.asc()),
        (LineSort::Amount, true) => q.order(l::amount.desc()),
    };
    let rows = q
        .then_order_by(l::line_no.asc())
        .limit(f.limit.clamp(1, 1000))
        .offset(f.offset.max(0))
        .select(LineRow::as_select())
        .load(conn)?;
    Ok((total, rows))
}

const KIND_ORDER: &str = "CASE kind WHEN 'general' THEN 1 WHEN 'housing' THEN 2 ELSE 3 END";

/// For streaming a whole cycle (CSV, PDF): the next `limit` lines after `after_line_no`.
pub fn lines_after(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    after_line_no: i32,
    limit: i64,
) -> StoreResult<Vec<LineRow>> {
    Ok(lines_of(key)
        .filter(zaikei_lines::line_no.gt(after_line_no))
        .order(zaikei_lines::line_no.asc())
        .limit(limit.clamp(1, 10_000))
        .select(LineRow::as_select())
        .load(conn)?)
}

fn all_lines(c: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<Vec<LineRow>> {
    Ok(lines_of(key)
        .order(zaikei_lines::line_no.asc())
        .select(LineRow::as_select())
        .load(c)?)
}

/// 件数 and sums of one 財形種類 (or of all: `kind` `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindTotal {
    pub kind: Option<SavingsKind>,
    pub count: i64,
    pub amount: i64,
    pub incentive: i64,
}

/// Totals per 財形種類 in list order (一般, 住宅, 年金; 0件 rows included) and the 総合計.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindTotals {
    pub per_kind: Vec<KindTotal>,
    pub total: KindTotal,
}

pub fn totals_by_kind(conn: &mut DbConnection, key: &CycleKey<'_>) -> StoreResult<KindTotals> {
    let rows: Vec<(String, i64, i64, i64)> = zaikei_lines::table
        .filter(zaikei_lines::payment_group.eq(key.payment_group))
        .filter(zaikei_lines::document.eq(key.document.as_str()))
        .filter(zaikei_lines::base_date.eq(key.base_date))
        .group_by(zaikei_lines::kind)
        .select((
            zaikei_lines::kind,
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>("CAST(SUM(amount) AS BIGINT)"),
            sql::<BigInt>("CAST(SUM(incentive) AS BIGINT)"),
        ))
        .load(conn)?;
    let (count, amount, incentive) = lines_of(key)
        .select((
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>("COALESCE(CAST(SUM(amount) AS BIGINT), 0)"),
            sql::<BigInt>("COALESCE(CAST(SUM(incentive) AS BIGINT), 0)"),
        ))
        .get_result::<(i64, i64, i64)>(conn)?;
    let per_kind = SavingsKind::ALL
        .iter()
        .map(|k| {
            let row = rows.iter().find(|r| r.0 == k.as_str());
            KindTotal {
                kind: Some(*k),
                count: row.map_or(0, |r| r.1),
                amount: row.map_or(0, |r| r.2),
                incentive: row.map_or(0, |r| r.3),
            }
        })
        .collect();
    Ok(KindTotals {
        per_kind,
        total: KindTotal {
            kind: None,
            count,
            amount,
            incentive,
        },
    })
}

fn changes_of_kind<'a>(
    key: &CycleKey<'a>,
    kind: Option<ChangeKind>,
) -> zaikei_changes::BoxedQuery<'a, Db> {
    match kind {
        Some(k) => changes_of(key).filter(zaikei_changes::change_kind.eq(k.as_str())),
        None => changes_of(key),
    }
}

/// One page of a cycle's 変更明細 (in 変更区分 order), optionally of one 変更区分.
pub fn changes_page(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    kind: Option<ChangeKind>,
    offset: i64,
    limit: i64,
) -> StoreResult<(i64, Vec<ChangeRow>)> {
    let total: i64 = changes_of_kind(key, kind).count().get_result(conn)?;
    let rows = changes_of_kind(key, kind)
        .order(zaikei_changes::change_no.asc())
        .limit(limit.clamp(1, 1000))
        .offset(offset.max(0))
        .select(ChangeRow::as_select())
        .load(conn)?;
    Ok((total, rows))
}

/// For streaming the whole 変更明細: the next `limit` rows after `after_change_no`.
pub fn changes_after(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
    after_change_no: i32,
    limit: i64,
) -> StoreResult<Vec<ChangeRow>> {
    Ok(changes_of(key)
        .filter(zaikei_changes::change_no.gt(after_change_no))
        .order(zaikei_changes::change_no.asc())
        .limit(limit.clamp(1, 10_000))
        .select(ChangeRow::as_select())
        .load(conn)?)
}

/// 件数 per 変更区分, list order, 0 included.
pub fn change_counts(
    conn: &mut DbConnection,
    key: &CycleKey<'_>,
) -> StoreResult<Vec<(ChangeKind, i64)>> {
    let counts: Vec<(String, i64)> = zaikei_changes::table
        .filter(zaikei_changes::payment_group.eq(key.payment_group))
        .filter(zaikei_changes::document.eq(key.document.as_str()))
        .filter(zaikei_changes::base_date.eq(key.base_date))
        .group_by(zaikei_changes::change_kind)
        .select((zaikei_changes::change_kind, sql::<BigInt>("COUNT(*)")))
        .load(conn)?;
    Ok(ChangeKind::ALL
        .iter()
        .map(|k| {
            (
                *k,
                counts
                    .iter()
                    .find(|(s, _)| s == k.as_str())
                    .map_or(0, |(_, n)| *n),
            )
        })
        .collect())
}

/// A cycle the purge deleted (or, dry run, would delete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    pub payment_group: String,
    pub document: EmployerDocument,
    pub base_date: NaiveDate,
}

/// The retention purge: per group (all, or `group`) and document, every cycle older than the
/// newest `keep` is deleted with its lines and changes (`dry_run`: only listed). Each document is
/// its own transaction; the DELETE is by `base_date < cutoff`, so a purge running at the same time
/// on another instance deletes nothing twice and leaves the same result.
pub fn purge(
    conn: &mut DbConnection,
    group: Option<&str>,
    keep: u32,
    dry_run: bool,
    now: DateTime<Utc>,
) -> StoreResult<Vec<Purged>> {
    let mut q = zaikei_cycles::table
        .select((zaikei_cycles::payment_group, zaikei_cycles::document))
        .distinct()
        .into_boxed();
    if let Some(g) = group {
        q = q.filter(zaikei_cycles::payment_group.eq(g));
    }
    let pairs: Vec<(String, Parsed<EmployerDocument>)> = q.load(conn)?;
    let mut out = Vec::new();
    for (g, Parsed(document)) in pairs {
        let purged = crate::transaction(conn, |c| {
            let dates = base_dates(c, &g, document)?;
            let Some(cutoff) = retention::cutoff(&dates, keep) else {
                return Ok(Vec::new());
            };
            let gone = retention::to_purge(&dates, keep);
            if !dry_run {
                delete_cycles(c, &g, document, Some(cutoff), None)?;
                refresh_latest(c, &g, document, now)?;
            }
            Ok(gone)
        })?;
        out.extend(purged.into_iter().map(|base_date| Purged {
            payment_group: g.clone(),
            document,
            base_date,
        }));
    }
    out.sort_by(|a, b| {
        (&a.payment_group, a.document.as_str(), a.base_date).cmp(&(
            &b.payment_group,
            b.document.as_str(),
            b.base_date,
        ))
    });
    Ok(out)
}
