//! Sample lines for the tests, the example (`examples/deduction_lists.rs`) and the bench: a
//! small fixed cycle ([`small`]) and a generated one of any size ([`generated`]). Not business
//! data; deterministic.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::deduction::{
    AccountKind, FailReason, LineError, LumpState, Movement, Outcome, StopReason, YearMonth,
};
use cjs_domain::schedule::Occasion;

use super::lump_request::{LumpForm, Payee};
use super::{Line, LineOutcome, LineStop, ListHeader};

/// 2026-04-20 10:15 JST.
pub fn created_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 20, 1, 15, 0)
        .single()
        .unwrap_or_default()
}

/// 0001 本社グループ, 月例 2026年04月, お取引店 本店営業部.
pub fn header() -> ListHeader {
    ListHeader {
        group_no: "0001".into(),
        group_name: "本社グループ".into(),
        occasion: Occasion::Monthly,
        month: YearMonth::new(2026, 4).unwrap_or_else(|| YearMonth::of(NaiveDate::MIN)),
        created_at: created_at(),
        branch: "本店営業部".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn line(
    line_no: i32,
    employee_no: &str,
    kana: &str,
    kanji: &str,
    product: (&str, &str),
    account: (&str, &str),
    amount: i64,
    previous: Option<i64>,
    movement: Movement,
) -> Line {
    Line {
        line_no,
        employee_no: employee_no.into(),
        kana_name: kana.into(),
        kanji_name: kanji.into(),
        product_code: product.0.into(),
        product_name: product.1.into(),
        branch_no: account.0.into(),
        account_no: account.1.into(),
        amount,
        previous_amount: previous,
        movement,
        counter: false,
        error: None,
        stop: None,
        result: None,
    }
}

const ACE: (&str, &str) = ("01", "エース預金");
const TSUMIKIN: (&str, &str) = ("02", "定期積金");
const ZAIKEI: (&str, &str) = ("03", "財形預金");
const CARDLOAN: (&str, &str) = ("05", "カードローン返済");

/// Eight lines of five employees: every 異動区分, a 窓口 change, an error, a 入金中止, results
/// with a 不能 and a カナ氏名不一致, and a kanji name starting with `=` (for the CSV's formula
/// guard).
///
/// | line | 職員番号 | | amount | |
/// |---|---|---|---:|---|
/// | 1 | 00123 ﾛｳｷﾝ ﾀﾛｳ 労金　太郎 | エース預金 | 10,000 | 継続, 済 |
/// | 2 | 00123 | 定期積金 | 5,000 | 変更 (3,000), 窓口, 済 |
/// | 3 | 00123 | 財形預金 | 0 | 解除 (2,000) |
/// | 4 | 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 | エース預金 | 20,000 | 新規, 不能 02 |
/// | 5 | 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 | カードローン返済 | 15,000 | 継続, 入金中止 退職, 済, kana ﾔﾏｻｷ ﾐﾕｷ |
/// | 6 | 00400 ｽｽﾞｷ ｲﾁﾛｳ =鈴木 | エース預金 | 7,000 | 新規, error 口座なし (000/0000000), 窓口 |
/// | 7 | 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 | エース預金 | 8,000 | 継続, 済 |
/// | 8 | 00500 | 財形預金 | 12,000 | 変更 (10,000), 入金中止 その他（育児休業）, 済 |
pub fn small() -> Vec<Line> {
    let done = |kana: Option<&str>, mismatch: bool| {
        Some(LineOutcome {
            outcome: Outcome::Done,
            reason: None,
            reason_text: None,
            bank_kana: kana.map(str::to_owned),
            kana_mismatch: mismatch,
        })
    };
    let taro = ("00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金　太郎");
    let mut l1 = line(
        1,
        taro.0,
        taro.1,
        taro.2,
        ACE,
        ("001", "1234567"),
        10_000,
        Some(10_000),
        Movement::Continued,
    );
    l1.result = done(Some("ﾛｳｷﾝ ﾀﾛｳ"), false);
    let mut l2 = line(
        2,
        taro.0,
        taro.1,
        taro.2,
        TSUMIKIN,
        ("001", "2345678"),
        5_000,
        Some(3_000),
        Movement::Changed,
    );
    l2.counter = true;
    l2.result = done(None, false);
    let l3 = line(
        3,
        taro.0,
        taro.1,
        taro.2,
        ZAIKEI,
        ("001", "3456789"),
        0,
        Some(2_000),
        Movement::Cancelled,
    );
    let mut l4 = line(
        4,
        "00200",
        "ﾀﾅｶ ﾊﾅｺ",
        "田中　花子",
        ACE,
        ("002", "7654321"),
        20_000,
        None,
        Movement::New,
    );
    l4.result = Some(LineOutcome {
        outcome: Outcome::Failed,
        reason: Some(FailReason::AccountClosed),
        reason_text: None,
        bank_kana: Some("ﾀﾅｶ ﾊﾅｺ".into()),
        kana_mismatch: false,
    });
    let mut l5 = line(
        5,
        "00300",
        "ﾔﾏｻﾞｷ ﾐﾕｷ",
        "山﨑　美由紀",
        CARDLOAN,
        ("003", "1111111"),
        15_000,
        Some(15_000),
        Movement::Continued,
    );
    l5.stop = Some(LineStop {
        reason: StopReason::Retired,
        text: None,
    });
    l5.result = done(Some("ﾔﾏｻｷ ﾐﾕｷ"), true);
    let mut l6 = line(
        6,
        "00400",
        "ｽｽﾞｷ ｲﾁﾛｳ",
        "=鈴木",
        ACE,
        ("000", "0000000"),
        7_000,
        None,
        Movement::New,
    );
    l6.counter = true;
    l6.error = Some(LineError::NoAccount);
    let mut l7 = line(
        7,
        "00500",
        "ｺﾊﾞﾔｼ ｹﾝｼﾞ",
        "小林　健二",
        ACE,
        ("005", "5555555"),
        8_000,
        Some(8_000),
        Movement::Continued,
    );
    l7.result = done(Some("ｺﾊﾞﾔｼ ｹﾝｼﾞ"), false);
    let mut l8 = line(
        8,
        "00500",
        "ｺﾊﾞﾔｼ ｹﾝｼﾞ",
        "小林　健二",
        ZAIKEI,
        ("005", "6666666"),
        12_000,
        Some(10_000),
        Movement::Changed,
    );
    l8.stop = Some(LineStop {
        reason: StopReason::Other,
        text: Some("育児休業".into()),
    });
    l8.result = done(Some("ｺﾊﾞﾔｼ ｹﾝｼﾞ"), false);
    vec![l1, l2, l3, l4, l5, l6, l7, l8]
}

/// The まとめ入金 of [`small`], 確定: 件数 4 (lines 1, 2, 4, 7), 入金額 43,000; 除外 3 (5, 6, 8)
/// 34,000.
pub fn lump() -> LumpForm {
    LumpForm {
        state: LumpState::Confirmed,
        count: 4,
        amount: 43_000,
        excluded_count: 3,
        excluded_amount: 34_000,
        payday: NaiveDate::from_ymd_opt(2026, 4, 25).unwrap_or_default(),
        payee: Some(Payee {
            branch_no: "001".into(),
            branch_name: "本店営業部".into(),
            account_kind: AccountKind::Ordinary,
            account_no: "7777777".into(),
            account_name_kana: "ﾎﾝｼﾔ ｸﾞﾙｰﾌﾟ ﾛｳﾄﾞｳｸﾐｱｲ".into(),
        }),
        confirmed_by: Some("労金 次郎".into()),
        confirmed_at: Utc.with_ymd_and_hms(2026, 4, 25, 1, 30, 0).single(),
        taken_at: None,
    }
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
const PRODUCTS: [(&str, &str); 5] = [ACE, TSUMIKIN, ZAIKEI, ("04", "証書貸付返済"), CARDLOAN];

/// `n` lines, one to three per employee, with a mix of 異動区分, 窓口, errors, 入金中止 and
/// results (in line order).
pub fn generated(n: usize) -> Vec<Line> {
    let mut out = Vec::with_capacity(n);
    let mut emp = 0usize;
    while out.len() < n {
        emp += 1;
        let (ks, js) = SURNAMES[emp % SURNAMES.len()];
        let (kg, jg) = GIVEN[(emp / 8) % GIVEN.len()];
        let per = 1 + emp % 3;
        for k in 0..per {
            if out.len() >= n {
                break;
            }
            let i = out.len();
            let movement = match i % 20 {
                0 => Movement::New,
                1 | 2 => Movement::Changed,
                3 => Movement::Cancelled,
                _ => Movement::Continued,
            };
            let base = 1_000 * ((i as i64 * 37) % 120 + 1);
            let amount = if movement == Movement::Cancelled {
                0
            } else {
                base
            };
            let mut l = line(
                i as i32 + 1,
                &format!("{:06}", 100 + emp * 3),
                &format!("{ks} {kg}"),
                &format!("{js}　{jg}"),
                PRODUCTS[(emp + k) % PRODUCTS.len()],
                (
                    &format!("{:03}", 1 + emp % 40),
                    &format!("{:07}", 1_000_000 + i * 13),
                ),
                amount,
                (movement != Movement::New).then_some(base + if i % 20 < 4 { 1_000 } else { 0 }),
                movement,
            );
            l.counter = i % 29 == 0 && movement != Movement::Continued;
            if i % 97 == 50 {
                l.error = Some(LineError::Duplicate);
            }
            if i % 61 == 7 && l.counts() {
                l.stop = Some(LineStop {
                    reason: StopReason::InsufficientPay,
                    text: None,
                });
            }
            if l.movement != Movement::Cancelled && l.error.is_none() {
                let failed = i % 53 == 11;
                l.result = Some(LineOutcome {
                    outcome: if failed {
                        Outcome::Failed
                    } else {
                        Outcome::Done
                    },
                    reason: failed.then_some(FailReason::NoAccount),
                    reason_text: None,
                    bank_kana: Some(l.kana_name.clone()),
                    kana_mismatch: i % 71 == 5,
                });
            }
            out.push(l);
        }
    }
    out
}
