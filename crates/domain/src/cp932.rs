//! CP932 (Windows-31J) encoding as Windows does it, on top of encoding_rs.
//!
//! encoding_rs's Shift_JIS is the WHATWG one, which already is CP932 in both directions for
//! everything Windows defines: NEC row 13 (①, ㈱, Ⅰ, ≒, ∵), the IBM extensions (ⅰ, 髙, 﨑),
//! and the Windows picks for the JIS look-alikes (U+FF5E ～ ↔ 0x8160, U+2015 ― ↔ 0x815C,
//! U+2225 ∥ ↔ 0x8161, U+FF0D － ↔ 0x817C, U+FFE0/FFE1/FFE2 ￠￡￢). The tests below pin that.
//!
//! What it refuses are the JIS-standard code points of those same glyphs, which Macs, Java and
//! JIS-based input produce: U+301C 〜 (wave dash), U+2014 —, U+2016 ‖, U+00A2 ¢, U+00A3 £,
//! U+00AC ¬, U+00A6 ¦. Windows' own best-fit table writes them to the same bytes, and refusing a
//! name because it was typed on a Mac helps nobody, so we do too (read back on Windows they
//! become the full-width form, which looks the same). Anything else outside CP932 (𠮷, emoji,
//! ✓) is refused.

/// The JIS code points Windows' best fit folds onto CP932 bytes (see the module doc).
fn best_fit(c: char) -> Option<&'static [u8]> {
    Some(match c {
        '\u{301C}' => &[0x81, 0x60],
        '\u{2014}' => &[0x81, 0x5C],
        '\u{2016}' => &[0x81, 0x61],
        '\u{00A2}' => &[0x81, 0x91],
        '\u{00A3}' => &[0x81, 0x92],
        '\u{00AC}' => &[0x81, 0xCA],
        '\u{00A6}' => &[0xFA, 0x55],
        _ => return None,
    })
}

/// Appends `s` in CP932; `Err(c)` names the first character CP932 cannot hold (nothing
/// appended then).
pub fn encode_into(s: &str, out: &mut Vec<u8>) -> Result<(), char> {
    let (bytes, _, lossy) = encoding_rs::SHIFT_JIS.encode(s);
    if !lossy {
        out.extend_from_slice(&bytes);
        return Ok(());
    }
    // Rare: one character at a time, so we learn which one and can apply the best fit.
    let start = out.len();
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let one: &str = c.encode_utf8(&mut buf);
        let (b, _, lossy) = encoding_rs::SHIFT_JIS.encode(one);
        if !lossy {
            out.extend_from_slice(&b);
        } else if let Some(fit) = best_fit(c) {
            out.extend_from_slice(fit);
        } else {
            out.truncate(start);
            return Err(c);
        }
    }
    Ok(())
}

/// `s` in CP932, or the first character it cannot hold.
pub fn encode(s: &str) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(s.len());
    encode_into(s, &mut out).map(|()| out)
}

/// Can CP932 hold `c`?
pub fn can_encode(c: char) -> bool {
    // ASCII is CP932's first 128 bytes. Anything else is encoded into a buffer on the stack:
    // `Encoding::encode` would allocate for every non-ASCII character, and names are checked
    // character by character on every read of a row.
    if c.is_ascii() {
        return true;
    }
    let mut buf = [0u8; 4];
    let one: &str = c.encode_utf8(&mut buf);
    let mut out = [0u8; 8];
    let (result, _, _) = encoding_rs::SHIFT_JIS
        .new_encoder()
        .encode_from_utf8_without_replacement(one, &mut out, true);
    matches!(result, encoding_rs::EncoderResult::InputEmpty) || best_fit(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(s: &str) -> Vec<u8> {
        encode(s).expect("encodable")
    }

    #[test]
    fn can_encode_agrees_with_encoding_every_character() {
        for c in (0..=0x3_FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let whole = encode(c.encode_utf8(&mut buf)).is_ok();
            assert_eq!(can_encode(c), whole, "{c:?} U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn nec_row_13_is_written_as_windows_does() {
        assert_eq!(bytes("①"), [0x87, 0x40]);
        assert_eq!(bytes("㈱"), [0x87, 0x8A]);
        assert_eq!(bytes("Ⅰ"), [0x87, 0x54]);
        assert_eq!(bytes("№"), [0x87, 0x82]);
        assert_eq!(bytes("㍻"), [0x87, 0x7E]);
    }

    #[test]
    fn signs_in_both_row_2_and_row_13_take_the_row_2_bytes() {
        assert_eq!(bytes("≒"), [0x81, 0xE0]);
        assert_eq!(bytes("∵"), [0x81, 0xE6]);
        assert_eq!(bytes("∫"), [0x81, 0xE7]);
    }

    #[test]
    fn ibm_extensions_use_the_fa_fc_rows() {
        assert_eq!(bytes("ⅰ"), [0xFA, 0x40]);
        assert_eq!(bytes("髙"), [0xFB, 0xFC]);
        assert_eq!(bytes("﨑"), [0xFA, 0xB1]);
        assert_eq!(bytes("￤"), [0xFA, 0x55]);
    }

    #[test]
    fn the_windows_look_alikes_map_as_windows_maps_them() {
        assert_eq!(bytes("～"), [0x81, 0x60]);
        assert_eq!(bytes("―"), [0x81, 0x5C]);
        assert_eq!(bytes("∥"), [0x81, 0x61]);
        assert_eq!(bytes("－"), [0x81, 0x7C]);
        assert_eq!(bytes("￠￡￢"), [0x81, 0x91, 0x81, 0x92, 0x81, 0xCA]);
    }

    #[test]
    fn the_jis_wave_dash_and_its_kin_fold_onto_the_same_bytes() {
        assert_eq!(bytes("〜"), bytes("～"));
        assert_eq!(bytes("—"), bytes("―"));
        assert_eq!(bytes("‖"), bytes("∥"));
        assert_eq!(bytes("−"), bytes("－"));
        assert_eq!(bytes("¢£¬"), bytes("￠￡￢"));
        assert_eq!(bytes("¦"), bytes("￤"));
    }

    #[test]
    fn half_width_kana_is_one_byte() {
        assert_eq!(bytes("ﾛｳｷﾝ"), [0xDB, 0xB3, 0xB7, 0xDD]);
    }

    #[test]
    fn a_character_outside_cp932_is_named_and_nothing_is_written() {
        let mut out = b"x".to_vec();
        assert_eq!(encode_into("吉𠮷野", &mut out), Err('𠮷'));
        assert_eq!(out, b"x");
        assert_eq!(encode("〜✓"), Err('✓'));
        assert_eq!(encode("😀"), Err('😀'));
        assert!(!can_encode('𠮷'));
        assert!(can_encode('〜'));
    }

    #[test]
    fn cp932_bytes_read_back_as_windows_reads_them() {
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&[0x81, 0x60, 0x81, 0x5C, 0x87, 0x40]);
        assert!(!bad);
        assert_eq!(text, "～―①");
    }
}
