//! Where a cell's text may break into lines: Japanese line-breaking rules (禁則処理) and a
//! greedy fill to a width.
//!
//! Kanji and kana may break between any two characters; Latin words and numbers break only at
//! spaces. A closing bracket, a small kana or the long-vowel mark never starts a line, an opening
//! bracket never ends one: such a character is carried to the next line together with its
//! neighbour (追い出し) rather than hung outside the cell, so nothing overflows. Only a single
//! unbreakable run wider than the cell is cut where it must be.

use std::ops::Range;

/// Characters that must not start a line (行頭禁則).
fn no_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '］'
            | '｝'
            | '〙'
            | '〗'
            | '”'
            | '’'
            | 'ー'
            | '～'
            | '〜'
            | '‐'
            | '゠'
            | '–'
            | '・'
            | '：'
            | '；'
            | '？'
            | '！'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '々'
            | '〻'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | 'ㇰ'..='ㇿ'
            | '｡'
            | '｣'
            | '､'
            | '･'
            | 'ｧ'..='ｯ'
            | 'ｰ'
            | 'ﾞ'
            | 'ﾟ'
            | '％'
            | '℃'
            | '°'
            | '′'
            | '″'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
    )
}

/// Characters that must not end a line (行末禁則).
fn no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '［'
            | '｛'
            | '〘'
            | '〖'
            | '“'
            | '‘'
            | '｢'
            | '￥'
            | '＄'
            | '＃'
            | '№'
            | '('
            | '['
            | '{'
            | '¥'
            | '$'
            | '#'
    )
}

/// Letters, digits and the signs inside numbers and codes: a run of them is one word.
fn wordish(c: char) -> bool {
    c.is_ascii_graphic() || matches!(c, 'À'..='ɏ')
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// May the text break between `a` and `b`?
fn break_between(a: char, b: char) -> bool {
    if is_space(b) {
        return false;
    }
    if is_space(a) {
        return true;
    }
    if no_start(b) || no_end(a) {
        return false;
    }
    !(wordish(a) && wordish(b))
}

/// Splits `text` into lines no wider than `max_width`, as byte ranges into `text` (trailing
/// spaces of a broken line left out). `width` measures one character. A `\n` forces a break.
/// Every non-space character of `text` appears in exactly one line; a line holds at least one
/// character even when that character alone is wider than `max_width`.
pub(crate) fn wrap(text: &str, max_width: f32, width: impl Fn(char) -> f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for paragraph in text.split('\n') {
        let end = start + paragraph.len();
        let para = paragraph.strip_suffix('\r').unwrap_or(paragraph);
        wrap_paragraph(para, start, max_width, &width, &mut lines);
        start = end + 1;
    }
    lines
}

fn wrap_paragraph(
    text: &str,
    offset: usize,
    max_width: f32,
    width: &impl Fn(char) -> f32,
    lines: &mut Vec<Range<usize>>,
) {
    // Units: the stretches between break opportunities, each with its width.
    let mut line_start: Option<usize> = None;
    let mut line_end = 0; // end of the last non-space character on the line
    let mut line_width = 0.0f32; // up to line_end
    let mut pending_space = 0.0f32; // spaces after line_end, counted only if more follows

    let mut chars = text.char_indices().peekable();
    let mut unit_start = 0;
    let mut unit_width = 0.0f32;
    let mut unit_chars: Vec<(usize, f32)> = Vec::new();
    while let Some((i, c)) = chars.next() {
        if is_space(c) {
            if line_start.is_some() {
                pending_space += width(c);
            }
            continue;
        }
        if unit_chars.is_empty() {
            unit_start = i;
        }
        let w = width(c);
        unit_chars.push((i, w));
        unit_width += w;
        let unit_ends = match chars.peek() {
            None => true,
            Some(&(_, next)) => is_space(next) || break_between(c, next),
        };
        if !unit_ends {
            continue;
        }
        let unit_end = i + c.len_utf8();
        // Place the unit.
        let fits = line_width + pending_space + unit_width <= max_width + 0.01;
        match line_start {
            Some(_) if fits => {
                line_width += pending_space + unit_width;
                line_end = unit_end;
            }
            _ => {
                if let Some(s) = line_start {
                    lines.push(offset + s..offset + line_end);
                }
                if unit_width <= max_width + 0.01 {
                    line_start = Some(unit_start);
                    line_end = unit_end;
                    line_width = unit_width;
                } else {
                    // An unbreakable run wider than the cell: cut it by characters.
                    let mut s = unit_start;
                    let mut wsum = 0.0f32;
                    let mut e = unit_start;
                    for &(ci, cw) in &unit_chars {
                        if e > s && wsum + cw > max_width + 0.01 {
                            lines.push(offset + s..offset + e);
                            s = ci;
                            wsum = 0.0;
                        }
                        wsum += cw;
                        e = ci + text[ci..].chars().next().map_or(1, char::len_utf8);
                    }
                    line_start = Some(s);
                    line_end = e;
                    line_width = wsum;
                }
            }
        }
        pending_space = 0.0;
        unit_chars.clear();
        unit_width = 0.0;
    }
    match line_start {
        Some(s) => lines.push(offset + s..offset + line_end),
        // An empty paragraph is still a line: the user wrote the newline on purpose.
        None => lines.push(offset..offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width characters are 1 wide, everything else ½.
    fn w(c: char) -> f32 {
        if (c as u32) < 0x2000 || ('ｦ'..='ﾟ').contains(&c) {
            0.5
        } else {
            1.0
        }
    }

    fn lines(text: &str, max: f32) -> Vec<&str> {
        wrap(text, max, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn text_that_fits_stays_on_one_line() {
        assert_eq!(lines("労働金庫", 4.0), ["労働金庫"]);
    }

    #[test]
    fn kanji_break_between_any_two_characters() {
        assert_eq!(
            lines("東京都千代田区神田", 4.0),
            ["東京都千", "代田区神", "田"]
        );
    }

    #[test]
    fn a_closing_mark_never_starts_a_line() {
        // 「あいう。」 would leave 。 at the start of line 2; う moves down with it.
        assert_eq!(lines("あいうえ。かき", 4.0), ["あいう", "え。かき"]);
        assert_eq!(lines("あいうえ、", 4.0), ["あいう", "え、"]);
        assert_eq!(lines("株式会社）です", 4.0), ["株式会", "社）です"]);
        assert_eq!(lines("カナダーラ", 2.0), ["カナ", "ダー", "ラ"]);
        for l in lines("サーバーとコンピューターとメモリー。", 3.0) {
            let first = l.chars().next().unwrap_or(' ');
            assert!(!no_start(first), "{l} starts with {first}");
        }
    }

    #[test]
    fn an_opening_bracket_never_ends_a_line() {
        assert_eq!(lines("あいう（株）", 4.0), ["あいう", "（株）"]);
        assert_eq!(lines("ああああ「あ」", 5.0), ["ああああ", "「あ」"]);
        for l in lines("甲「乙」丙（丁）戊「己」庚（辛）", 3.0) {
            let last = l.chars().last().unwrap_or(' ');
            assert!(!no_end(last), "{l} ends with {last}");
        }
    }

    #[test]
    fn latin_words_and_numbers_break_only_at_spaces() {
        assert_eq!(lines("abc defg hi", 3.0), ["abc", "defg", "hi"]);
        assert_eq!(lines("合計 1,234,567円", 6.0), ["合計", "1,234,567円"]);
    }

    #[test]
    fn a_word_wider_than_the_cell_is_cut_not_dropped() {
        assert_eq!(lines("ABCDEFGHIJ", 2.0), ["ABCD", "EFGH", "IJ"]);
    }

    #[test]
    fn a_newline_forces_a_break_and_blank_lines_are_kept() {
        assert_eq!(lines("一行目\n\n三行目", 10.0), ["一行目", "", "三行目"]);
        assert_eq!(lines("a\r\nb", 10.0), ["a", "b"]);
    }

    #[test]
    fn no_character_is_lost_whatever_the_width() {
        let text = "労金（ろうきん）の「賃金控除」サービス、ABC-123 ﾛｳｷﾝ。ー";
        for max in [0.1f32, 0.5, 1.0, 1.5, 2.0, 3.0, 7.0, 100.0] {
            let joined: String = lines(text, max).concat();
            let expect: String = text.chars().filter(|c| !is_space(*c)).collect();
            let got: String = joined.chars().filter(|c| !is_space(*c)).collect();
            assert_eq!(got, expect, "width {max}");
        }
    }

    #[test]
    fn every_line_fits_unless_it_is_a_single_character() {
        let text = "東京都千代田区神田駿河台一丁目二番地 労働金庫会館（本店）";
        for l in lines(text, 3.0) {
            let width: f32 = l.chars().map(w).sum();
            assert!(width <= 3.0 || l.chars().count() == 1, "{l} is {width}");
        }
    }
}
