//! CSV input: detect CP932 or UTF-8, decode, parse RFC 4180 with a header row, and name every
//! problem by line and column so the user can fix the file in one go.
//!
//! Nothing here panics or gives up at the first fault: hostile bytes, ragged rows, stray quotes
//! and huge fields all become [`ImportProblem`]s. Records with a structural problem are left out
//! of [`CsvImport::records`]; area importers add their own value checks to the same
//! [`Problems`] and write nothing unless it ends empty (all or nothing is theirs to decide, the
//! list makes it one `finish` call).
//!
//! ```
//! use cjs_reports::import::{CsvImport, ImportReason};
//!
//! let file = "職員番号,カナ氏名,金額\r\n00123,ﾛｳｷﾝ ﾀﾛｳ,12000\r\n00124,,x\r\n".as_bytes();
//! let import = CsvImport::parse(file, &["職員番号", "カナ氏名", "金額"]);
//! let (records, mut problems) = import.into_parts();
//! let mut rows = Vec::new();
//! for r in &records {
//!     let name = problems.required(r, 1).map(str::to_owned);
//!     let amount = problems.check(r, 2, r.get(2).parse::<i64>().map_err(|_| "数字で入力してください"));
//!     if let (Some(name), Some(amount)) = (name, amount) {
//!         rows.push((name, amount));
//!     }
//! }
//! let errors = problems.finish(rows).expect_err("line 3 is bad");
//! assert_eq!(errors[0].to_string(), "3行目 2列目（カナ氏名）: 入力されていません");
//! assert_eq!(errors[1].to_string(), "3行目 3列目（金額）: 数字で入力してください");
//! ```

use std::fmt;

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// UTF-8 with a byte-order mark (Excel's 「CSV UTF-8」).
    Utf8Bom,
    /// UTF-8 without one (ASCII-only files land here too; they read the same either way).
    Utf8,
    /// Shift_JIS as Windows writes it.
    Cp932,
}

/// Why a line or a field was refused. [`ImportReason::code`] is stable; Display is Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportReason {
    /// Bytes that are not text in the detected encoding.
    InvalidBytes(Detected),
    Empty,
    /// The first line is not the expected header.
    Header {
        expected: Vec<String>,
    },
    FieldCount {
        expected: usize,
        found: usize,
    },
    /// A quoted field that never closes (runs to the end of the file).
    UnclosedQuote,
    /// A `"` inside a field that did not start with one.
    StrayQuote,
    /// Characters after a closing `"` before the next comma.
    TextAfterQuote,
    FieldTooLong {
        max: usize,
        found: usize,
    },
    /// A control character (other than tab and line breaks) or a private-use character (外字).
    ForbiddenChar(char),
    /// A required field left empty.
    Required,
    /// A value the area's rules refuse; the message says why.
    Invalid(String),
}

impl ImportReason {
    pub fn code(&self) -> &'static str {
        match self {
            ImportReason::InvalidBytes(_) => "R201",
            ImportReason::Empty => "R202",
            ImportReason::Header { .. } => "R203",
            ImportReason::FieldCount { .. } => "R204",
            ImportReason::UnclosedQuote => "R205",
            ImportReason::StrayQuote => "R206",
            ImportReason::TextAfterQuote => "R207",
            ImportReason::FieldTooLong { .. } => "R208",
            ImportReason::ForbiddenChar(_) => "R209",
            ImportReason::Required => "R210",
            ImportReason::Invalid(_) => "R211",
        }
    }
}

impl fmt::Display for ImportReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportReason::InvalidBytes(Detected::Cp932) => {
                f.write_str("文字コード（Shift_JIS）として読めないバイトがあります")
            }
            ImportReason::InvalidBytes(_) => {
                f.write_str("文字コード（UTF-8）として読めないバイトがあります")
            }
            ImportReason::Empty => f.write_str("ファイルが空です"),
            ImportReason::Header { expected } => write!(
                f,
                "見出し行が違います（「{}」が必要です）",
                expected.join(",")
            ),
            ImportReason::FieldCount { expected, found } => {
                write!(f, "項目数が{found}個です（{expected}個必要です）")
            }
            ImportReason::UnclosedQuote => f.write_str("「\"」で始まる項目が閉じられていません"),
            ImportReason::StrayQuote => {
                f.write_str("「\"」で囲まれていない項目の中に「\"」があります")
            }
            ImportReason::TextAfterQuote => {
                f.write_str("「\"」で閉じた後、「,」の前に文字があります")
            }
            ImportReason::FieldTooLong { max, found } => {
                write!(f, "{found}文字あります（{max}文字までです）")
            }
            ImportReason::ForbiddenChar(c) if ('\u{E000}'..='\u{F8FF}').contains(c) => {
                write!(f, "外字（U+{:04X}）は使えません", u32::from(*c))
            }
            ImportReason::ForbiddenChar('\u{FFFD}') => {
                f.write_str("文字化けした文字（U+FFFD）があります")
            }
            ImportReason::ForbiddenChar(c) => {
                write!(f, "制御文字（U+{:04X}）は使えません", u32::from(*c))
            }
            ImportReason::Required => f.write_str("入力されていません"),
            ImportReason::Invalid(why) => f.write_str(why),
        }
    }
}

/// One thing wrong with an imported file: 1-based physical line (where the record starts) and,
/// when it concerns one field, its 1-based column and the header's name for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    pub column: Option<usize>,
    pub column_name: Option<String>,
    pub reason: ImportReason,
}

impl ImportProblem {
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}行目", self.line)?;
        match (self.column, &self.column_name) {
            (Some(c), Some(name)) if !name.is_empty() => write!(f, " {c}列目（{name}）")?,
            (Some(c), _) => write!(f, " {c}列目")?,
            _ => {}
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for ImportProblem {}

/// Reads `bytes` as text: a UTF-8 BOM decides; otherwise valid UTF-8 is UTF-8 and anything else
/// is CP932. Undecodable bytes become U+FFFD and one problem per line they sit on.
pub fn decode(bytes: &[u8]) -> (Detected, String, Vec<ImportProblem>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, problems) = decode_with(encoding_rs::UTF_8, rest, Detected::Utf8Bom);
        return (Detected::Utf8Bom, text, problems);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Detected::Utf8, text.to_owned(), Vec::new());
    }
    let (sjis, sjis_problems) = decode_with(encoding_rs::SHIFT_JIS, bytes, Detected::Cp932);
    if sjis_problems.is_empty() {
        return (Detected::Cp932, sjis, sjis_problems);
    }
    // Broken either way: believe the reading with fewer broken lines.
    let (utf8, utf8_problems) = decode_with(encoding_rs::UTF_8, bytes, Detected::Utf8);
    if utf8_problems.len() < sjis_problems.len() {
        (Detected::Utf8, utf8, utf8_problems)
    } else {
        (Detected::Cp932, sjis, sjis_problems)
    }
}

fn decode_with(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
    detected: Detected,
) -> (String, Vec<ImportProblem>) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut problems = Vec::new();
    if had_errors {
        // Each undecodable sequence became one U+FFFD (Shift_JIS cannot produce it otherwise;
        // in UTF-8 a literal one is broken data all the same).
        // Lines counted as the parser counts them: CRLF, LF or a lone CR.
        let mut line = 1;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                }
                '\n' => line += 1,
                '\u{FFFD}'
                    if problems
                        .last()
                        .is_none_or(|p: &ImportProblem| p.line != line) =>
                {
                    problems.push(ImportProblem {
                        line,
                        column: None,
                        column_name: None,
                        reason: ImportReason::InvalidBytes(detected),
                    });
                }
                _ => {}
            }
        }
    }
    (text.into_owned(), problems)
}

/// One data record: the physical line it starts on and its fields (as many as the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    fields: Vec<String>,
}

impl Record {
    /// The field at 0-based `column` ("" past the end, which [`CsvImport`] never hands out).
    pub fn get(&self, column: usize) -> &str {
        self.fields.get(column).map_or("", String::as_str)
    }

    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The fields, moved out (no copy of a large file's cells).
    pub fn into_fields(self) -> Vec<String> {
        self.fields
    }
}

/// Limits against hostile files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest field, in characters.
    pub max_field_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_field_chars: 1000,
        }
    }
}

/// A parsed CSV file: its encoding, header, the records that parsed cleanly, and the problems.
#[derive(Debug)]
pub struct CsvImport {
    pub detected: Detected,
    pub header: Vec<String>,
    records: Vec<Record>,
    problems: Problems,
}

impl CsvImport {
    /// Parses `bytes` whose first line must be `header` (compared after trimming spaces); an
    /// empty `header` accepts whatever the file has and takes its field count from it.
    pub fn parse(bytes: &[u8], header: &[&str]) -> CsvImport {
        Self::parse_with(bytes, header, Limits::default())
    }

    pub fn parse_with(bytes: &[u8], header: &[&str], limits: Limits) -> CsvImport {
        let (detected, text, decode_problems) = decode(bytes);
        let bad_lines: Vec<usize> = decode_problems.iter().map(|p| p.line).collect();
        let mut problems = Problems::new(header);
        problems.list = decode_problems;

        let mut parser = Parser::new(&text);
        let mut found_header: Option<Vec<String>> = None;
        let mut records = Vec::new();
        while let Some(raw) = parser.next_record() {
            let bad_bytes = (raw.line..raw.end_line).any(|l| bad_lines.binary_search(&l).is_ok());
            let Some(names) = &found_header else {
                let names: Vec<String> = raw.fields.iter().map(|s| s.trim().to_owned()).collect();
                if !header.is_empty() && names.iter().map(String::as_str).ne(header.iter().copied())
                {
                    problems.push(ImportProblem {
                        line: raw.line,
                        column: None,
                        column_name: None,
                        reason: ImportReason::Header {
                            expected: header.iter().map(|s| (*s).to_owned()).collect(),
                        },
                    });
                }
                if header.is_empty() {
                    problems.columns.clone_from(&names);
                }
                found_header = Some(names);
                continue;
            };
            let expected = if header.is_empty() {
                names.len()
            } else {
                header.len()
            };
            let mut ok = raw.problems.is_empty() && !bad_bytes;
            for (col, reason) in raw.problems {
                problems.at(raw.line, col, reason);
            }
            if raw.fields.len() != expected {
                problems.push(ImportProblem {
                    line: raw.line,
                    column: None,
                    column_name: None,
                    reason: ImportReason::FieldCount {
                        expected,
                        found: raw.fields.len(),
                    },
                });
                ok = false;
            }
            for (i, f) in raw.fields.iter().enumerate() {
                let n = f.chars().count();
                if n > limits.max_field_chars {
                    problems.at(
                        raw.line,
                        i,
                        ImportReason::FieldTooLong {
                            max: limits.max_field_chars,
                            found: n,
                        },
                    );
                    ok = false;
                } else if let Some(c) = f.chars().find(|&c| forbidden(c))
                    && !bad_bytes
                {
                    problems.at(raw.line, i, ImportReason::ForbiddenChar(c));
                    ok = false;
                }
            }
            if ok {
                records.push(Record {
                    line: raw.line,
                    fields: raw.fields,
                });
            }
        }
        if found_header.is_none() {
            problems.push(ImportProblem {
                line: 1,
                column: None,
                column_name: None,
                reason: ImportReason::Empty,
            });
        }
        // Decode problems came first; keep the list in file order.
        problems.list.sort_by_key(order);
        CsvImport {
            detected,
            header: found_header.unwrap_or_default(),
            records,
            problems,
        }
    }

    /// Records that parsed cleanly, in file order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Problems found so far (structure and encoding).
    pub fn problems(&self) -> &Problems {
        &self.problems
    }

    /// The records and the problem list, for the area's own checks.
    pub fn into_parts(self) -> (Vec<Record>, Problems) {
        (self.records, self.problems)
    }
}

/// File order; on one line the field problems before the line's own (a broken quote explains
/// the wrong field count that follows from it).
fn order(p: &ImportProblem) -> (usize, usize) {
    (p.line, p.column.unwrap_or(usize::MAX))
}

fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
        || c == '\u{FFFD}'
}

/// The problems of one import, with the header's column names to label them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    columns: Vec<String>,
    list: Vec<ImportProblem>,
}

impl Problems {
    pub fn new(columns: &[&str]) -> Self {
        Problems {
            columns: columns.iter().map(|s| (*s).to_owned()).collect(),
            list: Vec::new(),
        }
    }

    pub fn push(&mut self, problem: ImportProblem) {
        self.list.push(problem);
    }

    /// A problem with the field at 0-based `column` of `line`.
    pub fn at(&mut self, line: usize, column: usize, reason: ImportReason) {
        self.list.push(ImportProblem {
            line,
            column: Some(column + 1),
            column_name: self.columns.get(column).cloned(),
            reason,
        });
    }

    /// A problem with a whole line.
    pub fn at_line(&mut self, line: usize, reason: ImportReason) {
        self.list.push(ImportProblem {
            line,
            column: None,
            column_name: None,
            reason,
        });
    }

    /// Keeps a parsed value, or records why the field at 0-based `column` was refused (the
    /// error's Display is the message, e.g. a domain newtype's parse error).
    pub fn check<T, E: fmt::Display>(
        &mut self,
        record: &Record,
        column: usize,
        parsed: Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.at(record.line, column, ImportReason::Invalid(e.to_string()));
                None
            }
        }
    }

    /// The field at 0-based `column`, trimmed, or a [`ImportReason::Required`] problem.
    pub fn required<'r>(&mut self, record: &'r Record, column: usize) -> Option<&'r str> {
        let v = record.get(column).trim();
        if v.is_empty() {
            self.at(record.line, column, ImportReason::Required);
            None
        } else {
            Some(v)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &ImportProblem> {
        self.list.iter()
    }

    pub fn into_vec(self) -> Vec<ImportProblem> {
        self.list
    }

    /// `value` if nothing was wrong, otherwise every problem in file order.
    pub fn finish<T>(mut self, value: T) -> Result<T, Vec<ImportProblem>> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            self.list.sort_by_key(order);
            Err(self.list)
        }
    }
}

/// A record as read, before checks: `line..end_line` are the physical lines it spans.
struct RawRecord {
    line: usize,
    end_line: usize,
    fields: Vec<String>,
    /// (0-based column, reason) for quoting faults.
    problems: Vec<(usize, ImportReason)>,
}

/// RFC 4180, strict about quotes (so a fault is reported, not guessed around); CRLF, LF or a
/// lone CR end a record.
struct Parser<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    line: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        Parser {
            chars: text.chars().peekable(),
            line: 1,
        }
    }

    /// Consumes a line break whose first character `c` was already taken.
    fn newline(&mut self, c: char) {
        if c == '\r' && self.chars.peek() == Some(&'\n') {
            self.chars.next();
        }
        self.line += 1;
    }

    fn next_record(&mut self) -> Option<RawRecord> {
        loop {
            self.chars.peek()?;
            // Blank lines between records carry nothing; Excel leaves none, editors do.
            match self.chars.peek() {
                Some(&c @ ('\r' | '\n')) => {
                    self.chars.next();
                    self.newline(c);
                    continue;
                }
                _ => break,
            }
        }
        let line = self.line;
        let mut fields = Vec::new();
        let mut problems = Vec::new();
        loop {
            let col = fields.len();
            let mut field = String::new();
            let mut end_of_record = false;
            if self.chars.peek() == Some(&'"') {
                self.chars.next();
                let mut closed = false;
                while let Some(c) = self.chars.next() {
                    match c {
                        '"' if self.chars.peek() == Some(&'"') => {
                            self.chars.next();
                            field.push('"');
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\r' | '\n' => {
                            field.push('\n');
                            self.newline(c);
                        }
                        c => field.push(c),
                    }
                }
                if !closed {
                    problems.push((col, ImportReason::UnclosedQuote));
                    fields.push(field);
                    return Some(RawRecord {
                        line,
                        end_line: self.line,
                        fields,
                        problems,
                    });
                }
                // After the closing quote: a comma, a line break or the end.
                let mut junk = false;
                loop {
                    match self.chars.next() {
                        None => {
                            end_of_record = true;
                            break;
                        }
                        Some(',') => break,
                        Some(c @ ('\r' | '\n')) => {
                            self.newline(c);
                            end_of_record = true;
                            break;
                        }
                        Some(_) => junk = true,
                    }
                }
                if junk {
                    problems.push((col, ImportReason::TextAfterQuote));
                }
            } else {
                let mut stray = false;
                loop {
                    match self.chars.next() {
                        None => {
                            end_of_record = true;
                            break;
                        }
                        Some(',') => break,
                        Some(c @ ('\r' | '\n')) => {
                            self.newline(c);
                            end_of_record = true;
                            break;
                        }
                        Some('"') => {
                            stray = true;
                            field.push('"');
                        }
                        Some(c) => field.push(c),
                    }
                }
                if stray {
                    problems.push((col, ImportReason::StrayQuote));
                }
            }
            fields.push(field);
            if end_of_record {
                return Some(RawRecord {
                    line,
                    end_line: self.line,
                    fields,
                    problems,
                });
            }
        }
    }
}
