//! HTML → the text a reader sees.
//!
//! A small, tolerant tokenizer rather than a full HTML5 parser (which would
//! weigh more than the rest of the wasm): scripts, styles and other invisible
//! elements are dropped, entities decoded, white space collapsed as a browser
//! does, and block elements become paragraph breaks (blank lines), so the
//! cleaned text keeps the contract "paragraphs are blank-line blocks".
//! The same tokenizer reads the XML of `.docx` files.

/// One piece of markup.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Raw text between tags (entities not yet decoded).
    Text(&'a str),
    /// A start or end tag; `name` is lower-cased by the caller if needed.
    Tag { name: &'a str, closing: bool, self_closing: bool },
}

/// Splits markup into text and tags; comments, doctypes and processing
/// instructions are skipped. Never fails: a stray `<` is text.
pub(crate) struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Pieces handed out so far, re-reads included (what tests of linear time count).
    reads: usize,
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(src: &'a str) -> Tokenizer<'a> {
        Tokenizer { src, pos: 0, reads: 0 }
    }

    /// Skips to just after the end tag `</name` … `>` (ASCII case-insensitive),
    /// for raw-text elements such as `<script>`; returns the text skipped.
    pub(crate) fn skip_to_end_tag(&mut self, name: &str) -> &'a str {
        let rest = self.src.get(self.pos..).unwrap_or("");
        let bytes = rest.as_bytes();
        let mut i = 0;
        while let Some(off) = rest.get(i..).and_then(|r| r.find("</")) {
            let at = i + off;
            let after = at + 2;
            let matches = bytes
                .get(after..after + name.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
                && bytes.get(after + name.len()).map_or(true, |&b| !b.is_ascii_alphanumeric());
            if matches {
                let close = rest.get(at..).and_then(|r| r.find('>')).map_or(rest.len(), |g| at + g + 1);
                self.pos += close;
                return rest.get(..at).unwrap_or("");
            }
            i = after;
        }
        self.pos = self.src.len();
        rest
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        self.reads += 1;
        loop {
            let rest = self.src.get(self.pos..)?;
            if rest.is_empty() {
                return None;
            }
            let bytes = rest.as_bytes();
            if bytes.first() != Some(&b'<') {
                let len = find_tag_start(rest).unwrap_or(rest.len());
                self.pos += len;
                return Some(Piece::Text(rest.get(..len).unwrap_or("")));
            }
            let next = bytes.get(1).copied();
            if rest.starts_with("<!--") {
                self.pos += rest.get(4..).and_then(|r| r.find("-->")).map_or(rest.len(), |e| e + 7);
                continue;
            }
            if matches!(next, Some(b'!' | b'?')) {
                self.pos += rest.find('>').map_or(rest.len(), |e| e + 1);
                continue;
            }
            let closing = next == Some(b'/');
            let name_start = if closing { 2 } else { 1 };
            let name_len = bytes
                .get(name_start..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
                .count();
            if name_len == 0 || !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                // A `<` that starts no tag is text.
                let len = 1 + find_tag_start(rest.get(1..).unwrap_or("")).unwrap_or(rest.len() - 1);
                self.pos += len;
                return Some(Piece::Text(rest.get(..len).unwrap_or("")));
            }
            let name = rest.get(name_start..name_start + name_len).unwrap_or("");
            let end = tag_end(bytes, name_start + name_len);
            let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
            self.pos += end;
            return Some(Piece::Tag { name, closing, self_closing });
        }
    }
}

/// Where the next `<` that could start markup is.
fn find_tag_start(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    s.match_indices('<').map(|(i, _)| i).find(|&i| {
        bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
    })
}

/// Index just after the `>` that closes a tag whose attributes start at `from`,
/// skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    bytes.len()
}

/// Elements whose content is never shown.
const INVISIBLE: &[&str] = &["script", "style", "title", "noscript", "template", "svg", "math", "iframe", "object", "head"];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "tfoot", "thead", "tr", "ul",
];

/// A break waiting to be written before the next text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    None,
    /// White space; `segment_break` if it held a line break (dropped between CJK characters).
    Space { segment_break: bool },
    Line,
    Paragraph,
}

struct Writer {
    out: String,
    pending: Pending,
}

impl Writer {
    fn want(&mut self, p: Pending) {
        if p > self.pending {
            self.pending = p;
        }
    }

    /// Writes the pending break before a character `next`.
    fn flush(&mut self, next: char) {
        if !self.out.is_empty() {
            match self.pending {
                Pending::None => {}
                Pending::Space { segment_break } => {
                    let prev_cjk = self.out.chars().next_back().is_some_and(is_wide);
                    if !(segment_break && prev_cjk && is_wide(next)) {
                        self.out.push(' ');
                    }
                }
                Pending::Line => self.out.push('\n'),
                Pending::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.pending = Pending::None;
    }

    fn push_char(&mut self, c: char) {
        self.flush(c);
        self.out.push(c);
    }

    /// Text outside `<pre>`: runs of white space become one space.
    fn text(&mut self, decoded: &str) {
        for c in decoded.chars() {
            if c.is_whitespace() {
                let segment_break = c == '\n' || c == '\r';
                let p = match self.pending {
                    Pending::Space { segment_break: s } => Pending::Space { segment_break: s || segment_break },
                    Pending::None => Pending::Space { segment_break },
                    other => other,
                };
                self.pending = p;
            } else {
                self.push_char(c);
            }
        }
    }

    /// Text inside `<pre>`: kept as it is (but for a line break right after `<pre>`).
    fn pre(&mut self, decoded: &str, at_start: &mut bool) {
        for c in decoded.chars() {
            if std::mem::take(at_start) && c == '\n' {
                continue;
            }
            self.push_char(c);
        }
    }
}

/// Wide (CJK) characters: a source line break between two of them is no space.
fn is_wide(c: char) -> bool {
    crate::segment::is_han(c) || matches!(c as u32, 0x3000..=0x30FF | 0xFF00..=0xFFEF)
}

/// The visible text of an HTML document, paragraphs separated by blank lines.
pub fn html_to_text(src: &str) -> String {
    read_html(src).0
}

/// [`html_to_text`], and how many pieces of markup were read to get it.
///
/// Linear in `src`: every scan ahead (to an end tag, to the end of `<head>`)
/// either moves past what it scanned or, when it finds no end, is not tried again.
fn read_html(src: &str) -> (String, usize) {
    let mut w = Writer { out: String::with_capacity(src.len() / 2), pending: Pending::None };
    let mut tokens = Tokenizer::new(src);
    // Set once a `<head>` was found to have no end: no later one has one either.
    let mut head_unclosed = false;
    let mut pre_depth = 0usize;
    let mut pre_start = false;
    while let Some(piece) = tokens.next() {
        match piece {
            Piece::Text(raw) => {
                let text = decode_entities(raw);
                if pre_depth > 0 {
                    w.pre(&text, &mut pre_start);
                } else {
                    w.text(&text);
                }
            }
            Piece::Tag { name, closing, self_closing } => {
                let name = name.to_ascii_lowercase();
                if !closing && !self_closing && INVISIBLE.contains(&name.as_str()) {
                    if name == "head" {
                        // The head holds no visible text; skip to its end or to <body>
                        // (a scan to the end of the text, so at most once without finding one).
                        if !head_unclosed {
                            head_unclosed = !skip_head(&mut tokens);
                        }
                    } else {
                        tokens.skip_to_end_tag(&name);
                    }
                    continue;
                }
                match name.as_str() {
                    "br" => w.want(Pending::Line),
                    "td" | "th" if !closing => w.want(Pending::Space { segment_break: false }),
                    "pre" => {
                        pre_depth = if closing { pre_depth.saturating_sub(1) } else { pre_depth + 1 };
                        pre_start = !closing;
                        w.want(Pending::Paragraph);
                    }
                    n if BLOCKS.contains(&n) => w.want(Pending::Paragraph),
                    _ => {}
                }
            }
        }
    }
    (w.out, tokens.reads)
}

/// Skips the `<head>` element: to `</head>`, or to `<body>` if the end tag is
/// missing; returns false (and skips nothing) if there is neither.
fn skip_head(tokens: &mut Tokenizer<'_>) -> bool {
    let saved = tokens.pos;
    while let Some(piece) = tokens.next() {
        if let Piece::Tag { name, closing, self_closing } = piece {
            let lower = name.to_ascii_lowercase();
            if lower == "head" && closing {
                return true;
            }
            if lower == "body" && !closing {
                return true;
            }
            if !closing && !self_closing && INVISIBLE.contains(&lower.as_str()) && lower != "head" {
                tokens.skip_to_end_tag(&lower);
            }
        }
    }
    // No end of the head at all: better show everything than nothing.
    tokens.pos = saved;
    false
}

/// Decodes `&amp;`, `&#20013;`, `&#x4E2D;`, `&nbsp;` and the other common
/// named entities; anything unknown stays as written.
pub(crate) fn decode_entities(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('&') {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        match entity(after) {
            Some((c, used)) => {
                out.push(c);
                rest = after.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The character of the entity at the start of `s` (after its `&`) and the
/// bytes it used, including a `;`.
fn entity(s: &str) -> Option<(char, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex.chars().take_while(char::is_ascii_hexdigit).collect::<String>(), 16, 2),
            None => (num.chars().take_while(char::is_ascii_digit).collect::<String>(), 10, 1),
        };
        if digits.is_empty() || digits.len() > 8 {
            return None;
        }
        let value = u32::from_str_radix(&digits, radix).ok()?;
        let semi = usize::from(s.get(skip + digits.len()..).is_some_and(|r| r.starts_with(';')));
        let c = match value {
            0x80..=0x9F => WINDOWS_1252_C1.get((value - 0x80) as usize).copied().unwrap_or('\u{FFFD}'),
            0 => '\u{FFFD}',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((c, skip + digits.len() + semi));
    }
    let name_len = s.bytes().take(12).take_while(u8::is_ascii_alphanumeric).count();
    let name = s.get(..name_len)?;
    let c = named_entity(name)?;
    if s.get(name_len..).is_some_and(|r| r.starts_with(';')) {
        Some((c, name_len + 1))
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
        // Browsers accept these few without the semicolon.
        Some((c, name_len))
    } else {
        None
    }
}

/// Numeric references 128–159 mean windows-1252, as browsers read them.
const WINDOWS_1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Entity names for U+00A0..=U+00FF, in code point order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not",
    "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1",
    "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml",
    "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH",
    "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
    "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute",
    "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

const OTHER_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''),
    ("OElig", 'Œ'), ("oelig", 'œ'), ("Scaron", 'Š'), ("scaron", 'š'), ("Yuml", 'Ÿ'), ("fnof", 'ƒ'),
    ("circ", 'ˆ'), ("tilde", '˜'), ("ensp", '\u{2002}'), ("emsp", '\u{2003}'), ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'), ("zwj", '\u{200D}'), ("lrm", '\u{200E}'), ("rlm", '\u{200F}'), ("ndash", '–'),
    ("mdash", '—'), ("lsquo", '‘'), ("rsquo", '’'), ("sbquo", '‚'), ("ldquo", '“'), ("rdquo", '”'),
    ("bdquo", '„'), ("dagger", '†'), ("Dagger", '‡'), ("bull", '•'), ("hellip", '…'), ("permil", '‰'),
    ("prime", '′'), ("Prime", '″'), ("lsaquo", '‹'), ("rsaquo", '›'), ("oline", '‾'), ("euro", '€'),
    ("trade", '™'), ("larr", '←'), ("uarr", '↑'), ("rarr", '→'), ("darr", '↓'), ("harr", '↔'),
    ("minus", '−'), ("le", '≤'), ("ge", '≥'), ("ne", '≠'), ("asymp", '≈'), ("infin", '∞'),
    ("alpha", 'α'), ("beta", 'β'), ("gamma", 'γ'), ("delta", 'δ'), ("pi", 'π'), ("mu", 'μ'),
];

fn named_entity(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|&n| n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER_ENTITIES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let t = |html: &str, text: &str| assert_eq!(html_to_text(html), text, "html {html:?}");
        t("<p>One</p><p>Two</p>", "One\n\nTwo");
        t("<html><head><title>T</title><style>p{}</style></head><body><h1>Head</h1>\n<p>Body &amp; soul</p></body></html>",
          "Head\n\nBody & soul");
        t("<p>a<script>if (a < b && c > d) { x = '</p>'; }</script>b</p>", "ab");
        t("<p>  lots   of\n  space </p>", "lots of space");
        t("<p>中国\n人民</p>", "中国人民");
        t("<p>line<br>break</p>", "line\nbreak");
        t("<div>x<!-- <p>hidden</p> -->y</div>", "xy");
        t("a < b and c>d", "a < b and c>d");
        t("&#20013;&#x6587;&nbsp;&copy; &unknown; &#150;", "中文 © &unknown; –");
        t("<pre>  keep\n    this</pre>", "  keep\n    this");
        t("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc");
        t("<p title=\"a > b\">quoted</p>", "quoted");
        t("<ul><li>one<li>two</ul>", "one\n\ntwo");
        t("<head><title>T</title><p>shown: the head never ends", "shown: the head never ends");
    }

    #[test]
    fn unclosed_heads_are_read_in_one_pass() {
        // 1.4 MB of `<head>x`: each head has no end, so each skip used to scan to
        // the end of the text and come back — 200 000 scans of up to 1.4 MB.
        let src = "<head>x".repeat(200_000);
        let (text, reads) = read_html(&src);
        assert_eq!(text.len(), 200_000);
        assert!(text.bytes().all(|b| b == b'x'));
        // 400 000 pieces (a tag and a text each time), the first head's failed scan
        // once more, and the end.
        assert!(reads <= 3 * 400_000, "{reads} pieces read for 400 000");
        // Unclosed scripts and titles inside unclosed heads: a scan each, once.
        let src = "<head><script>x<title>y".repeat(50_000);
        let (text, reads) = read_html(&src);
        assert!(text.is_empty(), "{}", &text[..text.len().min(80)]);
        assert!(reads < 10, "{reads} pieces");
    }
}
