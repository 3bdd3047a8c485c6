//! Sample data for the tests, the example (`examples/collective_lists.rs`) and the route tests'
//! expectations: run 014 サンプル1 (2012年10月14日, 臨時作成) of five members compared with run
//! 013 サンプル0 (2012年09月14日), one change of each 変更区分; and generated runs of any size.
//! Not business data; deterministic.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::changes::ChangeKind;
use cjs_domain::schedule::RunKind;

use super::{ChangeFoot, ChangeLine, Line, ListHeader, RunHeading, Side, Totals};

/// 2012-10-15 09:30 JST.
pub fn created_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2012, 10, 15, 0, 30, 0)
        .single()
        .unwrap_or_default()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// 014 サンプル1, 2012-10-14, 臨時作成.
pub fn run() -> RunHeading {
    RunHeading {
        run_no: 14,
        name: "サンプル1".into(),
        received_on: date(2012, 10, 14),
        kind: RunKind::AdHoc,
    }
}

/// 013 サンプル0, 2012-09-14, 定例: the run compared with.
pub fn previous() -> RunHeading {
    RunHeading {
        run_no: 13,
        name: "サンプル0".into(),
        received_on: date(2012, 9, 14),
        kind: RunKind::Regular,
    }
}

/// 0001 本社グループ, お取引店 本店営業部, run 014.
pub fn header() -> ListHeader {
    ListHeader {
        group_no: "0001".into(),
        group_name: "本社グループ".into(),
        branch: "本店営業部".into(),
        run: run(),
        created_at: created_at(),
    }
}

fn line(
    line_no: i32,
    (employee_no, kana, kanji): (&str, &str, &str),
    (branch, account): (&str, &str),
    amount: i64,
) -> Line {
    Line {
        line_no,
        employee_no: employee_no.into(),
        kana_name: kana.into(),
        kanji_name: kanji.into(),
        branch_no: branch.into(),
        account_no: account.into(),
        amount,
    }
}

const TARO: (&str, &str, &str) = ("00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金　太郎");
const HANAKO: (&str, &str, &str) = ("00200", "ﾀﾅｶ ﾊﾅｺ", "田中　花子");
const MIYUKI: (&str, &str, &str) = ("00300", "ﾔﾏｻﾞｷ ﾐﾕｷ", "山﨑　美由紀");
const ICHIRO: (&str, &str, &str) = ("00400", "ｽｽﾞｷ ｲﾁﾛｳ", "＝鈴木");
const KENJI: (&str, &str, &str) = ("00500", "ｺﾊﾞﾔｼ ｹﾝｼﾞ", "小林　健二");
const JIRO: (&str, &str, &str) = ("00600", "ｻﾄｳ ｼﾞﾛｳ", "");

/// Run 014's lines: five members, 50,000 yen.
pub fn lines() -> Vec<Line> {
    vec![
        line(1, TARO, ("123", "1234567"), 10_000),
        line(2, HANAKO, ("123", "2345678"), 5_000),
        line(3, MIYUKI, ("456", "3456789"), 12_000),
        line(4, ICHIRO, ("123", "4567890"), 3_000),
        line(5, JIRO, ("789", "5678901"), 20_000),
    ]
}

/// Run 013's lines: five members, 37,000 yen.
pub fn previous_lines() -> Vec<Line> {
    vec![
        line(1, TARO, ("123", "1234567"), 10_000),
        line(2, HANAKO, ("123", "2345678"), 4_000),
        line(3, MIYUKI, ("456", "3456780"), 12_000),
        line(4, ICHIRO, ("123", "4567890"), 3_000),
        line(5, KENJI, ("123", "7654321"), 8_000),
    ]
}

/// The database's totals of `lines`.
pub fn totals(lines: &[Line]) -> Totals {
    Totals {
        count: i64::try_from(lines.len()).unwrap_or(i64::MAX),
        amount: lines.iter().map(|l| l.amount).sum(),
    }
}

fn side(branch: &str, account: &str, amount: i64) -> Side {
    Side {
        branch_no: branch.into(),
        account_no: account.into(),
        amount,
    }
}

fn change(
    change_no: i32,
    kind: ChangeKind,
    (employee_no, kana, kanji): (&str, &str, &str),
    before: Option<Side>,
    after: Option<Side>,
) -> ChangeLine {
    ChangeLine {
        change_no,
        kind,
        employee_no: employee_no.into(),
        kana_name: kana.into(),
        kanji_name: kanji.into(),
        before,
        after,
    }
}

/// Run 014 against 013: 新規 00600, 口座変更 00300, 金額変更 00200, 解約 00500.
pub fn changes() -> Vec<ChangeLine> {
    vec![
        change(
            1,
            ChangeKind::New,
            JIRO,
            None,
            Some(side("789", "5678901", 20_000)),
        ),
        change(
            2,
            ChangeKind::Account,
            MIYUKI,
            Some(side("456", "3456780", 12_000)),
            Some(side("456", "3456789", 12_000)),
        ),
        change(
            3,
            ChangeKind::Amount,
            HANAKO,
            Some(side("123", "2345678", 4_000)),
            Some(side("123", "2345678", 5_000)),
        ),
        change(
            4,
            ChangeKind::Gone,
            KENJI,
            Some(side("123", "7654321", 8_000)),
            None,
        ),
    ]
}

/// 前回 5件 37,000, 今回 5件 50,000.
pub fn foot() -> ChangeFoot {
    ChangeFoot {
        previous: totals(&previous_lines()),
        current: totals(&lines()),
    }
}

const KANA: [&str; 6] = [
    "ｱｵｷ ｲﾁﾛｳ",
    "ｲﾉｳｴ ｼﾞﾛｳ",
    "ｳｴﾀﾞ ｻﾌﾞﾛｳ",
    "ｴﾝﾄﾞｳ ｼﾛｳ",
    "ｵｵﾀ ﾊﾅｺ",
    "ｶﾄｳ ﾐﾕｷ",
];
const KANJI: [&str; 6] = [
    "青木　一郎",
    "井上　次郎",
    "上田　三郎",
    "遠藤　四郎",
    "",
    "加藤　美由紀",
];

/// `n` generated lines (職員番号 `0000001`…, amounts 1,000–50,000).
pub fn generated(n: usize) -> Vec<Line> {
    (0..n)
        .map(|i| {
            let k = i % KANA.len();
            Line {
                line_no: i32::try_from(i + 1).unwrap_or(i32::MAX),
                employee_no: format!("{:07}", i + 1),
                kana_name: KANA[k].into(),
                kanji_name: KANJI[k].into(),
                branch_no: format!("{:03}", 100 + i % 7),
                account_no: format!("{:07}", 1_000_000 + i * 37),
                amount: i64::try_from(1_000 * (1 + i % 50)).unwrap_or(0),
            }
        })
        .collect()
}

/// `n` generated changes, every 変更区分 in turn (in 変更区分 order, as stored).
pub fn generated_changes(n: usize) -> Vec<ChangeLine> {
    let kinds = super::change_list::ORDER;
    let mut out: Vec<ChangeLine> = generated(n)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let kind = kinds[i % kinds.len()];
            let now = side(&l.branch_no, &l.account_no, l.amount);
            let (before, after) = match kind {
                ChangeKind::New => (None, Some(now)),
                ChangeKind::Account => (Some(side(&l.branch_no, "9999999", l.amount)), Some(now)),
                ChangeKind::Amount => (Some(side(&l.branch_no, &l.account_no, 500)), Some(now)),
                ChangeKind::Gone => (Some(now), None),
            };
            ChangeLine {
                change_no: 0,
                kind,
                employee_no: l.employee_no,
                kana_name: l.kana_name,
                kanji_name: l.kanji_name,
                before,
                after,
            }
        })
        .collect();
    out.sort_by_key(|c| c.kind);
    for (i, c) in out.iter_mut().enumerate() {
        c.change_no = i32::try_from(i + 1).unwrap_or(i32::MAX);
    }
    out
}
