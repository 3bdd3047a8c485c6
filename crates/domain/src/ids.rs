//! Identifiers typed by people: 契約番号, 入金グループ番号 and ユーザーID.

use crate::rules::{Field, RuleError};

/// 契約番号: 半角数字8桁, from 「ご利用開始（変更）のお知らせ」.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContractNumber(String);

impl ContractNumber {
    pub const RULE: &'static str = "半角数字8桁";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        eight_digits(s, Field::ContractNumber, Self::RULE).map(Self)
    }
}

/// 入金グループ番号: 半角数字8桁.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaymentGroupNo(String);

impl PaymentGroupNo {
    pub const RULE: &'static str = "半角数字8桁";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        eight_digits(s, Field::PaymentGroupNo, Self::RULE).map(Self)
    }
}

/// 認証コード: the 6 half-width digits mailed before certificate issuance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl VerificationCode {
    pub const RULE: &'static str = "半角数字6桁";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        digits(s, 6, Field::Code, Self::RULE).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn eight_digits(s: &str, field: Field, rule: &'static str) -> Result<String, RuleError> {
    digits(s, 8, field, rule)
}

fn digits(s: &str, n: usize, field: Field, rule: &'static str) -> Result<String, RuleError> {
    if s.is_empty() {
        return Err(RuleError::Required(field));
    }
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::Format { field, rule });
    }
    Ok(s.to_owned())
}

/// ユーザーID: 6～12桁の半角英数字, both letters and digits, case-sensitive (kept as typed).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(String);

impl UserId {
    pub const RULE: &'static str = "6～12桁の半角英数字（英字と数字の両方を含む）";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        if s.is_empty() {
            return Err(RuleError::Required(Field::UserId));
        }
        let fits = (6..=12).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric())
            && s.bytes().any(|b| b.is_ascii_alphabetic())
            && s.bytes().any(|b| b.is_ascii_digit());
        if !fits {
            return Err(RuleError::Format {
                field: Field::UserId,
                rule: Self::RULE,
            });
        }
        Ok(Self(s.to_owned()))
    }
}

crate::string_newtype!(ContractNumber, PaymentGroupNo, UserId);

#[cfg(test)]
mod tests {
    use super::*;

    fn format_error(field: Field, rule: &'static str) -> Result<(), RuleError> {
        Err(RuleError::Format { field, rule })
    }

    #[test]
    fn a_contract_number_of_eight_digits_is_accepted() {
        let n = ContractNumber::parse("15000000").expect("valid");
        assert_eq!(n.as_str(), "15000000");
        assert_eq!(n.to_string(), "15000000");
    }

    #[test]
    fn an_empty_contract_number_is_required() {
        assert_eq!(
            ContractNumber::parse(""),
            Err(RuleError::Required(Field::ContractNumber))
        );
    }

    #[test]
    fn a_contract_number_of_seven_or_nine_digits_is_rejected() {
        for s in ["1500000", "150000000"] {
            assert_eq!(
                ContractNumber::parse(s).map(|_| ()),
                format_error(Field::ContractNumber, ContractNumber::RULE)
            );
        }
    }

    #[test]
    fn a_contract_number_with_full_width_digits_or_a_letter_is_rejected() {
        assert!(ContractNumber::parse("１５０００００００").is_err());
        assert!(ContractNumber::parse("1500000a").is_err());
        assert!(ContractNumber::parse(" 15000000").is_err());
    }

    #[test]
    fn a_payment_group_number_follows_the_same_eight_digit_rule() {
        assert!(PaymentGroupNo::parse("15000021").is_ok());
        assert_eq!(
            PaymentGroupNo::parse(""),
            Err(RuleError::Required(Field::PaymentGroupNo))
        );
        assert_eq!(
            PaymentGroupNo::parse("1500002").map(|_| ()),
            format_error(Field::PaymentGroupNo, PaymentGroupNo::RULE)
        );
    }

    #[test]
    fn a_user_id_of_six_and_of_twelve_characters_is_accepted() {
        assert!(UserId::parse("abc123").is_ok());
        assert!(UserId::parse("abcdef123456").is_ok());
    }

    #[test]
    fn a_user_id_of_five_or_thirteen_characters_is_rejected() {
        assert!(UserId::parse("abc12").is_err());
        assert!(UserId::parse("abcdef1234567").is_err());
    }

    #[test]
    fn a_user_id_without_a_digit_is_rejected() {
        assert_eq!(
            UserId::parse("abcdefg").map(|_| ()),
            format_error(Field::UserId, UserId::RULE)
        );
    }

    #[test]
    fn a_user_id_without_a_letter_is_rejected() {
        assert!(UserId::parse("1234567").is_err());
    }

    #[test]
    fn a_user_id_with_a_symbol_space_or_full_width_character_is_rejected() {
        assert!(UserId::parse("abc_123").is_err());
        assert!(UserId::parse("abc 123").is_err());
        assert!(UserId::parse("ａｂｃ１２３").is_err());
    }

    #[test]
    fn an_empty_user_id_is_required() {
        assert_eq!(UserId::parse(""), Err(RuleError::Required(Field::UserId)));
    }

    #[test]
    fn a_user_id_keeps_its_case() {
        let id = UserId::parse("Sample001").expect("valid");
        assert_eq!(id.as_str(), "Sample001");
        assert_ne!(id, UserId::parse("sample001").expect("valid"));
    }

    #[test]
    fn ids_serialize_as_strings_and_invalid_ones_do_not_deserialize() {
        let id = UserId::parse("taro0123").expect("valid");
        assert_eq!(serde_json::to_string(&id).expect("json"), r#""taro0123""#);
        let back: UserId = serde_json::from_str(r#""taro0123""#).expect("valid json");
        assert_eq!(back, id);
        assert!(serde_json::from_str::<UserId>(r#""taro""#).is_err());
        assert!(serde_json::from_str::<ContractNumber>(r#""1234""#).is_err());
        assert!(serde_json::from_str::<PaymentGroupNo>(r#""12345678""#).is_ok());
    }

    #[test]
    fn a_verification_code_is_exactly_six_half_width_digits() {
        assert!(VerificationCode::parse("054968").is_ok());
        for bad in ["05496", "0549681", "05496a", "０５４９６８"] {
            assert!(
                matches!(
                    VerificationCode::parse(bad),
                    Err(RuleError::Format {
                        field: Field::Code,
                        ..
                    })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            VerificationCode::parse(""),
            Err(RuleError::Required(Field::Code))
        );
    }
}
