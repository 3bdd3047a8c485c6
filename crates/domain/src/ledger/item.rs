//! 賃控元帳種目: code, name, display order, kind and which amounts an item has; the rules of
//! 登録, 変更 and 削除.

use serde::{Deserialize, Serialize};

use super::Refusal;
use crate::person::UserName;
use crate::rules::{Field, RuleError};
use crate::schedule::Occasion;
use crate::session::named_enum;

/// 種目コード: 3 half-width digits.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemCode(String);

impl ItemCode {
    pub const RULE: &'static str = "半角数字3桁";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        if s.is_empty() {
            return Err(RuleError::Required(Field::ItemCode));
        }
        if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RuleError::Format {
                field: Field::ItemCode,
                rule: Self::RULE,
            });
        }
        Ok(Self(s.to_owned()))
    }
}

/// 種目名: full-width, 1–20 characters, printable in CP932 (the 漢字氏名 rule).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemName(String);

impl ItemName {
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        UserName::parse(s)
            .map(|n| Self(n.as_str().to_owned()))
            .map_err(|e| e.for_field(Field::ItemName))
    }
}

crate::string_newtype!(ItemCode, ItemName);

/// 種目区分.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// 労金: the bank's own items (the 労金控除 data is their source when it exists).
    Rokin,
    /// 組合費
    UnionDues,
    /// 共済
    MutualAid,
    /// その他
    Other,
}

named_enum!(ItemKind {
    Rokin => "rokin", "労金";
    UnionDues => "union_dues", "組合費";
    MutualAid => "mutual_aid", "共済";
    Other => "other", "その他";
});

/// The item form as typed (登録 and 変更).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// 種目コード (半角数字3桁; 変更では登録時のまま).
    pub item_code: String,
    /// 種目名 (全角20文字以内).
    pub item_name: String,
    /// 表示順 (1～999).
    #[serde(deserialize_with = "crate::rules::whole::deserialize")]
    pub display_order: i64,
    /// 種目区分.
    pub kind: ItemKind,
    /// 月例の金額あり.
    pub monthly: bool,
    /// 賞与（夏季・年末）の金額あり.
    pub bonus: bool,
}

/// An item's fields after every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFields {
    pub code: ItemCode,
    pub name: ItemName,
    pub display_order: i32,
    pub kind: ItemKind,
    pub monthly: bool,
    pub bonus: bool,
}

pub const DISPLAY_ORDER_RULE: &str = "1～999の半角数字";

impl ItemFields {
    /// Every rule in the form's order; the first failure is returned.
    pub fn parse(input: &ItemInput) -> Result<Self, Refusal> {
        let code = ItemCode::parse(&input.item_code)?;
        let name = ItemName::parse(&input.item_name)?;
        let display_order = match i32::try_from(input.display_order) {
            Ok(n @ 1..=999) => n,
            _ => {
                return Err(RuleError::Format {
                    field: Field::DisplayOrder,
                    rule: DISPLAY_ORDER_RULE,
                }
                .into());
            }
        };
        if !input.monthly && !input.bonus {
            return Err(Refusal::NoOccasion);
        }
        Ok(ItemFields {
            code,
            name,
            display_order,
            kind: input.kind,
            monthly: input.monthly,
            bonus: input.bonus,
        })
    }

    /// Does the item carry an amount for this occasion (月例 → monthly, 夏季・年末 → bonus)?
    pub fn allows(&self, occasion: Occasion) -> bool {
        match occasion {
            Occasion::Monthly => self.monthly,
            Occasion::Summer | Occasion::YearEnd => self.bonus,
        }
    }

    /// `101 組合費`, as the history and the lists name it.
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub fields: ItemFields,
    pub version: i32,
}

/// How the 有効 lines of an item use its amounts (counted by the store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemUsage {
    /// Lines with a 月例 amount > 0.
    pub monthly: i64,
    /// Lines with a 夏季 or 年末 amount > 0.
    pub bonus: i64,
}

/// 変更: the version read must be current, the code stays, and an amount kind still used by
/// 有効 lines cannot be switched off.
pub fn plan_item_change(
    item: &Item,
    expected_version: i32,
    input: &ItemInput,
    usage: ItemUsage,
) -> Result<ItemFields, Refusal> {
    if item.version != expected_version {
        return Err(Refusal::Stale);
    }
    let fields = ItemFields::parse(input)?;
    if fields.code != item.fields.code {
        return Err(RuleError::Format {
            field: Field::ItemCode,
            rule: "登録時の種目コード（変更不可）",
        }
        .into());
    }
    if !fields.monthly && usage.monthly > 0 {
        return Err(Refusal::FlagInUse {
            flag: "月例",
            count: usage.monthly,
        });
    }
    if !fields.bonus && usage.bonus > 0 {
        return Err(Refusal::FlagInUse {
            flag: "賞与",
            count: usage.bonus,
        });
    }
    Ok(fields)
}

/// 削除: refused while any line (有効 or 解除, whose history names the item) uses it.
pub fn plan_item_delete(item: &Item, expected_version: i32, used_by: i64) -> Result<(), Refusal> {
    if item.version != expected_version {
        return Err(Refusal::Stale);
    }
    if used_by > 0 {
        return Err(Refusal::ItemInUse(used_by));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn input(code: &str, name: &str, monthly: bool, bonus: bool) -> ItemInput {
        ItemInput {
            item_code: code.into(),
            item_name: name.into(),
            display_order: 10,
            kind: ItemKind::UnionDues,
            monthly,
            bonus,
        }
    }

    pub(crate) fn item(code: &str, name: &str, monthly: bool, bonus: bool) -> Item {
        Item {
            id: format!("item-{code}"),
            fields: ItemFields::parse(&input(code, name, monthly, bonus)).expect("valid"),
            version: 1,
        }
    }

    #[test]
    fn a_code_is_exactly_three_half_width_digits() {
        assert!(ItemCode::parse("001").is_ok());
        assert!(ItemCode::parse("01").is_err());
        assert!(ItemCode::parse("0001").is_err());
        assert!(ItemCode::parse("１０１").is_err());
        assert_eq!(
            ItemCode::parse(""),
            Err(RuleError::Required(Field::ItemCode))
        );
    }

    #[test]
    fn a_name_is_full_width_up_to_20_and_named_as_種目名() {
        let mut i = input("101", "組合費", true, false);
        i.item_name = "あ".repeat(20);
        assert!(ItemFields::parse(&i).is_ok());
        i.item_name = "あ".repeat(21);
        assert!(matches!(
            ItemFields::parse(&i),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::ItemName,
                ..
            }))
        ));
        i.item_name = "Kumiai".into();
        assert_eq!(
            ItemFields::parse(&i).map_err(|e| e.field()),
            Err(Some(Field::ItemName))
        );
    }

    #[test]
    fn the_display_order_runs_from_1_to_999() {
        let mut i = input("101", "組合費", true, false);
        for ok in [1, 999] {
            i.display_order = ok;
            assert!(ItemFields::parse(&i).is_ok(), "{ok}");
        }
        for bad in [0, 1000, -1, i64::MAX] {
            i.display_order = bad;
            assert!(ItemFields::parse(&i).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_item_has_monthly_or_bonus_amounts_or_both() {
        assert_eq!(
            ItemFields::parse(&input("101", "組合費", false, false)),
            Err(Refusal::NoOccasion)
        );
        let f = ItemFields::parse(&input("101", "組合費", false, true)).expect("bonus only");
        assert!(!f.allows(Occasion::Monthly));
        assert!(f.allows(Occasion::Summer));
        assert!(f.allows(Occasion::YearEnd));
        assert_eq!(f.label(), "101 組合費");
    }

    #[test]
    fn a_change_keeps_the_code_and_the_version_read() {
        let it = item("101", "組合費", true, false);
        let i = input("101", "組合費（本部）", true, false);
        assert_eq!(
            plan_item_change(&it, 2, &i, ItemUsage::default()),
            Err(Refusal::Stale)
        );
        assert!(plan_item_change(&it, 1, &i, ItemUsage::default()).is_ok());
        let other = input("102", "組合費", true, false);
        assert_eq!(
            plan_item_change(&it, 1, &other, ItemUsage::default()).map_err(|e| e.field()),
            Err(Some(Field::ItemCode))
        );
    }

    #[test]
    fn an_amount_kind_in_use_cannot_be_switched_off() {
        let it = item("101", "組合費", true, true);
        let usage = ItemUsage {
            monthly: 0,
            bonus: 3,
        };
        assert!(
            plan_item_change(
                &it,
                1,
                &input("101", "組合費", true, false),
                ItemUsage::default()
            )
            .is_ok()
        );
        assert_eq!(
            plan_item_change(&it, 1, &input("101", "組合費", true, false), usage),
            Err(Refusal::FlagInUse {
                flag: "賞与",
                count: 3
            })
        );
        assert!(plan_item_change(&it, 1, &input("101", "組合費", false, true), usage).is_ok());
    }

    #[test]
    fn an_item_in_use_is_not_deleted_and_the_count_is_named() {
        let it = item("101", "組合費", true, false);
        assert_eq!(plan_item_delete(&it, 1, 0), Ok(()));
        assert_eq!(plan_item_delete(&it, 1, 1), Err(Refusal::ItemInUse(1)));
        assert_eq!(plan_item_delete(&it, 0, 0), Err(Refusal::Stale));
    }
}
