//! The run header (番号, 名称, 受信日, 作成区分) and where a loaded run may go among the group's runs.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::person::is_printable_in_cp932;
use crate::rules::{Field, RuleError};
use crate::schedule::RunKind;
use crate::session::named_enum;

/// 番号: 1–999, shown with three digits (`014`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct RunNo(u16);

impl RunNo {
    pub const RULE: &'static str = "1～999の半角数字";

    pub fn new(n: i64) -> Result<Self, RuleError> {
        if (1..=999).contains(&n) {
            Ok(RunNo(n as u16))
        } else {
            Err(RuleError::Format {
                field: Field::RunNo,
                rule: Self::RULE,
            })
        }
    }

    /// `14` or `014`.
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(RuleError::Required(Field::RunNo));
        }
        if s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RuleError::Format {
                field: Field::RunNo,
                rule: Self::RULE,
            });
        }
        Self::new(s.parse::<i64>().unwrap_or(0))
    }

    pub fn get(self) -> i32 {
        i32::from(self.0)
    }
}

impl TryFrom<i64> for RunNo {
    type Error = RuleError;
    fn try_from(n: i64) -> Result<Self, RuleError> {
        RunNo::new(n)
    }
}

impl From<RunNo> for i64 {
    fn from(n: RunNo) -> i64 {
        i64::from(n.0)
    }
}

impl fmt::Display for RunNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

/// 名称: 1–20 characters, CP932-printable, trimmed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RunName(String);

impl RunName {
    pub const MAX_LEN: usize = 20;
    pub const RULE: &'static str = "20文字以内";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(RuleError::Required(Field::RunName));
        }
        if let Some(ch) = s.chars().find(|c| !is_printable_in_cp932(*c)) {
            return Err(RuleError::Character {
                field: Field::RunName,
                ch,
            });
        }
        if s.chars().count() > Self::MAX_LEN {
            return Err(RuleError::Format {
                field: Field::RunName,
                rule: Self::RULE,
            });
        }
        Ok(RunName(s.to_owned()))
    }
}

crate::string_newtype!(RunName);

/// 作成元: a run loaded with its lines, or a header only (the information screen's command).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Not "RunOrigin": 労金控除's `deduction::RunOrigin` has that name in the OpenAPI document.
#[cfg_attr(feature = "openapi", schema(as = CollectiveRunOrigin))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOrigin {
    File,
    Header,
}

named_enum!(RunOrigin {
    File => "file", "受信データ";
    Header => "header", "受信情報のみ";
});

impl RunOrigin {
    pub fn parse(s: &str) -> Option<RunOrigin> {
        RunOrigin::ALL.iter().copied().find(|o| o.as_str() == s)
    }
}

/// What the bank says about a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunHeader {
    pub run_no: RunNo,
    pub name: RunName,
    pub received_on: NaiveDate,
    pub kind: RunKind,
}

impl RunHeader {
    /// 「014 サンプル1」 as the information screen shows it.
    pub fn title(&self) -> String {
        format!("{} {}", self.run_no, self.name)
    }
}

/// A run the group already has, as `place` needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunFacts {
    pub run_no: RunNo,
    pub received_on: NaiveDate,
    pub origin: RunOrigin,
}

impl RunFacts {
    /// Runs sort by 受信日, then 番号.
    fn order(&self) -> (NaiveDate, RunNo) {
        (self.received_on, self.run_no)
    }
}

/// Where a loaded run goes, and which run its 変更明細 is made against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// A run of the same 番号 is replaced (a file run, or a header-only run made whole).
    pub replaces: bool,
    /// The previous run (the newest earlier file run), if any.
    pub previous: Option<RunNo>,
}

/// Why a run cannot be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadRefusal {
    /// This 番号 is loaded already (replace it with `--replace`).
    Exists(RunNo),
    /// `--replace` of a run that is not the group's newest file run (`newer` was compared with it).
    NotNewest { newer: RunNo },
    /// The run would sort before the group's newest file run.
    OutOfOrder { newest: RunNo },
}

impl fmt::Display for LoadRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadRefusal::Exists(n) => write!(
                f,
                "番号{n}の一斉積立データは受信済です（作り直すには --replace）"
            ),
            LoadRefusal::NotNewest { newer } => {
                write!(f, "より新しい番号{newer}のデータがあるため、作り直せません")
            }
            LoadRefusal::OutOfOrder { newest } => write!(
                f,
                "受信済の最新データ（番号{newest}）より前の受信日・番号のデータは登録できません"
            ),
        }
    }
}

/// Where `header` goes among the group's runs `existing`: a 番号 loaded already needs `replace`,
/// and only the newest file run may be replaced (later runs were compared with it); a new run
/// must sort after the newest file run (受信日, then 番号). Header-only runs are never compared
/// with, so they neither block nor serve as the previous run.
pub fn place(
    existing: &[RunFacts],
    header: &RunHeader,
    replace: bool,
) -> Result<Placement, LoadRefusal> {
    let same = existing.iter().find(|r| r.run_no == header.run_no);
    if same.is_some() && !replace {
        return Err(LoadRefusal::Exists(header.run_no));
    }
    let others_newest = existing
        .iter()
        .filter(|r| r.run_no != header.run_no && r.origin == RunOrigin::File)
        .max_by_key(|r| r.order());
    let order = (header.received_on, header.run_no);
    if let Some(newest) = others_newest
        && newest.order() > order
    {
        return Err(match same {
            Some(s) if s.origin == RunOrigin::File => LoadRefusal::NotNewest {
                newer: newest.run_no,
            },
            _ => LoadRefusal::OutOfOrder {
                newest: newest.run_no,
            },
        });
    }
    Ok(Placement {
        replaces: same.is_some(),
        previous: others_newest.map(|r| r.run_no),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn no(n: i64) -> RunNo {
        RunNo::new(n).expect("no")
    }

    fn facts(n: i64, on: NaiveDate, origin: RunOrigin) -> RunFacts {
        RunFacts {
            run_no: no(n),
            received_on: on,
            origin,
        }
    }

    fn header(n: i64, on: NaiveDate) -> RunHeader {
        RunHeader {
            run_no: no(n),
            name: RunName::parse("サンプル1").expect("name"),
            received_on: on,
            kind: RunKind::AdHoc,
        }
    }

    #[test]
    fn run_numbers_are_one_to_999_shown_with_three_digits() {
        assert_eq!(RunNo::parse("014").map(|n| n.to_string()), Ok("014".into()));
        assert_eq!(RunNo::parse("999").map(RunNo::get), Ok(999));
        assert!(RunNo::parse("0").is_err());
        assert!(RunNo::parse("1000").is_err());
        assert!(RunNo::parse("1a").is_err());
        assert_eq!(RunNo::parse(""), Err(RuleError::Required(Field::RunNo)));
        assert!(RunNo::new(-1).is_err());
        assert_eq!(header(14, d(2012, 10, 14)).title(), "014 サンプル1");
    }

    #[test]
    fn run_names_are_trimmed_printable_and_at_most_20_characters() {
        assert_eq!(
            RunName::parse(" 夏季 ").map(|n| n.to_string()),
            Ok("夏季".into())
        );
        assert!(RunName::parse(&"あ".repeat(20)).is_ok());
        assert!(matches!(
            RunName::parse(&"あ".repeat(21)),
            Err(RuleError::Format { .. })
        ));
        assert!(matches!(
            RunName::parse("a\u{202E}b"),
            Err(RuleError::Character { .. })
        ));
        assert_eq!(
            RunName::parse("  "),
            Err(RuleError::Required(Field::RunName))
        );
    }

    #[test]
    fn the_first_run_has_no_previous_and_the_next_compares_with_the_newest_file_run() {
        let p = place(&[], &header(1, d(2024, 4, 1)), false).expect("first");
        assert_eq!(
            p,
            Placement {
                replaces: false,
                previous: None
            }
        );
        let existing = [
            facts(1, d(2024, 4, 1), RunOrigin::File),
            facts(2, d(2024, 5, 1), RunOrigin::File),
            facts(3, d(2024, 5, 20), RunOrigin::Header),
        ];
        let p = place(&existing, &header(4, d(2024, 6, 1)), false).expect("next");
        assert_eq!(
            p.previous,
            Some(no(2)),
            "a header-only run is never compared with"
        );
        // the same day, a higher number: after
        let p = place(&existing, &header(5, d(2024, 5, 1)), false).expect("same day");
        assert_eq!(p.previous, Some(no(2)));
    }

    #[test]
    fn a_loaded_number_needs_replace_and_only_the_newest_file_run_can_be_replaced() {
        let existing = [
            facts(1, d(2024, 4, 1), RunOrigin::File),
            facts(2, d(2024, 5, 1), RunOrigin::File),
        ];
        assert_eq!(
            place(&existing, &header(2, d(2024, 5, 1)), false),
            Err(LoadRefusal::Exists(no(2)))
        );
        let p = place(&existing, &header(2, d(2024, 5, 2)), true).expect("newest");
        assert_eq!(
            p,
            Placement {
                replaces: true,
                previous: Some(no(1))
            }
        );
        assert_eq!(
            place(&existing, &header(1, d(2024, 4, 1)), true),
            Err(LoadRefusal::NotNewest { newer: no(2) })
        );
    }

    #[test]
    fn a_run_sorting_before_the_newest_is_refused_but_a_header_run_can_be_made_whole() {
        let existing = [
            facts(5, d(2024, 5, 1), RunOrigin::File),
            facts(3, d(2024, 4, 1), RunOrigin::Header),
        ];
        assert_eq!(
            place(&existing, &header(4, d(2024, 5, 1)), false),
            Err(LoadRefusal::OutOfOrder { newest: no(5) }),
            "same day, lower number"
        );
        assert_eq!(
            place(&existing, &header(3, d(2024, 4, 1)), true),
            Err(LoadRefusal::OutOfOrder { newest: no(5) })
        );
        let existing = [facts(3, d(2024, 4, 1), RunOrigin::Header)];
        let p = place(&existing, &header(3, d(2024, 4, 1)), true).expect("made whole");
        assert_eq!(
            p,
            Placement {
                replaces: true,
                previous: None
            }
        );
    }

    #[test]
    fn origins_read_back() {
        for o in RunOrigin::ALL {
            assert_eq!(RunOrigin::parse(o.as_str()), Some(*o));
        }
        assert!(!LoadRefusal::Exists(no(14)).to_string().is_empty());
        assert!(LoadRefusal::Exists(no(14)).to_string().contains("014"));
    }
}
