//! Sample data for the tests and the examples: a small fixed cycle of each document kind and
//! generated ones of any size ([`generated`]). Not business data; deterministic.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::changes::ChangeKind;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::{DocumentKind, SavingsKind};

use super::{Change, KindTotals, Line, ListHeader, Side, Tally};

/// 2012-10-18 10:15 JST.
pub fn created_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2012, 10, 18, 1, 15, 0)
        .single()
        .unwrap_or_default()
}

/// A date of the samples.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// 株式会社ろうきん商事, 0001 本社, お取引店 本店営業部; 作成基準日 2012-10-16 and, for a
/// 預入依頼書, 入金予定日 2012-10-25.
pub fn header(document: EmployerDocument) -> ListHeader {
    ListHeader {
        employer_name: "株式会社ろうきん商事".into(),
        group_no: "0001".into(),
        group_name: "本社".into(),
        branch: "本店営業部".into(),
        document,
        base_date: date(2012, 10, 16),
        deposit_date: DocumentKind::of(document)
            .is_deposit()
            .then(|| date(2012, 10, 25)),
        created_at: created_at(),
    }
}

const TARO: (&str, &str, &str) = ("00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金　太郎");
const HANAKO: (&str, &str, &str) = ("00200", "ﾀﾅｶ ﾊﾅｺ", "田中　花子");
const MIYUKI: (&str, &str, &str) = ("00300", "ﾔﾏｻﾞｷ ﾐﾕｷ", "山﨑　美由紀");
const ICHIRO: (&str, &str, &str) = ("00400", "ｽｽﾞｷ ｲﾁﾛｳ", "＝鈴木");
const JIRO: (&str, &str, &str) = ("00500", "ｺﾊﾞﾔｼ ｼﾞﾛｳ", "");

fn line(
    line_no: i32,
    person: (&str, &str, &str),
    kind: SavingsKind,
    account: (&str, &str),
    amount: i64,
    incentive: i64,
) -> Line {
    Line {
        line_no,
        employee_no: person.0.into(),
        kana_name: person.1.into(),
        kanji_name: person.2.into(),
        kind,
        branch_no: account.0.into(),
        account_no: account.1.into(),
        amount,
        incentive,
    }
}

/// Six lines of five employees, no 年金 line (so its total is 0件), a kanji name starting with
/// `＝` (the CSV's formula guard) and one without a kanji name.
///
/// | No | 職員番号 | 財形種類 | 店番-口座番号 | amount | incentive |
/// |---|---|---|---|---:|---:|
/// | 1 | 00123 ﾛｳｷﾝ ﾀﾛｳ 労金　太郎 | 一般 | 201-1000001 | 10,000 | 500 |
/// | 2 | 00123 | 住宅 | 201-1000002 | 20,000 | 0 |
/// | 3 | 00200 ﾀﾅｶ ﾊﾅｺ 田中　花子 | 一般 | 201-1000003 | 5,000 | 250 |
/// | 4 | 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑　美由紀 | 住宅 | 305-2000001 | 30,000 | 1,000 |
/// | 5 | 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 | 一般 | 201-1000005 | 3,000 | 0 |
/// | 6 | 00500 ｺﾊﾞﾔｼ ｼﾞﾛｳ (none) | 一般 | 201-1000006 | 0 | 1,200 |
pub fn deposit_lines() -> Vec<Line> {
    use SavingsKind::*;
    vec![
        line(1, TARO, General, ("201", "1000001"), 10_000, 500),
        line(2, TARO, Housing, ("201", "1000002"), 20_000, 0),
        line(3, HANAKO, General, ("201", "1000003"), 5_000, 250),
        line(4, MIYUKI, Housing, ("305", "2000001"), 30_000, 1_000),
        line(5, ICHIRO, General, ("201", "1000005"), 3_000, 0),
        line(6, JIRO, General, ("201", "1000006"), 0, 1_200),
    ]
}

/// Four balances (加入者残高一覧表; no 奨励金), one above ten billion yen.
pub fn balance_lines() -> Vec<Line> {
    use SavingsKind::*;
    vec![
        line(1, TARO, General, ("201", "1000001"), 1_234_567, 0),
        line(2, TARO, Pension, ("201", "1000007"), 12_345_678_901, 0),
        line(3, HANAKO, General, ("201", "1000003"), 0, 0),
        line(4, MIYUKI, Housing, ("305", "2000001"), 987_654, 0),
    ]
}

/// Three 奨励金 lines (積立金額, 奨励金額).
pub fn incentive_lines() -> Vec<Line> {
    use SavingsKind::*;
    vec![
        line(1, TARO, General, ("201", "1000001"), 10_000, 500),
        line(2, HANAKO, General, ("201", "1000003"), 5_000, 250),
        line(3, MIYUKI, Pension, ("305", "2000008"), 8_000, 400),
    ]
}

/// The lines of a document kind's sample.
pub fn lines(kind: DocumentKind) -> Vec<Line> {
    match kind {
        DocumentKind::Deposit => deposit_lines(),
        DocumentKind::Balance => balance_lines(),
        DocumentKind::Incentive => incentive_lines(),
    }
}

/// The totals of `lines` as the database sums them (`GROUP BY kind`, 0件 rows added).
pub fn totals(lines: &[Line]) -> KindTotals {
    let per_kind = SavingsKind::ALL
        .iter()
        .map(|k| {
            let mut t = Tally::default();
            for l in lines.iter().filter(|l| l.kind == *k) {
                t.count += 1;
                t.amount += l.amount;
                t.incentive += l.incentive;
            }
            (*k, t)
        })
        .collect::<Vec<_>>();
    let total = per_kind.iter().fold(Tally::default(), |a, (_, t)| Tally {
        count: a.count + t.count,
        amount: a.amount + t.amount,
        incentive: a.incentive + t.incentive,
    });
    KindTotals { per_kind, total }
}

fn side(branch: &str, account: &str, amount: i64, incentive: i64) -> Side {
    Side {
        branch_no: branch.into(),
        account_no: account.into(),
        amount,
        incentive,
    }
}

fn change(
    change_no: i32,
    change_kind: ChangeKind,
    person: (&str, &str, &str),
    kind: SavingsKind,
    before: Option<Side>,
    after: Option<Side>,
) -> Change {
    Change {
        change_no,
        change_kind,
        employee_no: person.0.into(),
        kana_name: person.1.into(),
        kanji_name: person.2.into(),
        kind,
        before,
        after,
    }
}

/// The 変更明細 of [`deposit_lines`] against 2012-09-16: one 新規, one 口座変更, two 金額変更,
/// one 解約, in `change_no` order.
pub fn changes() -> Vec<Change> {
    use ChangeKind::*;
    use SavingsKind::*;
    vec![
        change(
            1,
            New,
            JIRO,
            General,
            None,
            Some(side("201", "1000006", 0, 1_200)),
        ),
        change(
            2,
            Account,
            MIYUKI,
            Housing,
            Some(side("201", "1000004", 30_000, 1_000)),
            Some(side("305", "2000001", 30_000, 1_000)),
        ),
        change(
            3,
            Amount,
            TARO,
            General,
            Some(side("201", "1000001", 10_000, 400)),
            Some(side("201", "1000001", 10_000, 500)),
        ),
        change(
            4,
            Amount,
            HANAKO,
            General,
            Some(side("201", "1000003", 4_000, 250)),
            Some(side("201", "1000003", 5_000, 250)),
        ),
        change(
            5,
            Gone,
            ("00600", "ｻﾄｳ ｻﾌﾞﾛｳ", "佐藤　三郎"),
            Pension,
            Some(side("201", "1000009", 7_000, 0)),
            None,
        ),
    ]
}

/// The previous 作成基準日 of [`changes`].
pub fn previous() -> NaiveDate {
    date(2012, 9, 16)
}

/// `n` lines of `n / 2` employees, each with 一般 and (every other) 住宅 or 年金.
pub fn generated(n: usize) -> Vec<Line> {
    let kinds = [
        SavingsKind::General,
        SavingsKind::Housing,
        SavingsKind::Pension,
    ];
    (0..n)
        .map(|i| {
            let employee = i / 2;
            let kind = if i % 2 == 0 {
                kinds[0]
            } else {
                kinds[1 + employee % 2]
            };
            Line {
                line_no: i32::try_from(i + 1).unwrap_or(i32::MAX),
                employee_no: format!("{:06}", employee + 1),
                kana_name: format!("ｻﾞｲｹｲ ﾀﾛｳ{}", employee % 10),
                kanji_name: "財形　太郎".into(),
                kind,
                branch_no: "201".into(),
                account_no: format!("{:07}", 1_000_000 + i),
                amount: 1_000 * (1 + (i % 50) as i64),
                incentive: 100 * (i % 3) as i64,
            }
        })
        .collect()
}
