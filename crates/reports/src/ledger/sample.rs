//! Sample data for the tests, the example (`examples/ledger_lists.rs`) and the bench: a small
//! fixed cycle ([`lines`] and the rest) and generated ones of any size ([`generated`],
//! [`generated_details`]). Not business data; deterministic.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::{
    CombinedRow, EmployeeBlock, FailReason, ItemKind, Mismatch, MismatchKind, Movement, Outcome,
    RowSource,
};
use cjs_domain::schedule::Occasion;

use super::lines_csv::DetailRow;
use super::{ItemTotal, Line, LineOutcome, ListHeader, MovementLine};

/// 2026-04-20 10:15 JST.
pub fn created_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 20, 1, 15, 0)
        .single()
        .unwrap_or_default()
}

/// A month of the samples (`ym(2026, 4)`).
pub fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth::new(year, month).unwrap_or_else(|| YearMonth::of(NaiveDate::MIN))
}

/// 0001 本社グループ, 月例 2026年04月 (the ledger's lists print no お取引店).
pub fn header() -> ListHeader {
    ListHeader {
        group_no: "0001".into(),
        group_name: "本社グループ".into(),
        occasion: Occasion::Monthly,
        month: ym(2026, 4),
        created_at: created_at(),
        branch: String::new(),
    }
}

/// The sample items: (code, name, kind).
pub const ITEMS: [(&str, &str, ItemKind); 5] = [
    ("101", "組合費", ItemKind::UnionDues),
    ("201", "共済掛金", ItemKind::MutualAid),
    ("301", "互助会費", ItemKind::Other),
    ("401", "親睦会費", ItemKind::Other),
    ("901", "労金積立", ItemKind::Rokin),
];

fn item(code: &str) -> (&'static str, &'static str, ItemKind) {
    ITEMS
        .iter()
        .copied()
        .find(|i| i.0 == code)
        .unwrap_or(ITEMS[0])
}

fn line(line_no: i32, person: (&str, &str, &str), code: &str, amount: i64) -> Line {
    let (code, name, kind) = item(code);
    Line {
        line_no,
        employee_no: person.0.into(),
        kana_name: person.1.into(),
        kanji_name: person.2.into(),
        item_code: code.into(),
        item_name: name.into(),
        item_kind: kind,
        amount,
        start_month: None,
        end_month: None,
        result: None,
    }
}

const TARO: (&str, &str, &str) = ("00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金　太郎");
const HANAKO: (&str, &str, &str) = ("00200", "ﾀﾅｶ ﾊﾅｺ", "田中　花子");
const MIYUKI: (&str, &str, &str) = ("00300", "ﾔﾏｻﾞｷ ﾐﾕｷ", "山﨑　美由紀");
const ICHIRO: (&str, &str, &str) = ("00400", "ｽｽﾞｷ ｲﾁﾛｳ", "＝鈴木");
const KENJI: (&str, &str, &str) = ("00500", "ｺﾊﾞﾔｼ ｹﾝｼﾞ", "小林　健二");

fn outcome(outcome: Outcome, reason: Option<FailReason>, text: Option<&str>) -> LineOutcome {
    LineOutcome {
        outcome,
        reason,
        text: text.map(str::to_owned),
    }
}

/// Seven run lines of four employees (月例 2026年04月) with their periods and results, and a
/// kanji name starting with `=` (for the CSV's formula guard).
///
/// | line | 職員番号 | 種目 | amount | period | result |
/// |---|---|---|---:|---|---|
/// | 1 | 00123 ﾛｳｷﾝ ﾀﾛｳ 労金　太郎 | 101 組合費 | 3,500 | 2020-04– | 済 |
/// | 2 | 00123 | 201 共済掛金 | 1,200 | 2021-10– | 済 |
/// | 3 | 00123 | 901 労金積立 (労金) | 10,000 | 2024-01–2026-12 | 済 |
/// | 4 | 00200 ﾀﾅｶ ﾊﾅｺ 田中　花子 | 101 組合費 | 3,500 | 2022-04– | 不能 退職 |
/// | 5 | 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑　美由紀 | 101 組合費 | 3,000 | 2023-04– | 不能 その他（育児休業） |
/// | 6 | 00300 | 301 互助会費 | 500 | 2023-04–2027-03 | none |
/// | 7 | 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 | 201 共済掛金 | 1,200 | 2026-04– | 済 |
pub fn lines() -> Vec<Line> {
    let done = || Some(outcome(Outcome::Deducted, None, None));
    let mut l = vec![
        line(1, TARO, "101", 3_500).with_period(ym(2020, 4), None),
        line(2, TARO, "201", 1_200).with_period(ym(2021, 10), None),
        line(3, TARO, "901", 10_000).with_period(ym(2024, 1), Some(ym(2026, 12))),
        line(4, HANAKO, "101", 3_500).with_period(ym(2022, 4), None),
        line(5, MIYUKI, "101", 3_000).with_period(ym(2023, 4), None),
        line(6, MIYUKI, "301", 500).with_period(ym(2023, 4), Some(ym(2027, 3))),
        line(7, ICHIRO, "201", 1_200).with_period(ym(2026, 4), None),
    ];
    l[0].result = done();
    l[1].result = done();
    l[2].result = done();
    l[3].result = Some(outcome(Outcome::Failed, Some(FailReason::Retired), None));
    l[4].result = Some(outcome(
        Outcome::Failed,
        Some(FailReason::Other),
        Some("育児休業"),
    ));
    l[6].result = done();
    l
}

/// The 種目合計 of [`lines`] as the database sums them, every item in 表示順 (401 has none).
pub fn item_totals() -> Vec<ItemTotal> {
    let lines = lines();
    ITEMS
        .iter()
        .map(|(code, name, kind)| {
            let of: Vec<&Line> = lines.iter().filter(|l| l.item_code == *code).collect();
            ItemTotal {
                code: (*code).into(),
                name: (*name).into(),
                kind: *kind,
                count: of.len() as i64,
                amount: of.iter().map(|l| l.amount).sum(),
            }
        })
        .collect()
}

fn movement(
    movement: Movement,
    person: (&str, &str, &str),
    code: &str,
    previous: Option<i64>,
    current: i64,
) -> MovementLine {
    let (code, name, _) = item(code);
    MovementLine {
        movement,
        employee_no: person.0.into(),
        kana_name: person.1.into(),
        kanji_name: person.2.into(),
        item_code: code.into(),
        item_name: name.into(),
        previous,
        current,
    }
}

/// 異動分 of [`lines`] against a previous run (in the domain's order: 新規, 金額変更, 終了):
/// 00400 201 新規 1,200; 00123 101 3,000 → 3,500; 00300 101 3,500 → 3,000; 00500 101 終了
/// 3,500 → 0.
pub fn movements() -> Vec<MovementLine> {
    vec![
        movement(Movement::New, ICHIRO, "201", None, 1_200),
        movement(Movement::AmountChanged, TARO, "101", Some(3_000), 3_500),
        movement(Movement::AmountChanged, MIYUKI, "101", Some(3_500), 3_000),
        movement(Movement::Ended, KENJI, "101", Some(3_500), 0),
    ]
}

/// 相違 of [`lines`] against 労金控除 details: 00300's kana is ﾔﾏｻｷ ﾐﾕｷ there; 00400 is `400`
/// there (a spreadsheet dropped the zeros).
pub fn mismatches() -> Vec<Mismatch> {
    vec![
        Mismatch {
            employee_no: MIYUKI.0.into(),
            kind: MismatchKind::Kana,
            kana_name: MIYUKI.1.into(),
            kanji_name: MIYUKI.2.into(),
            deduction_employee_no: MIYUKI.0.into(),
            deduction_kana_name: "ﾔﾏｻｷ ﾐﾕｷ".into(),
        },
        Mismatch {
            employee_no: ICHIRO.0.into(),
            kind: MismatchKind::Digits,
            kana_name: ICHIRO.1.into(),
            kanji_name: ICHIRO.2.into(),
            deduction_employee_no: "400".into(),
            deduction_kana_name: ICHIRO.1.into(),
        },
    ]
}

fn rokin(code: &str, name: &str, branch: &str, account: &str, amount: i64) -> CombinedRow {
    CombinedRow {
        source: RowSource::Rokin,
        code: code.into(),
        name: name.into(),
        branch_no: Some(branch.into()),
        account_no: Some(account.into()),
        amount,
    }
}

fn ledger(code: &str, amount: i64) -> CombinedRow {
    let (code, name, _) = item(code);
    CombinedRow {
        source: RowSource::Ledger,
        code: code.into(),
        name: name.into(),
        branch_no: None,
        account_no: None,
        amount,
    }
}

fn block(person: (&str, &str, &str), rows: Vec<CombinedRow>) -> EmployeeBlock {
    EmployeeBlock {
        employee_no: person.0.into(),
        kana_name: person.1.into(),
        kanji_name: Some(person.2.into()),
        total: rows.iter().map(|r| r.amount).sum(),
        rows,
    }
}

/// 労金控除賃控元帳依頼 of the cycle with the 労金控除 data (so 901 労金積立 is left out): four
/// 労金控除 lines (43,000) and six ledger lines (12,900), five employees, 55,900.
pub fn blocks() -> Vec<EmployeeBlock> {
    vec![
        block(
            TARO,
            vec![
                rokin("01", "エース預金", "001", "1234567", 10_000),
                rokin("02", "定期積金", "001", "2345678", 5_000),
                ledger("101", 3_500),
                ledger("201", 1_200),
            ],
        ),
        block(
            HANAKO,
            vec![
                rokin("01", "エース預金", "002", "7654321", 20_000),
                ledger("101", 3_500),
            ],
        ),
        block(MIYUKI, vec![ledger("101", 3_000), ledger("301", 500)]),
        block(ICHIRO, vec![ledger("201", 1_200)]),
        block(
            KENJI,
            vec![rokin("01", "エース預金", "005", "5555555", 8_000)],
        ),
    ]
}

/// The 有効 lines behind [`lines`] as the 明細データ exports them (00123's 101 also has a 夏季
/// and 年末 amount; 00500's line has ended).
pub fn details() -> Vec<DetailRow> {
    let d = |p: (&str, &str, &str), code: &str, amounts: [i64; 3], start, end| {
        let (code, name, _) = item(code);
        DetailRow {
            employee_no: p.0.into(),
            kana_name: p.1.into(),
            kanji_name: p.2.into(),
            item_code: code.into(),
            item_name: name.into(),
            amount_monthly: amounts[0],
            amount_summer: amounts[1],
            amount_year_end: amounts[2],
            start_month: start,
            end_month: end,
        }
    };
    vec![
        d(TARO, "101", [3_500, 5_000, 5_000], ym(2020, 4), None),
        d(TARO, "201", [1_200, 0, 0], ym(2021, 10), None),
        d(
            TARO,
            "901",
            [10_000, 30_000, 30_000],
            ym(2024, 1),
            Some(ym(2026, 12)),
        ),
        d(HANAKO, "101", [3_500, 5_000, 5_000], ym(2022, 4), None),
        d(MIYUKI, "101", [3_000, 5_000, 5_000], ym(2023, 4), None),
        d(MIYUKI, "301", [500, 0, 0], ym(2023, 4), Some(ym(2027, 3))),
        d(ICHIRO, "201", [1_200, 0, 0], ym(2026, 4), None),
        d(
            KENJI,
            "101",
            [3_500, 5_000, 5_000],
            ym(2019, 4),
            Some(ym(2026, 3)),
        ),
    ]
}

const SURNAMES: [(&str, &str); 8] = [
    ("ﾛｳｷﾝ", "労金"),
    ("ﾀﾅｶ", "田中"),
    ("ｽｽﾞｷ", "鈴木"),
    ("ﾀｶﾊｼ", "髙橋"),
    ("ﾔﾏｻﾞｷ", "山﨑"),
    ("ﾜﾀﾅﾍﾞ", "渡邉"),
    ("ｲﾄｳ", "伊藤"),
    ("ｺﾊﾞﾔｼ", "小林"),
];
const GIVEN: [(&str, &str); 6] = [
    ("ﾀﾛｳ", "太郎"),
    ("ﾊﾅｺ", "花子"),
    ("ｲﾁﾛｳ", "一郎"),
    ("ﾐﾕｷ", "美由紀"),
    ("ｹﾝｼﾞ", "健二"),
    ("ｻﾁｺ", "幸子"),
];

/// The `i`-th generated (employee, item) pair, starting at `i = 0`: one to four items per
/// employee, numbered so the order is 職員番号 then item.
fn generated_at(
    i: usize,
) -> (
    String,
    String,
    String,
    (&'static str, &'static str, ItemKind),
    i64,
) {
    let emp = i / 4;
    let k = i % 4;
    let (ks, js) = SURNAMES[emp % SURNAMES.len()];
    let (kg, jg) = GIVEN[(emp / 8) % GIVEN.len()];
    let amount = 100 * ((i as i64 * 37) % 150 + 1);
    (
        format!("{:07}", 100 + emp * 3),
        format!("{ks} {kg}"),
        format!("{js}　{jg}"),
        ITEMS[k],
        amount,
    )
}

/// `n` run lines, four per employee, with a mix of results (済, 不能 with each reason, none).
pub fn generated(n: usize) -> Vec<Line> {
    (0..n)
        .map(|i| {
            let (no, kana, kanji, (code, name, kind), amount) = generated_at(i);
            let result = match i % 23 {
                0 => None,
                5 => Some(outcome(Outcome::Failed, Some(FailReason::Leave), None)),
                11 => Some(outcome(
                    Outcome::Failed,
                    Some(FailReason::InsufficientPay),
                    None,
                )),
                17 => Some(outcome(
                    Outcome::Failed,
                    Some(FailReason::Other),
                    Some("長期出張のため翌月にまとめて控除"),
                )),
                _ => Some(outcome(Outcome::Deducted, None, None)),
            };
            Line {
                line_no: i as i32 + 1,
                employee_no: no,
                kana_name: kana,
                kanji_name: kanji,
                item_code: code.into(),
                item_name: name.into(),
                item_kind: kind,
                amount,
                start_month: Some(ym(2020 + (i % 6) as i32, 1 + (i % 12) as u32)),
                end_month: i.is_multiple_of(5).then(|| ym(2027, 3)),
                result,
            }
        })
        .collect()
}

/// The `i`-th (from 0) of a generated 明細データ export, for streaming any number of rows
/// without holding them.
pub fn generated_detail(i: usize) -> DetailRow {
    let (no, kana, kanji, (code, name, _), amount) = generated_at(i);
    let bonus = if code == "201" || code == "301" {
        0
    } else {
        amount * 2
    };
    DetailRow {
        employee_no: no,
        kana_name: kana,
        kanji_name: kanji,
        item_code: code.into(),
        item_name: name.into(),
        amount_monthly: amount,
        amount_summer: bonus,
        amount_year_end: bonus,
        start_month: ym(2020 + (i % 6) as i32, 1 + (i % 12) as u32),
        end_month: i.is_multiple_of(5).then(|| ym(2027, 3)),
    }
}

/// `n` rows of a generated 明細データ export.
pub fn generated_details(n: usize) -> Vec<DetailRow> {
    (0..n).map(generated_detail).collect()
}

/// The blocks of [`generated`]`(n)`'s employees, each with a 労金控除 エース預金 line first.
pub fn generated_blocks(n: usize) -> Vec<EmployeeBlock> {
    let lines = generated(n);
    let mut out: Vec<EmployeeBlock> = Vec::new();
    for l in &lines {
        if out.last().is_none_or(|b| b.employee_no != l.employee_no) {
            let k = out.len();
            out.push(block(
                (&l.employee_no, &l.kana_name, &l.kanji_name),
                vec![rokin(
                    "01",
                    "エース預金",
                    &format!("{:03}", 1 + k % 40),
                    &format!("{:07}", 1_000_000 + k * 13),
                    1_000 * (1 + (k as i64 % 30)),
                )],
            ));
        }
        if let Some(b) = out.last_mut() {
            b.rows.push(ledger(&l.item_code, l.amount));
            b.total += l.amount;
        }
    }
    out
}
