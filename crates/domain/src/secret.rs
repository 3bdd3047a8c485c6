//! Passwords (パスワード, 仮のパスワード, 初期パスワード): parsed, never printed, never serialized.

use std::fmt;

use crate::rules::{Field, RuleError, confirm};

/// パスワード (also 仮のパスワード): 8～12桁, 半角英大文字・英小文字・数字・記号の4種必須.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const RULE: &'static str =
        "8～12桁の半角英数字記号（英大文字・英小文字・数字・記号の4種を含む）";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        Self::parse_for(Field::Password, s)
    }

    /// Parses with errors naming `field` (e.g. `Field::NewPassword`).
    pub fn parse_for(field: Field, s: &str) -> Result<Self, RuleError> {
        four_kinds(s, 8..=12, field, Self::RULE).map(Self)
    }

    /// The plain text, for hashing or verifying only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// 初期パスワード: 8桁, 4種必須, written by the organisation on 「初期パスワード届出書」.
#[derive(Clone)]
pub struct InitialPassword(String);

impl InitialPassword {
    pub const RULE: &'static str =
        "8桁の半角英数字記号（英大文字・英小文字・数字・記号の4種を含む）";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        four_kinds(s, 8..=8, Field::InitialPassword, Self::RULE).map(Self)
    }

    /// The plain text, for hashing or verifying only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for InitialPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InitialPassword(***)")
    }
}

/// Printable ASCII without space (0x21–0x7E) only, with an upper, a lower, a digit and a symbol.
fn four_kinds(
    s: &str,
    length: std::ops::RangeInclusive<usize>,
    field: Field,
    rule: &'static str,
) -> Result<String, RuleError> {
    if s.is_empty() {
        return Err(RuleError::Required(field));
    }
    let b = s.as_bytes();
    let fits = length.contains(&b.len())
        && b.iter().all(|c| (0x21..=0x7e).contains(c))
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().any(u8::is_ascii_punctuation);
    if fits {
        Ok(s.to_owned())
    } else {
        Err(RuleError::Format { field, rule })
    }
}

/// パスワード変更: the new password must follow the rule, be typed twice alike and differ from
/// the current one. Checking that `current` is right is the caller's (it needs the stored hash).
pub fn new_password(current: &str, new: &str, confirmation: &str) -> Result<Password, RuleError> {
    if current.is_empty() {
        return Err(RuleError::Required(Field::CurrentPassword));
    }
    let password = Password::parse_for(Field::NewPassword, new)?;
    confirm(Field::NewPassword, new, confirmation)?;
    if current == new {
        return Err(RuleError::SameAsCurrent);
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(field: Field, rule: &'static str) -> RuleError {
        RuleError::Format { field, rule }
    }

    #[test]
    fn a_password_of_eight_and_of_twelve_characters_with_four_kinds_is_accepted() {
        assert!(Password::parse("Abcdef1!").is_ok());
        assert!(Password::parse("Abcdefghi12#").is_ok());
    }

    #[test]
    fn a_password_of_seven_or_thirteen_characters_is_rejected() {
        for s in ["Abcde1!", "Abcdefghij12#"] {
            assert_eq!(
                Password::parse(s).map(|_| ()),
                Err(format(Field::Password, Password::RULE))
            );
        }
    }

    #[test]
    fn a_password_missing_any_one_of_the_four_kinds_is_rejected() {
        for s in ["abcdef1!", "ABCDEF1!", "Abcdefg!", "Abcdefg1"] {
            assert!(Password::parse(s).is_err(), "{s} should be refused");
        }
    }

    #[test]
    fn a_password_with_a_space_or_a_full_width_character_is_rejected() {
        assert!(Password::parse("Abc def1!").is_err());
        assert!(Password::parse("Abcdef1！").is_err());
        assert!(Password::parse("Abcdéf1!").is_err());
    }

    #[test]
    fn an_empty_password_is_required() {
        assert_eq!(
            Password::parse("").map(|_| ()),
            Err(RuleError::Required(Field::Password))
        );
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let p = Password::parse("Secret12!").expect("valid");
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert_eq!(p.expose(), "Secret12!");
        let i = InitialPassword::parse("Secret1!").expect("valid");
        assert_eq!(format!("{i:?}"), "InitialPassword(***)");
    }

    #[test]
    fn an_initial_password_must_be_exactly_eight_characters() {
        assert!(InitialPassword::parse("Abcdef1!").is_ok());
        for s in ["Abcde1!", "Abcdefg1!"] {
            assert_eq!(
                InitialPassword::parse(s).map(|_| ()),
                Err(format(Field::InitialPassword, InitialPassword::RULE))
            );
        }
    }

    #[test]
    fn an_initial_password_needs_all_four_kinds() {
        assert!(InitialPassword::parse("abcdef1!").is_err());
        assert_eq!(
            InitialPassword::parse("").map(|_| ()),
            Err(RuleError::Required(Field::InitialPassword))
        );
    }

    #[test]
    fn a_new_password_typed_twice_alike_and_different_from_the_current_is_accepted() {
        let p = new_password("Old12345!", "New12345!", "New12345!").expect("valid");
        assert_eq!(p.expose(), "New12345!");
    }

    #[test]
    fn a_new_password_breaking_the_rule_is_reported_on_the_new_password_field() {
        assert_eq!(
            new_password("Old12345!", "short", "short").map(|_| ()),
            Err(format(Field::NewPassword, Password::RULE))
        );
        assert_eq!(
            new_password("Old12345!", "", "").map(|_| ()),
            Err(RuleError::Required(Field::NewPassword))
        );
    }

    #[test]
    fn a_new_password_whose_confirmation_differs_is_a_mismatch() {
        assert_eq!(
            new_password("Old12345!", "New12345!", "New12345?").map(|_| ()),
            Err(RuleError::Mismatch(Field::NewPassword))
        );
    }

    #[test]
    fn a_new_password_equal_to_the_current_is_refused() {
        assert_eq!(
            new_password("Same1234!", "Same1234!", "Same1234!").map(|_| ()),
            Err(RuleError::SameAsCurrent)
        );
    }

    #[test]
    fn an_empty_current_password_is_required() {
        assert_eq!(
            new_password("", "New12345!", "New12345!").map(|_| ()),
            Err(RuleError::Required(Field::CurrentPassword))
        );
    }
}
