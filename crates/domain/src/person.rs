//! A user's name (ユーザー名) and e-mail address (メールアドレス).

use std::fmt;

use serde::Serialize;

use crate::rules::{Field, RuleError};

/// ユーザー名: 全角20文字以内 (カナ、漢字含む), kept exactly as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserName(String);

impl UserName {
    pub const RULE: &'static str = "全角20文字以内";
    /// Wording when the name starts or ends with a space.
    pub const RULE_NO_EDGE_SPACE: &'static str = "前後に空白を含まない全角20文字以内";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        if s.is_empty() {
            return Err(RuleError::Required(Field::UserName));
        }
        let format = |rule| RuleError::Format {
            field: Field::UserName,
            rule,
        };
        if s.chars().count() > 20 {
            return Err(format(Self::RULE));
        }
        // Invisible formatting (U+202E, U+200B …) and what the PDFs and CP932 exports cannot
        // carry (emoji, 𠮷 …) are named, before the general 全角 rule.
        if let Some(ch) = s.chars().find(|&c| !is_printable_in_cp932(c)) {
            return Err(RuleError::Character {
                field: Field::UserName,
                ch,
            });
        }
        if !s.chars().all(is_full_width) {
            return Err(format(Self::RULE));
        }
        // A space at either end is refused rather than trimmed, so what is stored is what was typed.
        if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
            return Err(format(Self::RULE_NO_EDGE_SPACE));
        }
        Ok(Self(s.to_owned()))
    }
}

/// Not ASCII, not half-width kana or other half-width forms, not a control character and not a
/// space other than the full-width one (U+3000).
fn is_full_width(c: char) -> bool {
    let half_width_forms = ('\u{FF61}'..='\u{FFEF}').contains(&c);
    !(c.is_ascii() || half_width_forms || c.is_control() || (c.is_whitespace() && c != '\u{3000}'))
}

/// A character that prints on the PDFs and survives the CP932 exports: not a control or format
/// character (bidirectional overrides, zero-width characters, variation selectors …) and one
/// that CP932 holds.
pub fn is_printable_in_cp932(c: char) -> bool {
    !c.is_control() && !is_format_char(c) && crate::cp932::can_encode(c)
}

/// Unicode's format characters (general category Cf) and the other invisible modifiers a name
/// must not carry: soft hyphen, zero-width and joiner characters, bidirectional marks, embeddings,
/// overrides and isolates, the word joiner and invisible operators, the BOM, interlinear
/// annotation marks, variation selectors and tag characters.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{034F}'
        | '\u{061C}'
        | '\u{115F}'..='\u{1160}'
        | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

crate::string_newtype!(UserName);

/// メールアドレス: 半角英数50桁以内, a PC address (携帯電話のアドレスは不可).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub const RULE: &'static str = "半角英数50桁以内（例: samplemail@sample.co.jp）";
    pub const MAX_LEN: usize = 50;

    /// Parses an address and refuses it when its domain is, or is under, one of `mobile_domains`
    /// (compared without regard to case; `Policy::mobile_email_domains`).
    pub fn parse(s: &str, mobile_domains: &[String]) -> Result<Self, RuleError> {
        if s.is_empty() {
            return Err(RuleError::Required(Field::Email));
        }
        let format = RuleError::Format {
            field: Field::Email,
            rule: Self::RULE,
        };
        if !s.is_ascii() || s.len() > Self::MAX_LEN {
            return Err(format);
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(format);
        };
        if !is_local_part(local) || !is_domain(domain) {
            return Err(format);
        }
        if is_mobile(domain, mobile_domains) {
            return Err(RuleError::MobileEmail);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `@`, as typed.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// RFC 5322 dot-atom: atext runs joined by single dots.
fn is_local_part(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+-/=?^_`{|}~";
    !local.is_empty()
        && local.split('.').all(|run| {
            !run.is_empty()
                && run
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b))
        })
}

/// Two or more labels of letters, digits and inner hyphens.
fn is_domain(domain: &str) -> bool {
    domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn is_mobile(domain: &str, mobile_domains: &[String]) -> bool {
    let domain = domain.to_ascii_lowercase();
    mobile_domains.iter().any(|m| {
        let m = m.trim().trim_start_matches(['@', '.']).to_ascii_lowercase();
        !m.is_empty()
            && (domain == m
                || domain
                    .strip_suffix(m.as_str())
                    .is_some_and(|head| head.ends_with('.')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    fn mobile() -> Vec<String> {
        Policy::default().mobile_email_domains
    }

    fn email(s: &str) -> Result<Email, RuleError> {
        Email::parse(s, &mobile())
    }

    fn name_format(rule: &'static str) -> Result<(), RuleError> {
        Err(RuleError::Format {
            field: Field::UserName,
            rule,
        })
    }

    #[test]
    fn a_full_width_name_of_one_and_of_twenty_characters_is_accepted() {
        assert!(UserName::parse("労").is_ok());
        assert!(UserName::parse(&"労".repeat(20)).is_ok());
        assert!(UserName::parse("労金　太郎").is_ok());
        assert!(UserName::parse("ロウキン　タロウ").is_ok());
    }

    #[test]
    fn a_name_of_twenty_one_characters_is_rejected() {
        assert_eq!(
            UserName::parse(&"労".repeat(21)).map(|_| ()),
            name_format(UserName::RULE)
        );
    }

    #[test]
    fn an_empty_name_is_required() {
        assert_eq!(
            UserName::parse("").map(|_| ()),
            Err(RuleError::Required(Field::UserName))
        );
    }

    #[test]
    fn a_name_with_any_ascii_character_is_rejected() {
        for s in ["労金 太郎", "Taro", "労金太郎1", "労金-太郎"] {
            assert_eq!(
                UserName::parse(s).map(|_| ()),
                name_format(UserName::RULE),
                "{s}"
            );
        }
    }

    #[test]
    fn a_name_with_half_width_katakana_is_rejected() {
        assert!(UserName::parse("ﾛｳｷﾝ").is_err());
        assert!(UserName::parse("労金ﾀﾛｳ").is_err());
    }

    #[test]
    fn a_name_with_a_control_character_or_a_half_width_space_is_rejected() {
        assert!(UserName::parse("労金\t太郎").is_err());
        assert!(UserName::parse("労金\n太郎").is_err());
        assert!(UserName::parse("労金\u{00A0}太郎").is_err());
    }

    #[test]
    fn a_name_with_a_format_character_is_refused_and_the_character_named() {
        for ch in [
            '\u{202E}', '\u{200B}', '\u{200D}', '\u{2066}', '\u{FEFF}', '\u{FE0F}',
        ] {
            let s = format!("労金{ch}太郎");
            let err = UserName::parse(&s).expect_err(&s);
            assert_eq!(
                err,
                RuleError::Character {
                    field: Field::UserName,
                    ch
                },
                "{s:?}"
            );
            // Named by its code point, never shown inline.
            let text = err.to_string();
            assert!(text.contains(&format!("U+{:04X}", u32::from(ch))), "{text}");
            assert!(!text.contains(ch), "{text:?}");
        }
    }

    #[test]
    fn a_name_with_a_character_outside_cp932_is_refused_and_the_character_named() {
        for (s, ch) in [("労金😀", '😀'), ("𠮷野　太郎", '𠮷'), ("労金✓", '✓')]
        {
            let err = UserName::parse(s).expect_err(s);
            assert_eq!(
                err,
                RuleError::Character {
                    field: Field::UserName,
                    ch
                }
            );
            assert!(err.to_string().contains(ch), "{err}");
        }
    }

    #[test]
    fn names_cp932_holds_are_accepted_including_windows_extensions() {
        for s in ["髙橋　﨑子", "労金〜太郎", "①組合", "ロウキン　タロウ"] {
            assert!(UserName::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn a_name_with_a_full_width_space_at_either_end_is_rejected_not_trimmed() {
        for s in ["　労金太郎", "労金太郎　", "　"] {
            assert_eq!(
                UserName::parse(s).map(|_| ()),
                name_format(UserName::RULE_NO_EDGE_SPACE),
                "{s:?}"
            );
        }
    }

    #[test]
    fn a_name_serializes_as_its_text_and_deserializes_only_when_valid() {
        let n = UserName::parse("組合担当").expect("valid");
        assert_eq!(serde_json::to_string(&n).expect("json"), r#""組合担当""#);
        assert!(serde_json::from_str::<UserName>(r#""Taro""#).is_err());
    }

    #[test]
    fn a_pc_address_is_accepted_as_typed() {
        let e = email("Kumiai-Tanto@Sample.co.jp").expect("valid");
        assert_eq!(e.as_str(), "Kumiai-Tanto@Sample.co.jp");
        assert_eq!(e.domain(), "Sample.co.jp");
        assert_eq!(
            serde_json::to_string(&e).expect("json"),
            r#""Kumiai-Tanto@Sample.co.jp""#
        );
    }

    #[test]
    fn an_empty_address_is_required() {
        assert_eq!(
            email("").map(|_| ()),
            Err(RuleError::Required(Field::Email))
        );
    }

    #[test]
    fn an_address_of_fifty_characters_is_accepted_and_of_fifty_one_rejected() {
        let fifty = format!("{}@example.jp", "a".repeat(50 - "@example.jp".len()));
        assert_eq!(fifty.len(), 50);
        assert!(email(&fifty).is_ok());
        let fifty_one = format!("a{fifty}");
        assert_eq!(
            email(&fifty_one).map(|_| ()),
            Err(RuleError::Format {
                field: Field::Email,
                rule: Email::RULE
            })
        );
    }

    #[test]
    fn an_address_with_a_full_width_character_is_rejected() {
        assert!(email("ｔａｒｏ@example.jp").is_err());
        assert!(email("taro＠example.jp").is_err());
        assert!(email("労金@example.jp").is_err());
    }

    #[test]
    fn an_address_without_exactly_one_at_sign_is_rejected() {
        assert!(email("taro.example.jp").is_err());
        assert!(email("taro@@example.jp").is_err());
        assert!(email("ta@ro@example.jp").is_err());
    }

    #[test]
    fn a_local_part_that_is_empty_has_bad_dots_or_bad_characters_is_rejected() {
        for s in [
            "@example.jp",
            ".taro@example.jp",
            "taro.@example.jp",
            "ta..ro@example.jp",
            "ta ro@example.jp",
            "ta(ro)@example.jp",
            "\"taro\"@example.jp",
        ] {
            assert!(email(s).is_err(), "{s}");
        }
        assert!(email("o'brien+cjs@example.jp").is_ok());
    }

    #[test]
    fn a_domain_without_a_dot_or_with_bad_labels_is_rejected() {
        for s in [
            "taro@localhost",
            "taro@example..jp",
            "taro@.example.jp",
            "taro@example.jp.",
            "taro@-example.jp",
            "taro@example-.jp",
            "taro@exa_mple.jp",
            "taro@",
        ] {
            assert!(email(s).is_err(), "{s}");
        }
        assert!(email("taro@my-union.example.jp").is_ok());
    }

    #[test]
    fn a_mobile_carrier_address_is_refused() {
        for s in [
            "taro@docomo.ne.jp",
            "taro@ezweb.ne.jp",
            "taro@au.com",
            "taro@biz.au.com",
            "taro@softbank.ne.jp",
            "taro@i.softbank.jp",
            "taro@ymobile.ne.jp",
        ] {
            assert_eq!(email(s).map(|_| ()), Err(RuleError::MobileEmail), "{s}");
        }
    }

    #[test]
    fn a_mobile_carrier_address_is_refused_whatever_its_case() {
        assert_eq!(
            email("Taro@DoCoMo.NE.JP").map(|_| ()),
            Err(RuleError::MobileEmail)
        );
    }

    #[test]
    fn a_subdomain_of_a_carrier_domain_is_refused() {
        assert_eq!(
            email("taro@d.vodafone.ne.jp").map(|_| ()),
            Err(RuleError::MobileEmail)
        );
        assert_eq!(
            email("taro@k.vodafone.ne.jp").map(|_| ()),
            Err(RuleError::MobileEmail)
        );
    }

    #[test]
    fn a_domain_that_only_ends_with_the_same_letters_is_not_a_carrier() {
        assert!(email("taro@notdocomo.ne.jp").is_ok());
        assert!(email("taro@beau.com").is_ok());
    }

    #[test]
    fn carrier_list_entries_are_compared_without_case_or_a_leading_at_sign() {
        let list = vec![" @Example.JP ".to_owned(), String::new()];
        assert_eq!(
            Email::parse("taro@example.jp", &list).map(|_| ()),
            Err(RuleError::MobileEmail)
        );
        assert!(Email::parse("taro@example.co.jp", &list).is_ok());
    }
}
