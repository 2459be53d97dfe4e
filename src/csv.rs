//! The one CSV writer behind every CSV export (terms tables, reuse clusters and
//! matrix; the CLI and the page alike).
//!
//! The output is what spreadsheet programs open safely and correctly:
//! - UTF-8 starting with a byte-order mark, so Excel reads Chinese as Chinese;
//! - RFC 4180: comma separated, every row ended by CRLF, a field holding a
//!   comma, a double quote, CR or LF wrapped in double quotes, quotes doubled;
//! - no text cell starts a formula (OWASP "CSV injection"): a text cell that
//!   begins with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, which
//!   Excel and LibreOffice read as "this is text". Numbers are written as
//!   numbers (a negative count stays `-3`, not `'-3`): only [`Csv::num`]
//!   writes a cell unprefixed, and it takes numeric types only.

use std::fmt::Write;

/// The byte-order mark that starts every CSV.
pub const BOM: char = '\u{FEFF}';

/// The characters that make a spreadsheet read a cell as a formula (or, for
/// TAB and CR, let one hide behind white space).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value written as a number cell.
pub trait CsvNumber {
    /// Appends the number to `out`; for NaN and the infinities writes nothing
    /// and returns the text to write as a text cell instead.
    fn write_to(&self, out: &mut String) -> Result<(), &'static str>;
}

macro_rules! integer_cells {
    ($($t:ty),*) => {$(
        impl CsvNumber for $t {
            fn write_to(&self, out: &mut String) -> Result<(), &'static str> {
                let _ = write!(out, "{self}");
                Ok(())
            }
        }
    )*};
}
integer_cells!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl CsvNumber for f64 {
    fn write_to(&self, out: &mut String) -> Result<(), &'static str> {
        if self.is_nan() {
            Err("NaN")
        } else if self.is_infinite() {
            Err(if *self > 0.0 { "inf" } else { "-inf" })
        } else {
            // Display never uses an exponent and gives the shortest text that reads back the same.
            let _ = write!(out, "{self}");
            Ok(())
        }
    }
}

impl CsvNumber for f32 {
    fn write_to(&self, out: &mut String) -> Result<(), &'static str> {
        f64::from(*self).write_to(out)
    }
}

impl<T: CsvNumber + ?Sized> CsvNumber for &T {
    fn write_to(&self, out: &mut String) -> Result<(), &'static str> {
        (**self).write_to(out)
    }
}

/// Builds CSV text row by row: `field`/`num` add cells, `end` closes the row.
#[derive(Debug)]
pub struct Csv {
    out: String,
    first: bool,
}

impl Default for Csv {
    fn default() -> Self {
        Csv::new()
    }
}

impl Csv {
    /// An empty table (the text so far is just the [`BOM`]).
    pub fn new() -> Csv {
        let mut out = String::new();
        out.push(BOM);
        Csv { out, first: true }
    }

    fn separator(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// Adds a text cell: prefixed with `'` if it would start a formula, quoted
    /// if it holds a comma, quote or line break.
    pub fn field(&mut self, value: &str) -> &mut Self {
        self.separator();
        self.text(value);
        self
    }

    fn text(&mut self, value: &str) {
        let guard = if value.starts_with(FORMULA_START) { "'" } else { "" };
        if value.contains([',', '"', '\r', '\n']) {
            self.out.push('"');
            self.out.push_str(guard);
            self.out.push_str(&value.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(guard);
            self.out.push_str(value);
        }
    }

    /// Adds a number cell, written as is (`-3`, `0.25`). NaN and the
    /// infinities, which no spreadsheet reads as numbers, become the text
    /// cells `NaN`, `inf` and `'-inf`.
    pub fn num(&mut self, value: impl CsvNumber) -> &mut Self {
        self.separator();
        if let Err(text) = value.write_to(&mut self.out) {
            self.text(text);
        }
        self
    }

    /// Adds a cell `true` or `false`.
    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.field(if value { "true" } else { "false" })
    }

    /// Adds text cells and ends the row (a header).
    pub fn row(&mut self, fields: &[&str]) -> &mut Self {
        for f in fields {
            self.field(f);
        }
        self.end()
    }

    /// Ends the current row with CRLF.
    pub fn end(&mut self) -> &mut Self {
        self.out.push_str("\r\n");
        self.first = true;
        self
    }

    /// The text added since the last `take` (the first starts with the [`BOM`]), leaving
    /// the writer empty: a long table written out row by row.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// The CSV text, starting with the [`BOM`].
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str) -> String {
        let mut csv = Csv::new();
        csv.field(value).field("x").end();
        let out = csv.finish();
        out.strip_prefix(BOM).and_then(|s| s.strip_suffix(",x\r\n")).unwrap_or("?").to_owned()
    }

    #[test]
    fn fields_are_quoted_per_rfc_4180() {
        for (input, expected) in [
            ("plain", "plain"),
            ("中文", "中文"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("", ""),
        ] {
            assert_eq!(one(input), expected, "{input:?}");
        }
    }

    #[test]
    fn text_never_starts_a_formula() {
        for (input, expected) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "\"'\r=1\""),
            ("=1,2", "\"'=1,2\""),
            ("a=1", "a=1"),
            (" =1", " =1"),
        ] {
            assert_eq!(one(input), expected, "{input:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers() {
        let mut csv = Csv::new();
        csv.num(-3i64).num(0.25f64).num(-0.5f64).num(7u32).num(f64::NAN).num(f64::NEG_INFINITY).num(1u8).end();
        assert_eq!(csv.finish(), "\u{FEFF}-3,0.25,-0.5,7,NaN,'-inf,1\r\n");
    }

    #[test]
    fn rows_end_with_crlf_and_the_text_starts_with_a_bom() {
        let mut csv = Csv::new();
        csv.row(&["a", "b"]).num(1u32).bool(true).end();
        assert_eq!(csv.finish(), "\u{FEFF}a,b\r\n1,true\r\n");
    }

    #[test]
    fn taken_pieces_join_to_the_whole_text() {
        let mut csv = Csv::new();
        csv.row(&["a", "b"]);
        let head = csv.take();
        csv.field("x,y").num(2u32).end();
        let row = csv.take();
        csv.field("=z").end();
        assert_eq!((head.as_str(), row.as_str()), ("\u{FEFF}a,b\r\n", "\"x,y\",2\r\n"));
        assert_eq!(csv.finish(), "'=z\r\n");
    }
}
