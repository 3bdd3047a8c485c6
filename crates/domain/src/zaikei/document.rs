//! The documents (帳票): their kind, how the operator names one (`--document` + `--occasion`), and
//! where a new cycle (作成基準日) may go among the document's kept cycles.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::schedule::EmployerDocument;
use crate::session::named_enum;

/// 帳票の種類. The occasion is part of `EmployerDocument`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 預入依頼書 (月例 / 夏季一時金 / 年末一時金): 預入金額, 奨励金, 入金予定日, 変更明細.
    Deposit,
    /// 加入者残高一覧表: 残高 at the 作成基準日.
    Balance,
    /// 奨励金 (月例 / 一時金): 積立金額, 奨励金額.
    Incentive,
}

named_enum!(DocumentKind {
    Deposit => "deposit", "預入依頼書";
    Balance => "balance", "加入者残高一覧表";
    Incentive => "incentive", "奨励金";
});

impl DocumentKind {
    pub fn of(document: EmployerDocument) -> DocumentKind {
        match document {
            EmployerDocument::DepositMonthly
            | EmployerDocument::DepositSummer
            | EmployerDocument::DepositYearEnd => DocumentKind::Deposit,
            EmployerDocument::Balance => DocumentKind::Balance,
            EmployerDocument::IncentiveMonthly | EmployerDocument::IncentiveBonus => {
                DocumentKind::Incentive
            }
        }
    }

    /// The document named by the operator's `--document` and `--occasion` (none for 加入者残高一覧表).
    pub fn document(kind: &str, occasion: Option<&str>) -> Result<EmployerDocument, String> {
        let doc = match (kind, occasion) {
            ("deposit", Some("monthly")) => EmployerDocument::DepositMonthly,
            ("deposit", Some("summer")) => EmployerDocument::DepositSummer,
            ("deposit", Some("year_end")) => EmployerDocument::DepositYearEnd,
            ("deposit", _) => {
                return Err("預入依頼書の --occasion は monthly, summer, year_end".into());
            }
            ("balance", None) => EmployerDocument::Balance,
            ("balance", Some(_)) => {
                return Err("加入者残高一覧表には --occasion はありません".into());
            }
            ("incentive", Some("monthly")) => EmployerDocument::IncentiveMonthly,
            ("incentive", Some("bonus")) => EmployerDocument::IncentiveBonus,
            ("incentive", _) => return Err("奨励金の --occasion は monthly, bonus".into()),
            (other, _) => {
                return Err(format!(
                    "--document {other}: deposit, balance, incentive のいずれか"
                ));
            }
        };
        Ok(doc)
    }

    /// Only a 預入依頼書 has an 入金予定日 and a 変更明細書.
    pub fn is_deposit(self) -> bool {
        self == DocumentKind::Deposit
    }
}

/// Where a loaded cycle goes, and which cycle its 変更明細 is made against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The cycle of the same 作成基準日 is replaced.
    pub replaces: bool,
    /// The previous cycle of the document (the newest earlier one), if any.
    pub previous: Option<NaiveDate>,
}

/// Why a cycle cannot be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadRefusal {
    /// This 作成基準日 is loaded already (replace it with `--replace`).
    Exists(NaiveDate),
    /// `--replace` of a cycle that is not the newest (`newer` was compared with it).
    NotNewest { newer: NaiveDate },
    /// The 作成基準日 is before the document's newest.
    OutOfOrder { newest: NaiveDate },
}

impl fmt::Display for LoadRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ymd = |d: &NaiveDate| d.format("%Y/%m/%d").to_string();
        match self {
            LoadRefusal::Exists(d) => write!(
                f,
                "作成基準日{}のデータは受信済です（作り直すには --replace）",
                ymd(d)
            ),
            LoadRefusal::NotNewest { newer } => write!(
                f,
                "より新しい作成基準日{}のデータがあるため、作り直せません",
                ymd(newer)
            ),
            LoadRefusal::OutOfOrder { newest } => write!(
                f,
                "受信済の最新の作成基準日（{}）より前のデータは登録できません",
                ymd(newest)
            ),
        }
    }
}

/// Where a cycle of `base_date` goes among the document's cycles `existing`: a date loaded
/// already needs `replace` and must be the newest; a new date must be after the newest.
pub fn place(
    existing: &[NaiveDate],
    base_date: NaiveDate,
    replace: bool,
) -> Result<Placement, LoadRefusal> {
    let exists = existing.contains(&base_date);
    if exists && !replace {
        return Err(LoadRefusal::Exists(base_date));
    }
    if let Some(newest) = existing.iter().copied().max()
        && newest > base_date
    {
        return Err(if exists {
            LoadRefusal::NotNewest { newer: newest }
        } else {
            LoadRefusal::OutOfOrder { newest }
        });
    }
    Ok(Placement {
        replaces: exists,
        previous: existing.iter().copied().filter(|d| *d < base_date).max(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, 16).expect("date")
    }

    #[test]
    fn the_operator_names_each_of_the_six_documents() {
        let named = [
            ("deposit", Some("monthly"), EmployerDocument::DepositMonthly),
            ("deposit", Some("summer"), EmployerDocument::DepositSummer),
            (
                "deposit",
                Some("year_end"),
                EmployerDocument::DepositYearEnd,
            ),
            ("balance", None, EmployerDocument::Balance),
            (
                "incentive",
                Some("monthly"),
                EmployerDocument::IncentiveMonthly,
            ),
            ("incentive", Some("bonus"), EmployerDocument::IncentiveBonus),
        ];
        for (kind, occasion, doc) in named {
            assert_eq!(DocumentKind::document(kind, occasion), Ok(doc));
            assert_eq!(DocumentKind::of(doc).as_str(), kind);
        }
        assert!(DocumentKind::document("deposit", None).is_err());
        assert!(DocumentKind::document("deposit", Some("bonus")).is_err());
        assert!(DocumentKind::document("balance", Some("monthly")).is_err());
        assert!(DocumentKind::document("incentive", Some("summer")).is_err());
        assert!(DocumentKind::document("ledger", None).is_err());
        assert!(DocumentKind::Deposit.is_deposit());
        assert!(!DocumentKind::Incentive.is_deposit());
    }

    #[test]
    fn cycles_come_in_order_and_compare_with_the_one_before() {
        assert_eq!(
            place(&[], d(4), false),
            Ok(Placement {
                replaces: false,
                previous: None
            })
        );
        let existing = [d(4), d(5)];
        assert_eq!(
            place(&existing, d(6), false).map(|p| p.previous),
            Ok(Some(d(5)))
        );
        assert_eq!(
            place(&existing, d(3), false),
            Err(LoadRefusal::OutOfOrder { newest: d(5) })
        );
        assert_eq!(
            place(&existing, d(5), false),
            Err(LoadRefusal::Exists(d(5)))
        );
        assert_eq!(
            place(&existing, d(5), true),
            Ok(Placement {
                replaces: true,
                previous: Some(d(4))
            })
        );
        assert_eq!(
            place(&existing, d(4), true),
            Err(LoadRefusal::NotNewest { newer: d(5) })
        );
        assert!(LoadRefusal::Exists(d(5)).to_string().contains("2024/05/16"));
    }
}
