//! IPAex Gothic, compiled in and read once: glyph ids and advances for our own line layout, and
//! the krilla font that subsets it into each PDF.

use std::sync::OnceLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// IPAex Gothic 00401 (IPA Font License v1.0, see `fonts/IPA_Font_License_Agreement_v1.0.txt`).
static IPAEX_GOTHIC: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");

pub(crate) struct Face {
    pub(crate) font: Font,
    /// Glyph id and advance (in em) for every Basic Multilingual Plane character; gid 0 = none.
    bmp: Vec<(u16, f32)>,
    /// The same for the few characters beyond it the font has.
    astral: std::collections::HashMap<u32, (u16, f32)>,
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
}

static FACE: OnceLock<Option<Face>> = OnceLock::new();

/// The parsed font; `None` only if the compiled-in bytes are not a font (a build mistake).
pub(crate) fn face() -> Option<&'static Face> {
    FACE.get_or_init(load).as_ref()
}

fn load() -> Option<Face> {
    let font_ref = FontRef::new(IPAEX_GOTHIC).ok()?;
    let metrics = font_ref.metrics(Size::unscaled(), LocationRef::default());
    let upem = f32::from(metrics.units_per_em);
    let glyph_metrics = font_ref.glyph_metrics(Size::unscaled(), LocationRef::default());
    let mut bmp = vec![(0u16, 0.0f32); 0x1_0000];
    let mut astral = std::collections::HashMap::new();
    for (cp, gid) in font_ref.charmap().mappings() {
        let Ok(id) = u16::try_from(gid.to_u32()) else {
            continue;
        };
        let advance = glyph_metrics.advance_width(gid).unwrap_or(0.0) / upem;
        match usize::try_from(cp) {
            Ok(i) if i < bmp.len() => bmp[i] = (id, advance),
            _ => {
                astral.insert(cp, (id, advance));
            }
        }
    }
    let font = Font::new(krilla::Data::from(IPAEX_GOTHIC), 0)?;
    Some(Face {
        font,
        bmp,
        astral,
        ascent: metrics.ascent / upem,
        descent: -metrics.descent / upem,
    })
}

impl Face {
    /// Glyph id and advance in em; a tab is drawn as a space. `None`: the font lacks it.
    pub(crate) fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let c = if c == '\t' { ' ' } else { c };
        let found = match self.bmp.get(c as usize) {
            Some(&g) => g,
            None => self.astral.get(&(c as u32)).copied().unwrap_or((0, 0.0)),
        };
        (found.0 != 0).then_some(found)
    }

    /// Advance in em (0 for a character the font lacks; those are refused before layout).
    pub(crate) fn advance(&self, c: char) -> f32 {
        self.glyph(c).map_or(0.0, |g| g.1)
    }

    /// Glyphs for `text` (every character must be in the font), with ranges into `text`, and
    /// the total advance in em.
    pub(crate) fn shape(&self, text: &str) -> (Vec<KrillaGlyph>, f32) {
        let mut glyphs = Vec::with_capacity(text.len() / 2);
        let mut total = 0.0;
        for (i, c) in text.char_indices() {
            let (id, adv) = self.glyph(c).unwrap_or((0, 0.0));
            total += adv;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(u32::from(id)),
                adv,
                0.0,
                0.0,
                0.0,
                i..i + c.len_utf8(),
                None,
            ));
        }
        (glyphs, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_kana_kanji_nec_specials_and_half_width_kana() {
        let f = face().expect("font");
        for c in "あア漢字①㈱Ⅰ～―ｱﾛ1,234円（）「」髙﨑".chars() {
            assert!(f.glyph(c).is_some(), "{c}");
        }
        assert!(f.glyph('\u{1}').is_none());
    }

    #[test]
    fn full_width_is_one_em_and_half_width_is_half() {
        let f = face().expect("font");
        assert!((f.advance('漢') - 1.0).abs() < 0.01);
        assert!((f.advance('ｱ') - 0.5).abs() < 0.01);
    }
}
