//! List reports as PDF: an A4 page with a header block, a table whose column titles repeat on
//! every page, subtotal and total rows, and "N / M" at the foot; set in IPAex Gothic, which
//! krilla subsets into the file.
//!
//! Layout is ours (krilla only places glyphs): every cell is wrapped by the Japanese
//! line-breaking rules in [`crate::linebreak`] and its row grows to fit, so no text is ever cut
//! or drawn over a neighbour. Two passes: lay every row out and paginate (the page count must be
//! known before the first footer), then draw.

mod font;

use std::borrow::Cow;
use std::ops::Range;

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{Path, PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::KrillaGlyph;

use crate::linebreak::wrap;
use font::Face;

const PT_PER_MM: f32 = 72.0 / 25.4;
const A4_SHORT_MM: f32 = 210.0;
const A4_LONG_MM: f32 = 297.0;
const MARGIN_X_MM: f32 = 12.0;
const MARGIN_TOP_MM: f32 = 10.0;
const MARGIN_BOTTOM_MM: f32 = 10.0;
/// Space kept above the bottom margin for the page number.
const FOOTER_MM: f32 = 7.0;

const TITLE_SIZE: f32 = 14.0;
const META_SIZE: f32 = 9.0;
const BODY_SIZE: f32 = 9.0;
const FOOT_SIZE: f32 = 8.0;
/// Line pitch as a multiple of the font size.
const LEADING: f32 = 1.3;
const PAD_X: f32 = 1.5 * PT_PER_MM;
const PAD_Y: f32 = 0.9 * PT_PER_MM;

/// 用紙の向き
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// A table column: its title (wrapped like any cell), width and alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub width_mm: f32,
    pub align: Align,
}

impl Column {
    /// A left-aligned text column.
    pub fn text(title: impl Into<String>, width_mm: f32) -> Self {
        Column {
            title: title.into(),
            width_mm,
            align: Align::Left,
        }
    }

    /// A right-aligned amount column.
    pub fn yen(title: impl Into<String>, width_mm: f32) -> Self {
        Column {
            title: title.into(),
            width_mm,
            align: Align::Right,
        }
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
}

/// The block printed at the top of every page. An empty field is left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// 帳票名
    pub title: String,
    /// 団体名
    pub organisation: String,
    /// 入金グループ
    pub payment_group: String,
    /// 対象サイクル（例: 2026年4月分）
    pub cycle: String,
    /// 出力日時
    pub printed_at: String,
    /// Further lines of the left column, already labelled (「お取引店：本店営業部」), under
    /// 団体 and 入金グループ. The 労金控除 lists put their own header items here.
    pub more_left: Vec<String>,
    /// Further lines of the right column, already labelled, under 対象 and 出力日時.
    pub more_right: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// Whole yen, printed with thousands separators ([`crate::yen`]).
    Yen(i64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// One cell per column.
    Data(Vec<Cell>),
    /// 小計: `label` spans the leading columns, `cells` fill the last `cells.len()` columns.
    Subtotal { label: String, cells: Vec<Cell> },
    /// 合計: laid out like a subtotal, shaded darker.
    Total { label: String, cells: Vec<Cell> },
}

/// A list report: header, columns and rows, rendered by [`ListReport::render`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListReport {
    pub header: Header,
    pub orientation: Orientation,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// Why a list could not be printed. [`PdfError::code`] is stable; the Display is for the user.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PdfError {
    /// `row` is 1-based among the report's rows (0: the column titles or the header block).
    #[error(
        "{row}行目 {column}列目（{column_name}）の「{ch}」は帳票のフォントにない文字のため印刷できません"
    )]
    Unprintable {
        row: usize,
        column: usize,
        column_name: String,
        ch: char,
    },
    #[error("{row}行目の項目数が{found}個です（列は{expected}個）")]
    WrongCellCount {
        row: usize,
        expected: usize,
        found: usize,
    },
    #[error("列幅の合計 {total_mm:.1}mm が用紙の印刷幅 {available_mm:.1}mm を超えています")]
    TooWide { total_mm: f32, available_mm: f32 },
    #[error("帳票の見出しが大きすぎて明細を印刷する余地がありません")]
    NoRoom,
    #[error("帳票のフォントを読み込めませんでした")]
    Font,
    #[error("PDFを作成できませんでした: {0}")]
    Pdf(String),
}

impl PdfError {
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Unprintable { .. } => "R301",
            PdfError::WrongCellCount { .. } => "R302",
            PdfError::TooWide { .. } => "R303",
            PdfError::NoRoom => "R304",
            PdfError::Font => "R308",
            PdfError::Pdf(_) => "R309",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Header,
    Data,
    Subtotal,
    Total,
}

/// A cell after wrapping: where it sits and its lines as ranges into `text`.
struct LaidCell<'a> {
    x: f32,
    width: f32,
    align: Align,
    text: Cow<'a, str>,
    lines: Vec<Range<usize>>,
}

struct LaidRow<'a> {
    kind: Kind,
    cells: Vec<LaidCell<'a>>,
    lines: usize,
}

/// The part of a row on one page: all of it, unless the row is taller than a page.
#[derive(Clone, Copy)]
struct Slice {
    row: usize,
    lines: (usize, usize),
}

struct Geometry {
    page_w: f32,
    page_h: f32,
    left: f32,
    right: f32,
    line_h: f32,
}

impl ListReport {
    /// The PDF bytes.
    pub fn render(&self) -> Result<Vec<u8>, PdfError> {
        let face = font::face().ok_or(PdfError::Font)?;
        let (page_w_mm, page_h_mm) = match self.orientation {
            Orientation::Portrait => (A4_SHORT_MM, A4_LONG_MM),
            Orientation::Landscape => (A4_LONG_MM, A4_SHORT_MM),
        };
        let available_mm = page_w_mm - 2.0 * MARGIN_X_MM;
        let total_mm: f32 = self.columns.iter().map(|c| c.width_mm).sum();
        if total_mm > available_mm + 0.05 {
            return Err(PdfError::TooWide {
                total_mm,
                available_mm,
            });
        }
        let g = Geometry {
            page_w: page_w_mm * PT_PER_MM,
            page_h: page_h_mm * PT_PER_MM,
            left: MARGIN_X_MM * PT_PER_MM,
            right: (MARGIN_X_MM + total_mm) * PT_PER_MM,
            line_h: BODY_SIZE * LEADING,
        };
        self.check_header(face)?;

        let titles = self.lay_titles(face, &g)?;
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| self.lay_row(face, &g, i + 1, r))
            .collect::<Result<Vec<_>, _>>()?;

        let header_bottom = self.header_height(face, &g);
        let body_top = header_bottom + row_height(titles.lines, g.line_h);
        let body_bottom = g.page_h - (MARGIN_BOTTOM_MM + FOOTER_MM) * PT_PER_MM;
        let pages = paginate(&rows, body_bottom - body_top, g.line_h)?;

        let mut doc = Document::new();
        doc.set_metadata(
            krilla::metadata::Metadata::new()
                .title(self.header.title.clone())
                .language("ja".into())
                .creator("cjs".into()),
        );
        let count = pages.len();
        for (n, slices) in pages.iter().enumerate() {
            let settings = PageSettings::from_wh(g.page_w, g.page_h)
                .ok_or_else(|| PdfError::Pdf("page size".into()))?;
            let mut page = doc.start_page_with(settings);
            let mut s = page.surface();
            self.draw_header(&mut s, face, &g);
            let mut grid = Grid::default();
            let mut y = header_bottom;
            y = draw_row(&mut s, face, &g, &mut grid, &titles, (0, titles.lines), y);
            for slice in slices {
                let row = &rows[slice.row];
                y = draw_row(&mut s, face, &g, &mut grid, row, slice.lines, y);
            }
            stroke(&mut s, grid.finish(y), 0.5);
            let footer = format!("{} / {}", n + 1, count);
            let w = face.shape(&footer).1 * FOOT_SIZE;
            let base = g.page_h - MARGIN_BOTTOM_MM * PT_PER_MM - 1.0;
            draw_text(&mut s, face, &footer, (g.page_w - w) / 2.0, base, FOOT_SIZE);
            s.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PdfError::Pdf(format!("{e:?}")))
    }

    fn check_header(&self, face: &Face) -> Result<(), PdfError> {
        let h = &self.header;
        for (name, text) in [
            ("帳票名", &h.title),
            ("団体", &h.organisation),
            ("入金グループ", &h.payment_group),
            ("対象", &h.cycle),
            ("出力日時", &h.printed_at),
        ] {
            printable(face, text, 0, 0, name)?;
        }
        for text in h.more_left.iter().chain(&h.more_right) {
            printable(face, text, 0, 0, "見出し")?;
        }
        Ok(())
    }

    /// The header block's lines: (left text, right text) pairs under the title.
    fn meta_lines(&self) -> Vec<(String, String)> {
        let h = &self.header;
        let labelled = |label: &str, v: &str| {
            if v.is_empty() {
                String::new()
            } else {
                format!("{label}：{v}")
            }
        };
        let left = [
            labelled("団体", &h.organisation),
            labelled("入金グループ", &h.payment_group),
        ]
        .into_iter()
        .chain(h.more_left.iter().cloned());
        let right = [
            labelled("対象", &h.cycle),
            labelled("出力日時", &h.printed_at),
        ]
        .into_iter()
        .chain(h.more_right.iter().cloned());
        let mut lines: Vec<(String, String)> = Vec::new();
        let mut l = left.filter(|s| !s.is_empty());
        let mut r = right.filter(|s| !s.is_empty());
        loop {
            match (l.next(), r.next()) {
                (None, None) => break,
                (a, b) => lines.push((a.unwrap_or_default(), b.unwrap_or_default())),
            }
        }
        lines
    }

    /// Wraps a header text into the half page it owns.
    fn meta_wrapped<'t>(face: &Face, g: &Geometry, text: &'t str) -> Vec<&'t str> {
        let half = (g.page_w - 2.0 * g.left) / 2.0 - 4.0;
        wrap(text, half, |c| face.advance(c) * META_SIZE)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    fn title_lines<'t>(face: &Face, g: &Geometry, text: &'t str) -> Vec<&'t str> {
        wrap(text, g.page_w - 2.0 * g.left, |c| {
            face.advance(c) * TITLE_SIZE
        })
        .into_iter()
        .map(|r| &text[r])
        .collect()
    }

    /// Where the table starts.
    fn header_height(&self, face: &Face, g: &Geometry) -> f32 {
        let mut y = MARGIN_TOP_MM * PT_PER_MM;
        if !self.header.title.is_empty() {
            y += Self::title_lines(face, g, &self.header.title).len() as f32 * TITLE_SIZE * LEADING;
            y += 2.0 * PT_PER_MM;
        }
        for (l, r) in self.meta_lines() {
            let n = Self::meta_wrapped(face, g, &l)
                .len()
                .max(Self::meta_wrapped(face, g, &r).len());
            y += n as f32 * META_SIZE * LEADING;
        }
        y + 2.0 * PT_PER_MM
    }

    fn draw_header(&self, s: &mut Surface, face: &Face, g: &Geometry) {
        let mut y = MARGIN_TOP_MM * PT_PER_MM;
        if !self.header.title.is_empty() {
            for line in Self::title_lines(face, g, &self.header.title) {
                let w = face.shape(line).1 * TITLE_SIZE;
                let base = y + baseline(face, TITLE_SIZE, TITLE_SIZE * LEADING);
                draw_text(s, face, line, (g.page_w - w) / 2.0, base, TITLE_SIZE);
                y += TITLE_SIZE * LEADING;
            }
            y += 2.0 * PT_PER_MM;
        }
        let pitch = META_SIZE * LEADING;
        for (l, r) in self.meta_lines() {
            let left = Self::meta_wrapped(face, g, &l);
            let right = Self::meta_wrapped(face, g, &r);
            for (i, line) in left.iter().enumerate() {
                let base = y + i as f32 * pitch + baseline(face, META_SIZE, pitch);
                draw_text(s, face, line, g.left, base, META_SIZE);
            }
            for (i, line) in right.iter().enumerate() {
                let w = face.shape(line).1 * META_SIZE;
                let base = y + i as f32 * pitch + baseline(face, META_SIZE, pitch);
                draw_text(s, face, line, g.page_w - g.left - w, base, META_SIZE);
            }
            y += left.len().max(right.len()) as f32 * pitch;
        }
    }

    fn lay_titles(&self, face: &Face, g: &Geometry) -> Result<LaidRow<'_>, PdfError> {
        let mut x = g.left;
        let mut cells = Vec::with_capacity(self.columns.len());
        for (i, c) in self.columns.iter().enumerate() {
            printable(face, &c.title, 0, i + 1, &c.title)?;
            let width = c.width_mm * PT_PER_MM;
            cells.push(lay_cell(
                face,
                x,
                width,
                Align::Center,
                Cow::Borrowed(&c.title),
            ));
            x += width;
        }
        Ok(finish_row(Kind::Header, cells))
    }

    fn lay_row<'a>(
        &'a self,
        face: &Face,
        g: &Geometry,
        n: usize,
        row: &'a Row,
    ) -> Result<LaidRow<'a>, PdfError> {
        let ncols = self.columns.len();
        let (kind, label, cells) = match row {
            Row::Data(cells) => (Kind::Data, None, cells),
            Row::Subtotal { label, cells } => (Kind::Subtotal, Some(label), cells),
            Row::Total { label, cells } => (Kind::Total, Some(label), cells),
        };
        // A label needs at least one column of its own.
        let expected = if label.is_some() {
            ncols.saturating_sub(1)
        } else {
            ncols
        };
        let fits = match label {
            None => cells.len() == ncols,
            Some(_) => ncols > 0 && cells.len() <= expected,
        };
        if !fits {
            return Err(PdfError::WrongCellCount {
                row: n,
                expected,
                found: cells.len(),
            });
        }
        let first = ncols - cells.len();
        let mut laid = Vec::with_capacity(cells.len() + 1);
        if let Some(label) = label {
            printable(face, label, n, 1, &self.columns[0].title)?;
            let width: f32 = self.columns[..first]
                .iter()
                .map(|c| c.width_mm)
                .sum::<f32>()
                * PT_PER_MM;
            laid.push(lay_cell(
                face,
                g.left,
                width,
                Align::Left,
                Cow::Borrowed(label),
            ));
        }
        let mut x = g.left
            + self.columns[..first]
                .iter()
                .map(|c| c.width_mm)
                .sum::<f32>()
                * PT_PER_MM;
        for (i, cell) in cells.iter().enumerate() {
            let col = &self.columns[first + i];
            let text = match cell {
                Cell::Text(t) => {
                    printable(face, t, n, first + i + 1, &col.title)?;
                    Cow::Borrowed(t.as_str())
                }
                Cell::Yen(v) => Cow::Owned(crate::yen(*v)),
                Cell::Empty => Cow::Borrowed(""),
            };
            let width = col.width_mm * PT_PER_MM;
            laid.push(lay_cell(face, x, width, col.align, text));
            x += width;
        }
        Ok(finish_row(kind, laid))
    }
}

fn printable(
    face: &Face,
    text: &str,
    row: usize,
    column: usize,
    column_name: &str,
) -> Result<(), PdfError> {
    match text
        .chars()
        .find(|&c| c != '\n' && c != '\r' && face.glyph(c).is_none())
    {
        None => Ok(()),
        Some(ch) => Err(PdfError::Unprintable {
            row,
            column,
            column_name: column_name.to_owned(),
            ch,
        }),
    }
}

fn lay_cell<'a>(face: &Face, x: f32, width: f32, align: Align, text: Cow<'a, str>) -> LaidCell<'a> {
    let inner = (width - 2.0 * PAD_X).max(BODY_SIZE * 0.5);
    let lines = wrap(&text, inner, |c| face.advance(c) * BODY_SIZE);
    LaidCell {
        x,
        width,
        align,
        text,
        lines,
    }
}

fn finish_row(kind: Kind, cells: Vec<LaidCell<'_>>) -> LaidRow<'_> {
    let lines = cells
        .iter()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(1)
        .max(1);
    LaidRow { kind, cells, lines }
}

fn row_height(lines: usize, line_h: f32) -> f32 {
    lines as f32 * line_h + 2.0 * PAD_Y
}

/// Rows onto pages: a row that does not fit moves to the next page whole; only a row taller
/// than a whole page is split by lines.
fn paginate(rows: &[LaidRow], room: f32, line_h: f32) -> Result<Vec<Vec<Slice>>, PdfError> {
    let max_lines = ((room - 2.0 * PAD_Y) / line_h).floor();
    if max_lines < 1.0 {
        return Err(PdfError::NoRoom);
    }
    let max_lines = max_lines as usize;
    let mut pages = vec![Vec::new()];
    let mut used = 0.0f32;
    for (i, row) in rows.iter().enumerate() {
        let mut from = 0;
        while from < row.lines {
            let left = room - used;
            let take = (row.lines - from).min(max_lines);
            let h = row_height(take, line_h);
            let page_empty = pages.last().is_none_or(Vec::is_empty);
            if h > left + 0.01 && !page_empty {
                pages.push(Vec::new());
                used = 0.0;
                continue;
            }
            if let Some(p) = pages.last_mut() {
                p.push(Slice {
                    row: i,
                    lines: (from, from + take),
                });
            }
            used += h;
            from += take;
        }
    }
    Ok(pages)
}

/// Offset of the baseline from the top of a line box of height `pitch`.
fn baseline(face: &Face, size: f32, pitch: f32) -> f32 {
    let glyph_h = (face.ascent + face.descent) * size;
    (pitch - glyph_h) / 2.0 + face.ascent * size
}

/// Draws one row slice from `top`; returns its bottom. Grid lines go into `grid`.
/// The table's rules. A column's vertical rule runs unbroken down the rows that share it and
/// is drawn once (a 小計 label spanning columns breaks it), rather than once per row.
#[derive(Default)]
struct Grid {
    path: PathBuilder,
    /// Vertical rules still running: x and where they started.
    open: Vec<(f32, f32)>,
}

impl Grid {
    /// A row from `top` with column edges at `xs`: rules not in `xs` stop at `top`, new ones
    /// start there.
    fn row(&mut self, xs: &[f32], top: f32) {
        let same = |a: f32, b: f32| (a - b).abs() < 0.01;
        let path = &mut self.path;
        self.open.retain(|&(x, from)| {
            let keep = xs.iter().any(|&e| same(e, x));
            if !keep {
                path.move_to(x, from);
                path.line_to(x, top);
            }
            keep
        });
        for &x in xs {
            if !self.open.iter().any(|&(o, _)| same(o, x)) {
                self.open.push((x, top));
            }
        }
    }

    fn line(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32)) {
        self.path.move_to(x0, y0);
        self.path.line_to(x1, y1);
    }

    /// Ends every running rule at `bottom`.
    fn finish(mut self, bottom: f32) -> Option<Path> {
        for (x, from) in self.open.drain(..) {
            self.path.move_to(x, from);
            self.path.line_to(x, bottom);
        }
        self.path.finish()
    }
}

fn draw_row(
    s: &mut Surface,
    face: &Face,
    g: &Geometry,
    grid: &mut Grid,
    row: &LaidRow,
    (from, to): (usize, usize),
    top: f32,
) -> f32 {
    let h = row_height(to - from, g.line_h);
    let shade = match row.kind {
        Kind::Header => Some(225),
        Kind::Data => None,
        Kind::Subtotal => Some(238),
        Kind::Total => Some(215),
    };
    if let Some(l) = shade
        && let Some(rect) = Rect::from_xywh(g.left, top, g.right - g.left, h)
    {
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            s.set_stroke(None);
            s.set_fill(Some(Fill {
                paint: luma::Color::new(l).into(),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            s.draw_path(&path);
            s.set_fill(Some(Fill::default()));
        }
    }
    // One text object per visual line of the row, its cells joined: the pen jumps from one
    // cell's text to the next by the last glyph's advance (a TJ adjustment), which keeps a
    // 10,000-line list about a third smaller than one text object per cell.
    let mut joined = String::new();
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    for k in from..to {
        joined.clear();
        glyphs.clear();
        let mut start: Option<f32> = None;
        let mut pen = 0.0f32;
        for cell in &row.cells {
            let Some(range) = cell.lines.get(k) else {
                continue;
            };
            let line = &cell.text[range.clone()];
            if line.is_empty() {
                continue;
            }
            let (shaped, em) = face.shape(line);
            let w = em * BODY_SIZE;
            let x = match cell.align {
                Align::Left => cell.x + PAD_X,
                Align::Right => cell.x + cell.width - PAD_X - w,
                Align::Center => cell.x + (cell.width - w) / 2.0,
            };
            match start {
                None => {
                    start = Some(x);
                    pen = x;
                }
                Some(_) => {
                    // In thousandths of an em (0.01 pt at 9 pt): short numbers in the TJ.
                    let gap = ((x - pen) / BODY_SIZE * 1000.0).round() / 1000.0;
                    if let Some(last) = glyphs.last_mut() {
                        last.x_advance += gap;
                    }
                    pen += gap * BODY_SIZE;
                }
            }
            let base = joined.len();
            joined.push_str(line);
            glyphs.extend(shaped.into_iter().map(|mut g| {
                g.text_range = g.text_range.start + base..g.text_range.end + base;
                g
            }));
            pen += w;
        }
        if let Some(x) = start {
            let y =
                top + PAD_Y + (k - from) as f32 * g.line_h + baseline(face, BODY_SIZE, g.line_h);
            s.draw_glyphs(
                Point::from_xy(x, y),
                &glyphs,
                face.font.clone(),
                &joined,
                BODY_SIZE,
                false,
            );
        }
    }
    let edges: Vec<f32> = row
        .cells
        .iter()
        .map(|c| c.x)
        .chain(std::iter::once(g.right))
        .collect();
    grid.row(&edges, top);
    // Each row rules its foot; only the column titles, first on every page, rule their head
    // (a line drawn twice renders heavier).
    if row.kind == Kind::Header {
        grid.line((g.left, top), (g.right, top));
    }
    grid.line((g.left, top + h), (g.right, top + h));
    if row.kind == Kind::Total {
        // A second rule above the total, as ledgers draw it.
        grid.line((g.left, top + 1.2), (g.right, top + 1.2));
    }
    top + h
}

fn stroke(s: &mut Surface, path: Option<Path>, width: f32) {
    if let Some(path) = path {
        s.set_fill(None);
        s.set_stroke(Some(Stroke {
            paint: luma::Color::new(60).into(),
            width,
            ..Default::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
        s.set_fill(Some(Fill::default()));
    }
}

fn draw_text(s: &mut Surface, face: &Face, text: &str, x: f32, baseline: f32, size: f32) {
    let (glyphs, _) = face.shape(text);
    s.draw_glyphs(
        Point::from_xy(x, baseline),
        &glyphs,
        face.font.clone(),
        text,
        size,
        false,
    );
}
