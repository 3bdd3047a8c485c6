//! 一斉積立事務: the runs the bank sends (header in `collective_runs`, shared with the information
//! screen), their lines and the 変更明細 made at load. Layouts: `docs/collective.md`.
//!
//! A load is one transaction: the placement rule (`cjs_domain::collective::place`) is checked on
//! the group's runs read inside it, then the header, the lines and the changes are written in
//! multi-row INSERTs. Totals are summed by the database (`SUM` cast to BIGINT).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cjs_domain::changes::in_key_order;
use cjs_domain::changes::{Change, ChangeKind};
use cjs_domain::collective::{
    Line, LoadRefusal, RunFacts, RunHeader, RunNo, RunOrigin, changes as derive_changes, place,
};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::RunKind;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::connection::DbConnection;
use crate::deduction::{Db, batch_insert};
use crate::error::StoreResult;
use crate::schema::{
    collective_changes, collective_line_counts, collective_lines, collective_runs,
};
use crate::time::to_db;
use crate::typed::{Parsed, ParsedOpt};

/// Rows per INSERT: 13 columns × 1000 stays under both backends' bound-parameter limits.
const BATCH: usize = 1000;

/// One run of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunKey<'a> {
    pub payment_group: &'a str,
    pub run_no: RunNo,
}

impl RunKey<'_> {
    /// `group/014`, the operation log's target.
    pub fn target(&self) -> String {
        format!("{}/{}", self.payment_group, self.run_no)
    }

    fn no(&self) -> i32 {
        self.run_no.get()
    }
}

/// A run header as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = collective_runs)]
pub struct RunRow {
    pub payment_group: String,
    pub run_no: i32,
    pub name: String,
    pub received_on: NaiveDate,
    #[diesel(deserialize_as = Parsed<RunKind>)]
    pub kind: RunKind,
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = Parsed<RunOrigin>)]
    pub origin: RunOrigin,
    pub previous_run_no: Option<i32>,
}

impl RunRow {
    fn facts(&self) -> Option<RunFacts> {
        Some(RunFacts {
            run_no: RunNo::new(i64::from(self.run_no)).ok()?,
            received_on: self.received_on,
            origin: self.origin,
        })
    }
}

/// A run with its totals (照会's run list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    pub run: RunRow,
    pub totals: Totals,
}

/// 件数 and 積立金額合計 of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub count: i64,
    pub amount: i64,
}

/// One 内訳明細 line.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = collective_lines)]
pub struct LineRow {
    pub line_no: i32,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = ParsedOpt<KanjiName>)]
    pub kanji_name: Option<KanjiName>,
    #[diesel(deserialize_as = Parsed<BranchNo>)]
    pub branch_no: BranchNo,
    #[diesel(deserialize_as = Parsed<AccountNo>)]
    pub account_no: AccountNo,
    pub amount: i64,
}

impl LineRow {
    pub fn line(&self) -> Line {
        Line {
            employee_no: self.employee_no.clone(),
            kana_name: self.kana_name.clone(),
            kanji_name: self.kanji_name.clone(),
            branch_no: self.branch_no.clone(),
            account_no: self.account_no.clone(),
            amount: self.amount,
        }
    }
}

/// One 変更明細 row: 変更前 (`None` on 新規) and 変更後 (`None` on 解約).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = collective_changes)]
pub struct ChangeRow {
    pub change_no: i32,
    #[diesel(deserialize_as = Parsed<ChangeKind>)]
    pub kind: ChangeKind,
    #[diesel(deserialize_as = Parsed<EmployeeNo>)]
    pub employee_no: EmployeeNo,
    #[diesel(deserialize_as = Parsed<KanaName>)]
    pub kana_name: KanaName,
    #[diesel(deserialize_as = ParsedOpt<KanjiName>)]
    pub kanji_name: Option<KanjiName>,
    #[diesel(deserialize_as = ParsedOpt<BranchNo>)]
    pub before_branch_no: Option<BranchNo>,
    #[diesel(deserialize_as = ParsedOpt<AccountNo>)]
    pub before_account_no: Option<AccountNo>,
    pub before_amount: Option<i64>,
    #[diesel(deserialize_as = ParsedOpt<BranchNo>)]
    pub after_branch_no: Option<BranchNo>,
    #[diesel(deserialize_as = ParsedOpt<AccountNo>)]
    pub after_account_no: Option<AccountNo>,
    pub after_amount: Option<i64>,
}

/// What a load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub lines: usize,
    pub changes: usize,
    /// The run the 変更明細 was made against.
    pub previous: Option<RunNo>,
    /// A run of the same 番号 was replaced.
    pub replaced: bool,
}

fn runs_in(c: &mut DbConnection, group: &str) -> StoreResult<Vec<RunRow>> {
    Ok(collective_runs::table
        .filter(collective_runs::payment_group.eq(group))
        .order((
            collective_runs::received_on.desc(),
            collective_runs::run_no.desc(),
        ))
        .select(RunRow::as_select())
        .load(c)?)
}

fn lines_of<'a>(key: &RunKey<'a>) -> collective_lines::BoxedQuery<'a, Db> {
    collective_lines::table
        .filter(collective_lines::payment_group.eq(key.payment_group))
        .filter(collective_lines::run_no.eq(key.no()))
        .into_boxed()
}

fn changes_of<'a>(key: &RunKey<'a>) -> collective_changes::BoxedQuery<'a, Db> {
    collective_changes::table
        .filter(collective_changes::payment_group.eq(key.payment_group))
        .filter(collective_changes::run_no.eq(key.no()))
        .into_boxed()
}

fn delete_run(c: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<()> {
    diesel::delete(
        collective_changes::table
            .filter(collective_changes::payment_group.eq(key.payment_group))
            .filter(collective_changes::run_no.eq(key.no())),
    )
    .execute(c)?;
    diesel::delete(
        collective_lines::table
            .filter(collective_lines::payment_group.eq(key.payment_group))
            .filter(collective_lines::run_no.eq(key.no())),
    )
    .execute(c)?;
    diesel::delete(
        collective_runs::table
            .filter(collective_runs::payment_group.eq(key.payment_group))
            .filter(collective_runs::run_no.eq(key.no())),
    )
    .execute(c)?;
    Ok(())
}

/// Loads a run with its lines in one transaction: where it may go is
/// `cjs_domain::collective::place` (a refusal writes nothing); the lines are stored in 職員番号
/// order (`line_no` 1…n) and the 変更明細 against the previous file run is made and stored. The
/// caller has refused a 職員番号 given twice (`cjs_domain::changes::duplicates`).
pub fn load(
    conn: &mut DbConnection,
    group: &str,
    header: &RunHeader,
    lines: &[Line],
    replace: bool,
    now: DateTime<Utc>,
) -> StoreResult<Result<Loaded, LoadRefusal>> {
    crate::transaction(conn, |c| {
        let existing: Vec<RunFacts> = runs_in(c, group)?
            .iter()
            .filter_map(RunRow::facts)
            .collect();
        let placement = match place(&existing, header, replace) {
            Ok(p) => p,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let previous: Vec<Line> = match placement.previous {
            Some(run_no) => all_lines(
                c,
                &RunKey {
                    payment_group: group,
                    run_no,
                },
            )?
            .iter()
            .map(LineRow::line)
            .collect(),
            None => Vec::new(),
        };
        let lines = in_key_order(lines.to_vec());
        let changes = derive_changes(&previous, &lines);
        let key = RunKey {
            payment_group: group,
            run_no: header.run_no,
        };
        if placement.replaces {
            delete_run(c, &key)?;
        }
        diesel::insert_into(collective_runs::table)
            .values((
                collective_runs::payment_group.eq(group),
                collective_runs::run_no.eq(key.no()),
                collective_runs::name.eq(header.name.as_str()),
                collective_runs::received_on.eq(header.received_on),
                collective_runs::kind.eq(header.kind.as_str()),
                collective_runs::created_at.eq(to_db(now)),
                collective_runs::origin.eq(RunOrigin::File.as_str()),
                collective_runs::previous_run_no.eq(placement.previous.map(RunNo::get)),
            ))
            .execute(c)?;
        insert_lines(c, &key, &lines)?;
        insert_changes(c, &key, &changes)?;
        Ok(Ok(Loaded {
            lines: lines.len(),
            changes: changes.len(),
            previous: placement.previous,
            replaced: placement.replaces,
        }))
    })
}

fn insert_lines(c: &mut DbConnection, key: &RunKey<'_>, lines: &[Line]) -> StoreResult<()> {
    use collective_lines as l;
    for (n, chunk) in lines.chunks(BATCH).enumerate() {
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, line)| {
                (
                    l::payment_group.eq(key.payment_group),
                    l::run_no.eq(key.no()),
                    l::line_no.eq(line_no(n, i)),
                    l::employee_no.eq(line.employee_no.as_str()),
                    l::kana_name.eq(line.kana_name.as_str()),
                    l::kanji_name.eq(line.kanji_name.as_ref().map(KanjiName::as_str)),
                    l::branch_no.eq(line.branch_no.as_str()),
                    l::account_no.eq(line.account_no.as_str()),
                    l::amount.eq(line.amount),
                )
            })
            .collect();
        batch_insert!(c, collective_lines::table, rows)?;
    }
    Ok(())
}

/// 1-based number of item `i` of chunk `n`.
fn line_no(n: usize, i: usize) -> i32 {
    i32::try_from(n * BATCH + i + 1).unwrap_or(i32::MAX)
}

fn insert_changes(
    c: &mut DbConnection,
    key: &RunKey<'_>,
    changes: &[Change<Line>],
) -> StoreResult<()> {
    use collective_changes as x;
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
                        x::run_no.eq(key.no()),
                        x::change_no.eq(line_no(n, i)),
                        x::kind.eq(ch.kind.as_str()),
                        x::employee_no.eq(named.employee_no.as_str()),
                        x::kana_name.eq(named.kana_name.as_str()),
                        x::kanji_name.eq(named.kanji_name.as_ref().map(KanjiName::as_str)),
                    ),
                    (
                        x::before_branch_no.eq(b.map(|l| l.branch_no.as_str())),
                        x::before_account_no.eq(b.map(|l| l.account_no.as_str())),
                        x::before_amount.eq(b.map(|l| l.amount)),
                        x::after_branch_no.eq(a.map(|l| l.branch_no.as_str())),
                        x::after_account_no.eq(a.map(|l| l.account_no.as_str())),
                        x::after_amount.eq(a.map(|l| l.amount)),
                    ),
                )
            })
            .collect();
        batch_insert!(c, collective_changes::table, rows)?;
    }
    Ok(())
}

/// The group's runs, newest first (受信日, then 番号), with their totals (header-only runs: 0).
pub fn runs(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<RunSummary>> {
    let runs = runs_in(conn, group)?;
    let sums: Vec<(i32, i64, i64)> = collective_lines::table
        .filter(collective_lines::payment_group.eq(group))
        .group_by(collective_lines::run_no)
        .select((
            collective_lines::run_no,
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>("CAST(SUM(amount) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(runs
        .into_iter()
        .map(|run| {
            let totals = sums
                .iter()
                .find(|(n, _, _)| *n == run.run_no)
                .map(|(_, count, amount)| Totals {
                    count: *count,
                    amount: *amount,
                })
                .unwrap_or_default();
            RunSummary { run, totals }
        })
        .collect())
}

pub fn find_run(conn: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Option<RunRow>> {
    Ok(collective_runs::table
        .filter(collective_runs::payment_group.eq(key.payment_group))
        .filter(collective_runs::run_no.eq(key.no()))
        .select(RunRow::as_select())
        .first(conn)
        .optional()?)
}

/// 照会's sort keys (a whitelist; ties broken by 行番号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineSort {
    #[default]
    LineNo,
    EmployeeNo,
    KanaName,
    Amount,
}

/// 照会's conditions and page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineFilter<'a> {
    pub employee_no: Option<&'a str>,
    /// In the stored form (`kana::search_prefix`).
    pub kana_prefix: Option<&'a str>,
    pub branch_no: Option<&'a str>,
    pub sort: LineSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

fn filtered<'a>(key: &RunKey<'a>, f: &LineFilter<'a>) -> collective_lines::BoxedQuery<'a, Db> {
    let mut q = lines_of(key);
    if let Some(e) = f.employee_no.filter(|e| !e.is_empty()) {
        q = q.filter(collective_lines::employee_no.eq(e));
    }
    if let Some(k) = f.kana_prefix.filter(|k| !k.is_empty()) {
        // The bank's kana set has neither % nor _.
        q = q.filter(collective_lines::kana_name.like(format!("{k}%")));
    }
    if let Some(b) = f.branch_no.filter(|b| !b.is_empty()) {
        q = q.filter(collective_lines::branch_no.eq(b));
    }
    q
}

/// One page of a run's lines that match, and how many match.
pub fn lines_page(
    conn: &mut DbConnection,
    key: &RunKey<'_>,
    f: &LineFilter<'_>,
) -> StoreResult<(i64, Vec<LineRow>)> {
    use collective_lines as l;
    let given = |v: Option<&str>| v.is_some_and(|v| !v.is_empty());
    let total: i64 = if given(f.employee_no) || given(f.kana_prefix) || given(f.branch_no) {
        filtered(key, f).count().get_result(conn)?
    } else {
        // Every line of the run: the counter the database's triggers keep with the lines.
        collective_line_counts::table
            .filter(collective_line_counts::payment_group.eq(key.payment_group))
            .filter(collective_line_counts::run_no.eq(key.no()))
            .select(collective_line_counts::n)
            .first(conn)
            .optional()?
            .unwrap_or(0)
    };
    let q = filtered(key, f);
    let q = match (f.sort, f.descending) {
        (LineSort::LineNo, false) => q.order(l::line_no.asc()),
        (LineSort::LineNo, true) => q.order(l::line_no.desc()),
        (LineSort::EmployeeNo, false) => q.order(l::employee_no.asc()),
        (LineSort::EmployeeNo, true) => q.order(l::employee_no.desc()),
        (LineSort::KanaName, false) => q.order(l::kana_name.asc()),
        (LineSort::KanaName, true) => q.order(l::kana_name.desc()),
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

/// For streaming the whole 内訳明細 (CSV, PDF): the next `limit` lines after `after_line_no`.
pub fn lines_after(
    conn: &mut DbConnection,
    key: &RunKey<'_>,
    after_line_no: i32,
    limit: i64,
) -> StoreResult<Vec<LineRow>> {
    Ok(lines_of(key)
        .filter(collective_lines::line_no.gt(after_line_no))
        .order(collective_lines::line_no.asc())
        .limit(limit.clamp(1, 10_000))
        .select(LineRow::as_select())
        .load(conn)?)
}

fn all_lines(c: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Vec<LineRow>> {
    Ok(lines_of(key)
        .order(collective_lines::line_no.asc())
        .select(LineRow::as_select())
        .load(c)?)
}

/// 件数 and 積立金額合計 of a run (0, 0 for a header-only run).
pub fn totals(conn: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Totals> {
    let (count, amount) = lines_of(key)
        .select((
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>("COALESCE(CAST(SUM(amount) AS BIGINT), 0)"),
        ))
        .get_result::<(i64, i64)>(conn)?;
    Ok(Totals { count, amount })
}

fn changes_of_kind<'a>(
    key: &RunKey<'a>,
    kind: Option<ChangeKind>,
) -> collective_changes::BoxedQuery<'a, Db> {
    match kind {
        Some(k) => changes_of(key).filter(collective_changes::kind.eq(k.as_str())),
        None => changes_of(key),
    }
}

/// One page of a run's 変更明細 (in 変更区分 order), optionally of one 変更区分.
pub fn changes_page(
    conn: &mut DbConnection,
    key: &RunKey<'_>,
    kind: Option<ChangeKind>,
    offset: i64,
    limit: i64,
) -> StoreResult<(i64, Vec<ChangeRow>)> {
    let total: i64 = changes_of_kind(key, kind).count().get_result(conn)?;
    let rows = changes_of_kind(key, kind)
        .order(collective_changes::change_no.asc())
        .limit(limit.clamp(1, 1000))
        .offset(offset.max(0))
        .select(ChangeRow::as_select())
        .load(conn)?;
    Ok((total, rows))
}

/// For streaming the whole 変更明細: the next `limit` rows after `after_change_no`.
pub fn changes_after(
    conn: &mut DbConnection,
    key: &RunKey<'_>,
    after_change_no: i32,
    limit: i64,
) -> StoreResult<Vec<ChangeRow>> {
    Ok(changes_of(key)
        .filter(collective_changes::change_no.gt(after_change_no))
        .order(collective_changes::change_no.asc())
        .limit(limit.clamp(1, 10_000))
        .select(ChangeRow::as_select())
        .load(conn)?)
}

/// The 変更明細表's foot: 件数 per 変更区分 (list order, 0 included), 前回 and 今回 totals, 差額.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeTotals {
    pub per_kind: Vec<(ChangeKind, i64)>,
    /// The previous run's totals (0, 0 when there was none).
    pub previous: Totals,
    pub current: Totals,
}

impl ChangeTotals {
    /// 差額 = 今回 − 前回.
    pub fn difference(&self) -> i64 {
        self.current.amount - self.previous.amount
    }
}

pub fn change_totals(conn: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<ChangeTotals> {
    let counts: Vec<(String, i64)> = collective_changes::table
        .filter(collective_changes::payment_group.eq(key.payment_group))
        .filter(collective_changes::run_no.eq(key.no()))
        .group_by(collective_changes::kind)
        .select((collective_changes::kind, sql::<BigInt>("COUNT(*)")))
        .load(conn)?;
    let per_kind = ChangeKind::ALL
        .iter()
        .map(|k| {
            let n = counts
                .iter()
                .find(|(s, _)| s == k.as_str())
                .map_or(0, |(_, n)| *n);
            (*k, n)
        })
        .collect();
    let previous_no = find_run(conn, key)?.and_then(|r| r.previous_run_no);
    let previous = match previous_no.and_then(|n| RunNo::new(i64::from(n)).ok()) {
        Some(run_no) => totals(
            conn,
            &RunKey {
                payment_group: key.payment_group,
                run_no,
            },
        )?,
        None => Totals::default(),
    };
    Ok(ChangeTotals {
        per_kind,
        previous,
        current: totals(conn, key)?,
    })
}
