//! まとめ入金依頼書 (A4 portrait, one page): the form the clerk hands the bank with the lump sum,
//! addressed to the お取引店. The figures are the database's (`docs/deduction.md` §3.5), fixed at
//! 確定; printed before 確定 (a preview) the title says 「未確定」.

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::deduction::{AccountKind, LumpState};

use crate::pdf::{Cell, Column, Header, ListReport, Orientation, PdfError, Row};

use super::{ListHeader, jst_text};

pub const TITLE: &str = "まとめ入金依頼書";

/// 入金先 (`deduction_payees`, copied at 確定).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payee {
    pub branch_no: String,
    pub branch_name: String,
    pub account_kind: AccountKind,
    pub account_no: String,
    pub account_name_kana: String,
}

/// The figures of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LumpForm {
    pub state: LumpState,
    /// 件数 / 入金額: lines not 解除, no error, no 入金中止.
    pub count: i64,
    pub amount: i64,
    /// 除外件数 / 除外金額: 入金中止 and error lines.
    pub excluded_count: i64,
    pub excluded_amount: i64,
    /// 入金予定日 (= 支給日).
    pub payday: NaiveDate,
    /// `None`: not registered (確定 is refused then; a preview prints 「未登録」).
    pub payee: Option<Payee>,
    /// 確定者 (the user's name) and 確定日時.
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// 金庫受付日時.
    pub taken_at: Option<DateTime<Utc>>,
}

/// `2026年04月25日`.
pub fn date_text(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

fn item(label: &str, value: String) -> Row {
    Row::Data(vec![Cell::Text(label.to_owned()), Cell::Text(value)])
}

pub fn build(h: &ListHeader, f: &LumpForm) -> ListReport {
    let title = match f.state {
        LumpState::Open => format!("{TITLE}（未確定）"),
        _ => TITLE.to_owned(),
    };
    let mut left = Vec::new();
    if !h.branch.is_empty() {
        left.push(format!("{}　御中", h.branch));
    }
    left.push("下記のとおり、まとめ入金を依頼いたします。".to_owned());
    let header = Header {
        title,
        more_left: left,
        more_right: vec![
            format!("入金グループ：{}", h.group()),
            format!("作成日時：{}", jst_text(h.created_at)),
        ],
        ..Header::default()
    };
    let yen = |v: i64| format!("{}円", crate::yen(v));
    let mut rows = vec![
        item("入金グループ", h.group()),
        item("支給区分", h.occasion.label().to_owned()),
        item("控除年月", h.month.label()),
        item("件数", super::count(f.count)),
        item("入金額", yen(f.amount)),
        item(
            "除外件数（入金中止・エラー）",
            super::count(f.excluded_count),
        ),
        item("除外金額（入金中止・エラー）", yen(f.excluded_amount)),
        item("入金予定日", date_text(f.payday)),
    ];
    match &f.payee {
        Some(p) => {
            rows.push(item(
                "入金先　店番・店名",
                format!("{}　{}", p.branch_no, p.branch_name),
            ));
            rows.push(item("入金先　預金種目", p.account_kind.label().to_owned()));
            rows.push(item("入金先　口座番号", p.account_no.clone()));
            rows.push(item("入金先　口座名義", p.account_name_kana.clone()));
        }
        None => rows.push(item("入金先", "未登録".to_owned())),
    }
    rows.push(item("状態", f.state.label().to_owned()));
    rows.push(item("確定者", f.confirmed_by.clone().unwrap_or_default()));
    rows.push(item(
        "確定日時",
        f.confirmed_at.map(jst_text).unwrap_or_default(),
    ));
    if let Some(t) = f.taken_at {
        rows.push(item("金庫受付日時", jst_text(t)));
    }
    // Room for the branch's stamp, as on the paper form.
    rows.push(item("金庫使用欄（受付印）", "\n\n\n\n".to_owned()));
    ListReport {
        header,
        orientation: Orientation::Portrait,
        columns: vec![Column::text("項目", 66.0), Column::text("内容", 120.0)],
        rows,
    }
}

pub fn render(h: &ListHeader, f: &LumpForm) -> Result<Vec<u8>, PdfError> {
    build(h, f).render()
}
