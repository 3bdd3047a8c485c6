//! カナ氏名 in the bank's character set (全銀協 rules, as payroll transfer files use them), shared by
//! every area and every importer.
//!
//! Allowed: ｱ–ﾝ and ｦ, ﾞ and ﾟ as separate characters, A–Z, 0–9, space, `( ) - . / ｢ ｣ \`.
//! Converted: hiragana and full-width katakana (ガ → ｶﾞ, パ → ﾊﾟ, ヴ → ｳﾞ), small kana to large
//! (ｯ → ﾂ, ャ → ﾔ), the long-vowel mark and dashes to `-`, full-width letters, digits and space to
//! half-width, lower case to upper, 「」 to ｢｣, ¥ to `\`. Anything else is refused and named.

use crate::rules::{Field, RuleError};

const DAKUTEN: char = 'ﾞ';
const HANDAKUTEN: char = 'ﾟ';

/// Is `c` in the bank's set?
pub fn is_bank_char(c: char) -> bool {
    matches!(c,
        'ｦ' | 'ｱ'..='ﾝ' | 'ﾞ' | 'ﾟ' | 'A'..='Z' | '0'..='9' | ' '
        | '(' | ')' | '-' | '.' | '/' | '｢' | '｣' | '\\')
}

/// Half-width large kana for a full-width katakana without a voicing mark (small kana folded).
fn plain_katakana(c: char) -> Option<char> {
    const TABLE: &[(char, char)] = &[
        ('ア', 'ｱ'),
        ('イ', 'ｲ'),
        ('ウ', 'ｳ'),
        ('エ', 'ｴ'),
        ('オ', 'ｵ'),
        ('カ', 'ｶ'),
        ('キ', 'ｷ'),
        ('ク', 'ｸ'),
        ('ケ', 'ｹ'),
        ('コ', 'ｺ'),
        ('サ', 'ｻ'),
        ('シ', 'ｼ'),
        ('ス', 'ｽ'),
        ('セ', 'ｾ'),
        ('ソ', 'ｿ'),
        ('タ', 'ﾀ'),
        ('チ', 'ﾁ'),
        ('ツ', 'ﾂ'),
        ('テ', 'ﾃ'),
        ('ト', 'ﾄ'),
        ('ナ', 'ﾅ'),
        ('ニ', 'ﾆ'),
        ('ヌ', 'ﾇ'),
        ('ネ', 'ﾈ'),
        ('ノ', 'ﾉ'),
        ('ハ', 'ﾊ'),
        ('ヒ', 'ﾋ'),
        ('フ', 'ﾌ'),
        ('ヘ', 'ﾍ'),
        ('ホ', 'ﾎ'),
        ('マ', 'ﾏ'),
        ('ミ', 'ﾐ'),
        ('ム', 'ﾑ'),
        ('メ', 'ﾒ'),
        ('モ', 'ﾓ'),
        ('ヤ', 'ﾔ'),
        ('ユ', 'ﾕ'),
        ('ヨ', 'ﾖ'),
        ('ラ', 'ﾗ'),
        ('リ', 'ﾘ'),
        ('ル', 'ﾙ'),
        ('レ', 'ﾚ'),
        ('ロ', 'ﾛ'),
        ('ワ', 'ﾜ'),
        ('ヲ', 'ｦ'),
        ('ン', 'ﾝ'),
        ('ァ', 'ｱ'),
        ('ィ', 'ｲ'),
        ('ゥ', 'ｳ'),
        ('ェ', 'ｴ'),
        ('ォ', 'ｵ'),
        ('ッ', 'ﾂ'),
        ('ャ', 'ﾔ'),
        ('ュ', 'ﾕ'),
        ('ョ', 'ﾖ'),
        ('ヮ', 'ﾜ'),
        ('ヵ', 'ｶ'),
        ('ヶ', 'ｹ'),
        ('ヰ', 'ｲ'),
        ('ヱ', 'ｴ'),
        // Half-width small kana.
        ('ｧ', 'ｱ'),
        ('ｨ', 'ｲ'),
        ('ｩ', 'ｳ'),
        ('ｪ', 'ｴ'),
        ('ｫ', 'ｵ'),
        ('ｯ', 'ﾂ'),
        ('ｬ', 'ﾔ'),
        ('ｭ', 'ﾕ'),
        ('ｮ', 'ﾖ'),
    ];
    TABLE.iter().find(|(k, _)| *k == c).map(|(_, h)| *h)
}

/// A full-width voiced katakana as its base and mark.
fn voiced_katakana(c: char) -> Option<(char, char)> {
    let base = match c {
        'ガ' => 'カ',
        'ギ' => 'キ',
        'グ' => 'ク',
        'ゲ' => 'ケ',
        'ゴ' => 'コ',
        'ザ' => 'サ',
        'ジ' => 'シ',
        'ズ' => 'ス',
        'ゼ' => 'セ',
        'ゾ' => 'ソ',
        'ダ' => 'タ',
        'ヂ' => 'チ',
        'ヅ' => 'ツ',
        'デ' => 'テ',
        'ド' => 'ト',
        'バ' => 'ハ',
        'ビ' => 'ヒ',
        'ブ' => 'フ',
        'ベ' => 'ヘ',
        'ボ' => 'ホ',
        'ヴ' => 'ウ',
        'パ' => return Some(('ﾊ', HANDAKUTEN)),
        'ピ' => return Some(('ﾋ', HANDAKUTEN)),
        'プ' => return Some(('ﾌ', HANDAKUTEN)),
        'ペ' => return Some(('ﾍ', HANDAKUTEN)),
        'ポ' => return Some(('ﾎ', HANDAKUTEN)),
        _ => return None,
    };
    plain_katakana(base).map(|h| (h, DAKUTEN))
}

/// Hiragana to katakana (ゔ → ヴ, ゕ ゖ → ヵ ヶ); other characters unchanged.
fn hiragana_to_katakana(c: char) -> char {
    if ('\u{3041}'..='\u{3096}').contains(&c) {
        char::from_u32(u32::from(c) + 0x60).unwrap_or(c)
    } else {
        c
    }
}

/// The characters one input character becomes, or `None` when it has no place in the set.
fn convert_char(c: char, out: &mut String) -> bool {
    let c = hiragana_to_katakana(c);
    if let Some((base, mark)) = voiced_katakana(c) {
        out.push(base);
        out.push(mark);
        return true;
    }
    if let Some(h) = plain_katakana(c) {
        out.push(h);
        return true;
    }
    let mapped = match c {
        // Long-vowel marks and dashes.
        'ー' | 'ｰ' | '－' | '‐' | '−' | '―' | '—' | '–' => '-',
        // Voicing marks: spacing full-width and combining (decomposed input).
        '゛' | '\u{3099}' => DAKUTEN,
        '゜' | '\u{309A}' => HANDAKUTEN,
        '\u{3000}' => ' ',
        '「' => '｢',
        '」' => '｣',
        '¥' | '￥' => '\\',
        // Full-width ASCII forms.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        other => other,
    };
    let mapped = mapped.to_ascii_uppercase();
    if is_bank_char(mapped) {
        out.push(mapped);
        true
    } else {
        false
    }
}

/// Converts to the bank's set, character by character; `Err` names the first input character
/// that has no place in it.
pub fn to_bank_kana(s: &str) -> Result<String, char> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !convert_char(c, &mut out) {
            return Err(c);
        }
    }
    Ok(out)
}

/// [`to_bank_kana`], then spaces trimmed at both ends and runs of spaces made one: the form
/// names are stored and compared in.
pub fn normalise(s: &str) -> Result<String, char> {
    // Already in the stored form (every name read back from the database): nothing to convert.
    if is_normal(s) {
        return Ok(s.to_owned());
    }
    let converted = to_bank_kana(s)?;
    Ok(converted
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" "))
}

/// Is `s` already what [`normalise`] makes of it: only the bank's characters (each of which
/// [`to_bank_kana`] keeps as it is), no space at either end, no run of spaces.
fn is_normal(s: &str) -> bool {
    !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") && s.chars().all(is_bank_char)
}

/// Do two names differ after normalisation? A name that cannot be normalised is compared as
/// given (it differs from any valid name).
pub fn names_differ(ours: &str, bank: &str) -> bool {
    match (normalise(ours), normalise(bank)) {
        (Ok(a), Ok(b)) => a != b,
        _ => ours != bank,
    }
}

/// A search prefix typed by the clerk, in the stored form (may be empty: no condition).
pub fn search_prefix(field: Field, s: &str) -> Result<String, RuleError> {
    normalise(s).map_err(|ch| RuleError::Character { field, ch })
}

/// カナ氏名: normalised half-width kana of the bank's set, 1–30 characters (ﾞ and ﾟ count as one
/// character each, as they take one byte in the bank's files).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KanaName(String);

impl KanaName {
    pub const MAX_LEN: usize = 30;
    pub const RULE: &'static str = "半角カナ30文字以内（濁点・半濁点は1文字）";

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        Self::parse_as(Field::KanaName, s, Self::MAX_LEN)
    }

    /// For another area's kana field and length.
    pub fn parse_as(field: Field, s: &str, max_len: usize) -> Result<Self, RuleError> {
        let name = normalise(s).map_err(|ch| RuleError::Character { field, ch })?;
        if name.is_empty() {
            return Err(RuleError::Required(field));
        }
        if name.chars().count() > max_len {
            return Err(RuleError::Format {
                field,
                rule: Self::RULE,
            });
        }
        Ok(KanaName(name))
    }
}

crate::string_newtype!(KanaName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_is_kept_as_it_is() {
        // The fast path of `normalise` rests on this: every bank character converts to itself.
        for c in (0..=0xFFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_bank_char(c))
        {
            assert_eq!(to_bank_kana(&c.to_string()), Ok(c.to_string()), "{c:?}");
        }
        for s in ["ﾔﾏﾀﾞ ﾀﾛｳ", " ﾔﾏﾀﾞ", "ﾔﾏﾀﾞ ", "ﾔﾏﾀﾞ  ﾀﾛｳ", "ﾔﾏﾀﾞ", "", " "]
        {
            let slow = to_bank_kana(s).map(|c| {
                c.split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            assert_eq!(normalise(s), slow, "{s:?}");
        }
    }

    #[test]
    fn full_width_katakana_becomes_half_width_with_separate_voicing_marks() {
        assert_eq!(to_bank_kana("ヤマダ タロウ"), Ok("ﾔﾏﾀﾞ ﾀﾛｳ".into()));
        assert_eq!(to_bank_kana("パン"), Ok("ﾊﾟﾝ".into()));
        assert_eq!(to_bank_kana("ヴィ"), Ok("ｳﾞｲ".into()));
    }

    #[test]
    fn hiragana_is_converted_like_katakana() {
        assert_eq!(to_bank_kana("がっこう"), Ok("ｶﾞﾂｺｳ".into()));
        assert_eq!(to_bank_kana("ぁゔ"), Ok("ｱｳﾞ".into()));
    }

    #[test]
    fn small_kana_become_large_in_both_widths() {
        assert_eq!(to_bank_kana("キャッシュ"), Ok("ｷﾔﾂｼﾕ".into()));
        assert_eq!(to_bank_kana("ｷｬｯｼｭ"), Ok("ｷﾔﾂｼﾕ".into()));
        assert_eq!(to_bank_kana("ヶヵヮ"), Ok("ｹｶﾜ".into()));
    }

    #[test]
    fn the_long_vowel_mark_becomes_a_hyphen() {
        assert_eq!(to_bank_kana("コーヒー"), Ok("ｺ-ﾋ-".into()));
        assert_eq!(to_bank_kana("ｺｰﾋｰ"), Ok("ｺ-ﾋ-".into()));
    }

    #[test]
    fn full_width_letters_digits_and_space_become_half_width_upper_case() {
        assert_eq!(to_bank_kana("ａｂｃ　１２３"), Ok("ABC 123".into()));
        assert_eq!(to_bank_kana("abc"), Ok("ABC".into()));
        assert_eq!(to_bank_kana("（カ）．／"), Ok("(ｶ)./".into()));
        assert_eq!(to_bank_kana("「ア」"), Ok("｢ｱ｣".into()));
    }

    #[test]
    fn old_kana_and_the_yen_sign_have_their_bank_forms() {
        assert_eq!(to_bank_kana("ヲヰヱ"), Ok("ｦｲｴ".into()));
        assert_eq!(to_bank_kana("￥¥\\"), Ok("\\\\\\".into()));
        assert_eq!(to_bank_kana("ｶﾞｯｺｳ"), Ok("ｶﾞﾂｺｳ".into()));
    }

    #[test]
    fn decomposed_voicing_marks_are_joined_as_half_width_marks() {
        assert_eq!(to_bank_kana("カ\u{3099}"), Ok("ｶﾞ".into()));
        assert_eq!(to_bank_kana("ハ゜"), Ok("ﾊﾟ".into()));
    }

    #[test]
    fn a_character_outside_the_set_is_refused_and_named() {
        assert_eq!(to_bank_kana("ﾔﾏﾀﾞ,ﾀﾛｳ"), Err(','));
        assert_eq!(to_bank_kana("山田"), Err('山'));
        assert_eq!(to_bank_kana("ヤマダ、"), Err('、'));
        assert_eq!(to_bank_kana("ヷ"), Err('ヷ'));
    }

    #[test]
    fn a_name_is_trimmed_and_its_inner_spaces_collapsed() {
        assert_eq!(normalise("　ヤマダ　　タロウ "), Ok("ﾔﾏﾀﾞ ﾀﾛｳ".into()));
    }

    #[test]
    fn a_search_prefix_is_converted_like_a_name_and_may_be_empty() {
        assert_eq!(search_prefix(Field::KanaName, "やま"), Ok("ﾔﾏ".into()));
        assert_eq!(search_prefix(Field::KanaName, " "), Ok(String::new()));
        assert!(search_prefix(Field::KanaName, "%").is_err());
    }

    #[test]
    fn names_differ_only_after_normalisation() {
        assert!(!names_differ("ヤマダ タロウ", "ﾔﾏﾀﾞ  ﾀﾛｳ"));
        assert!(!names_differ("ｼﾞﾖｳ", "ジョウ"));
        assert!(names_differ("ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞ ｼﾞﾛｳ"));
        assert!(names_differ("ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞﾀﾛｳ"));
    }

    #[test]
    fn a_kana_name_is_required_and_at_most_30_characters_counting_marks() {
        assert_eq!(
            KanaName::parse("  "),
            Err(RuleError::Required(Field::KanaName))
        );
        let fifteen_voiced = "ガ".repeat(15);
        assert_eq!(
            KanaName::parse(&fifteen_voiced).map(|k| k.as_str().chars().count()),
            Ok(30)
        );
        assert!(matches!(
            KanaName::parse(&format!("{fifteen_voiced}ア")),
            Err(RuleError::Format {
                field: Field::KanaName,
                ..
            })
        ));
    }

    #[test]
    fn a_kana_name_refusal_names_the_field_and_the_character() {
        let e = KanaName::parse("ヤマダ☆").expect_err("☆ is outside the set");
        assert_eq!(
            e,
            RuleError::Character {
                field: Field::KanaName,
                ch: '☆'
            }
        );
        assert_eq!(
            e.to_string(),
            "カナ氏名に使用できない文字（「☆」U+2606）が含まれています。"
        );
    }

    #[test]
    fn every_converted_character_is_in_the_set() {
        let all: String = ('\u{3041}'..='\u{3096}')
            .chain('\u{30A1}'..='\u{30F6}')
            .collect();
        for c in all.chars() {
            if let Ok(s) = to_bank_kana(&c.to_string()) {
                assert!(s.chars().all(is_bank_char), "{c} → {s}");
            }
        }
    }
}

/// Properties over any input: hostile text never panics, what comes out is always in the bank's
/// set, conversion is stable when repeated, and a refusal names a character the input holds.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Names as clerks type them: kana of both widths and both scripts, voicing marks alone,
    /// Latin and digits of both widths, spaces of both widths, and a sprinkling of anything.
    fn typed_name() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => prop::char::range('ぁ', 'ゖ'),
            4 => prop::char::range('ァ', 'ヶ'),
            3 => prop::char::range('ｦ', 'ﾟ'),
            1 => prop::char::range('Ａ', 'ｚ'),
            1 => prop::char::range('!', '~'),
            1 => prop::sample::select(vec![' ', '\u{3000}', 'ー', '゛', '゜', '\u{3099}', '\u{309A}', '¥']),
            1 => any::<char>(),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        #[test]
        fn any_text_converts_into_the_set_or_names_a_character_it_holds(s in typed_name()) {
            match to_bank_kana(&s) {
                Ok(out) => {
                    prop_assert!(out.chars().all(is_bank_char), "{s:?} → {out:?}");
                    // One input character becomes one or two (a voiced kana splits).
                    let (n, m) = (s.chars().count(), out.chars().count());
                    prop_assert!(n <= m && m <= 2 * n, "{s:?} → {out:?}");
                    // Converting again changes nothing.
                    prop_assert_eq!(to_bank_kana(&out), Ok(out.clone()));
                }
                Err(c) => {
                    prop_assert!(s.contains(c), "{c:?} not in {s:?}");
                    let mut sink = String::new();
                    prop_assert!(!convert_char(c, &mut sink), "{c:?} is convertible");
                }
            }
        }

        #[test]
        fn any_string_at_all_never_panics(s in any::<String>()) {
            let _ = to_bank_kana(&s);
            let _ = normalise(&s);
            let _ = names_differ(&s, &s);
            let _ = KanaName::parse(&s);
        }

        #[test]
        fn every_hiragana_and_katakana_name_is_accepted(
            s in prop::collection::vec(
                prop_oneof![prop::char::range('ぁ', 'ゖ'), prop::char::range('ァ', 'ヶ')],
                1..30,
            ).prop_map(|v| v.into_iter().collect::<String>())
        ) {
            let out = to_bank_kana(&s);
            prop_assert!(out.is_ok(), "{s:?} refused at {:?}", out);
            // Hiragana and katakana spell the same name.
            let hira: String = s.chars().map(|c| match c {
                'ァ'..='ヶ' => char::from_u32(u32::from(c) - 0x60).unwrap_or(c),
                _ => c,
            }).collect();
            prop_assert_eq!(to_bank_kana(&hira), out);
        }

        #[test]
        fn normalised_names_have_single_inner_spaces_and_compare_equal_to_themselves(s in typed_name()) {
            if let Ok(n) = normalise(&s) {
                prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "), "{n:?}");
                prop_assert_eq!(normalise(&n), Ok(n.clone()));
                prop_assert!(!names_differ(&s, &n));
            }
        }

        #[test]
        fn a_kana_name_is_one_to_thirty_characters_of_the_set(s in typed_name()) {
            match KanaName::parse(&s) {
                Ok(name) => {
                    let n = name.as_str().chars().count();
                    prop_assert!((1..=KanaName::MAX_LEN).contains(&n));
                    prop_assert!(name.as_str().chars().all(is_bank_char));
                }
                Err(RuleError::Character { ch, .. }) => prop_assert!(s.contains(ch)),
                Err(RuleError::Required(_)) => prop_assert!(normalise(&s).is_ok_and(|n| n.is_empty())),
                Err(RuleError::Format { .. }) => {
                    prop_assert!(normalise(&s).is_ok_and(|n| n.chars().count() > KanaName::MAX_LEN))
                }
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }
}
