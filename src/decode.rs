//! Bytes → text.
//!
//! The order of the checks matters and is the whole design: a byte-order mark
//! wins; then known binary formats are refused by their magic bytes; then
//! UTF-16 without a BOM is recognised by its NUL pattern (before the UTF-8
//! check, because ASCII-heavy UTF-16 is technically valid UTF-8); then valid
//! UTF-8 is taken as is, and UTF-8 with a few bad bytes is still read as UTF-8
//! (its bad bytes counted) rather than guessed into mojibake; only then does
//! chardetng guess a legacy encoding, which encoding_rs decodes. An explicit
//! override from the user skips all guessing.

use crate::error::{Error, Result};
use encoding_rs::Encoding;
use serde::Serialize;

/// How the encoding of a document was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DecodeMethod {
    /// A byte-order mark said so.
    Bom,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// Mostly valid UTF-8 with a few bytes that are not (counted in `malformed`).
    MostlyUtf8,
    /// UTF-16 without a BOM, recognised by the NUL bytes of its ASCII characters.
    Utf16Pattern,
    /// Declared inside the file (`<meta charset>` or an XML declaration).
    Declared,
    /// Guessed from byte statistics (chardetng).
    Guessed,
    /// Chosen by the user.
    Override,
}

impl DecodeMethod {
    /// Words for people, as the Documents view and the CLI print them.
    pub fn describe(self) -> &'static str {
        match self {
            DecodeMethod::Bom => "byte-order mark",
            DecodeMethod::ValidUtf8 => "valid UTF-8",
            DecodeMethod::MostlyUtf8 => "UTF-8 with invalid bytes",
            DecodeMethod::Utf16Pattern => "UTF-16 byte pattern",
            DecodeMethod::Declared => "declared in the file",
            DecodeMethod::Guessed => "guessed",
            DecodeMethod::Override => "chosen by you",
        }
    }
}

/// Options for [`decode`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// An encoding label (WHATWG: `"gb18030"`, `"big5"`, `"shift_jis"`,
    /// `"utf-16le"`, `"windows-1252"` …) that overrides detection.
    pub encoding: Option<String>,
    /// Look for `<meta charset>` / an XML declaration (for HTML and XML input).
    pub sniff_declaration: bool,
}

/// The text of a file and how it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name, e.g. `"UTF-8"`, `"GB18030"`, `"UTF-16LE"`.
    pub encoding: &'static str,
    pub method: DecodeMethod,
    /// Number of malformed byte sequences replaced by U+FFFD.
    pub malformed: usize,
}

/// Decodes the bytes of the file `name`.
///
/// # Errors
/// [`ErrorKind::EmptyFile`](crate::ErrorKind::EmptyFile) for no bytes,
/// [`ErrorKind::BinaryFile`](crate::ErrorKind::BinaryFile) for a known binary
/// format or NUL-heavy data, [`ErrorKind::UnknownEncoding`](crate::ErrorKind::UnknownEncoding)
/// for an override label encoding_rs does not know.
pub fn decode(name: &str, bytes: &[u8], options: &DecodeOptions) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::empty(name));
    }
    if let Some(label) = options.encoding.as_deref() {
        let encoding = encoding_for_label(label)?;
        return Ok(decode_with(encoding, bytes, DecodeMethod::Override));
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, bytes, DecodeMethod::Bom));
    }
    if let Some(what) = sniff_magic(bytes) {
        return Err(Error::binary(name, what));
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    if let Some(encoding) = utf16_from_nul_pattern(bytes, utf8.is_some()) {
        return Ok(decode_with(encoding, bytes, DecodeMethod::Utf16Pattern));
    }
    if let Some(what) = sniff_nul_heavy(bytes) {
        return Err(Error::binary(name, what));
    }
    if let Some(text) = utf8 {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
            method: DecodeMethod::ValidUtf8,
            malformed: 0,
        });
    }
    if mostly_utf8(bytes) {
        return Ok(decode_with(encoding_rs::UTF_8, bytes, DecodeMethod::MostlyUtf8));
    }
    if options.sniff_declaration {
        if let Some(encoding) = declared_encoding(bytes) {
            return Ok(decode_with(encoding, bytes, DecodeMethod::Declared));
        }
    }
    // The statistics settle long before the end of a big file; feeding all of
    // a 2 MB file costs a third of a second.
    let head = bytes.get(..bytes.len().min(GUESS_BYTES)).unwrap_or(bytes);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, head.len() == bytes.len());
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    Ok(decode_with(encoding, bytes, DecodeMethod::Guessed))
}

/// Whether [`decode`] (without an override) takes these bytes as they are:
/// valid UTF-8 with no BOM, no binary signature and no UTF-16 pattern.
pub fn takes_as_utf8(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && Encoding::for_bom(bytes).is_none()
        && sniff_magic(bytes).is_none()
        && std::str::from_utf8(bytes).is_ok()
        && utf16_from_nul_pattern(bytes, true).is_none()
        && sniff_nul_heavy(bytes).is_none()
}

/// How much of a file chardetng looks at.
const GUESS_BYTES: usize = 64 * 1024;

/// The encoding for a user-given label (WHATWG labels, case-insensitive).
///
/// # Errors
/// [`ErrorKind::UnknownEncoding`](crate::ErrorKind::UnknownEncoding) for a label
/// encoding_rs does not know, or one that only ever decodes to U+FFFD.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(e) if e != encoding_rs::REPLACEMENT => Ok(e),
        _ => Err(Error::new(
            crate::ErrorKind::UnknownEncoding,
            format!("unknown encoding `{label}`; use a name such as utf-8, gb18030, big5, shift_jis, utf-16le or windows-1252"),
        )),
    }
}

/// The encodings the Documents view offers in its override select, by WHATWG name.
pub const COMMON_ENCODINGS: &[&str] = &[
    "UTF-8",
    "GB18030",
    "Big5",
    "Shift_JIS",
    "EUC-JP",
    "EUC-KR",
    "UTF-16LE",
    "UTF-16BE",
    "windows-1252",
    "windows-1251",
    "KOI8-R",
    "ISO-8859-2",
];

fn decode_with(encoding: &'static Encoding, bytes: &[u8], method: DecodeMethod) -> Decoded {
    // decode_with_bom_removal strips a BOM only if it belongs to `encoding`; with
    // Bom, the BOM picked the encoding, so it is always stripped.
    let (text, malformed) = decode_counting(encoding, bytes);
    Decoded { text, encoding: display_name(encoding), method, malformed }
}

/// Decodes `bytes` (dropping a BOM of this encoding) and counts the malformed
/// sequences replaced by U+FFFD — encoding_rs only says whether there were any.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let bom_len = match Encoding::for_bom(bytes) {
        Some((e, len)) if e == encoding => len,
        _ => 0,
    };
    let body = bytes.get(bom_len..).unwrap_or(&[]);
    // Two passes: the first only measures the text, so the one allocation is
    // its exact size (a worst-case guess is 3× the bytes for GB18030, and wasm
    // memory never shrinks); decoding is fast next to everything after it.
    let mut len = 0usize;
    decode_pieces(encoding, body, &mut |piece| len += piece.len());
    let mut text = String::with_capacity(len);
    let malformed = decode_pieces(encoding, body, &mut |piece| text.push_str(piece));
    (text, malformed)
}

/// Decodes `body` through a small buffer, handing each decoded piece to `f`
/// (U+FFFD for a malformed sequence); returns the number of malformed sequences.
fn decode_pieces(encoding: &'static Encoding, body: &[u8], f: &mut dyn FnMut(&str)) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = "\0".repeat(16 * 1024);
    let mut malformed = 0;
    let mut input = body;
    loop {
        let (result, read, written) = decoder.decode_to_str_without_replacement(input, buf.as_mut_str(), true);
        input = input.get(read..).unwrap_or(&[]);
        f(buf.get(..written).unwrap_or(""));
        match result {
            encoding_rs::DecoderResult::InputEmpty => return malformed,
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(_, _) => {
                malformed += 1;
                f("\u{FFFD}");
            }
        }
    }
}

/// The name to show: chardetng says GBK, but encoding_rs decodes GBK and
/// GB18030 identically, and GB18030 is the name people know for both.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == encoding_rs::GBK {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Names a binary format from its magic bytes, or NUL-heavy data.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    sniff_magic(bytes).or_else(|| sniff_nul_heavy(bytes))
}

fn sniff_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"PK\x03\x04", "a zip archive"),
        (b"PK\x05\x06", "a zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"\x7FELF", "a program (ELF)"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\x00", "an xz archive"),
        (b"\x28\xB5\x2F\xFD", "a zstd archive"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Office document (.doc/.xls)"),
        (b"{\\rtf", "an RTF document"),
        (b"OggS", "an Ogg audio/video file"),
        (b"fLaC", "a FLAC audio file"),
        (b"ID3", "an MP3 audio file"),
        (b"\x00asm", "a WebAssembly module"),
        (b"SQLite format 3\x00", "an SQLite database"),
        (b"wOFF", "a web font"),
        (b"wOF2", "a web font"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    let riff = |kind: &[u8]| bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(kind);
    if riff(b"WEBP") {
        return Some("a WebP image");
    }
    if riff(b"WAVE") {
        return Some("a WAV audio file");
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return Some("an MP4/MOV video or HEIC image");
    }
    // "MZ" alone is too weak: a text may start with it. Windows programs have NULs early.
    if bytes.starts_with(b"MZ") && bytes.iter().take(512).any(|&b| b == 0) {
        return Some("a Windows program");
    }
    None
}

fn sniff_nul_heavy(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    let nuls = head.iter().filter(|&&b| b == 0).count();
    (nuls * 10 > head.len()).then_some("binary data (many NUL bytes)")
}

/// UTF-16 without a BOM: its ASCII characters (line ends, spaces, digits,
/// punctuation) have a NUL high byte. Which byte order it is shows in the
/// decoded text: read the wrong way round, Chinese scatters over every block
/// of Unicode (private use, Yi, broken surrogates …) while read the right way
/// it stays in a few (CJK, ASCII, CJK punctuation). So: some NULs, and the
/// byte order whose text reads best, if it reads as text at all.
///
/// Bytes that are valid UTF-8 need many NULs on one side (ASCII-heavy UTF-16
/// is valid UTF-8, and a UTF-8 text with a few stray NULs is not UTF-16).
fn utf16_from_nul_pattern(bytes: &[u8], valid_utf8: bool) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(1 << 16) & !1).unwrap_or(&[]);
    if head.len() < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    let pairs = head.len() / 2;
    let (most, least) = (even.max(odd), even.min(odd));
    let enough = if valid_utf8 { most * 50 >= pairs && most >= 4 * least } else { most > 0 };
    if !enough {
        return None;
    }
    let le = text_score(encoding_rs::UTF_16LE, head);
    let be = text_score(encoding_rs::UTF_16BE, head);
    match (le, be) {
        (Some(l), Some(b)) if l >= b => Some(encoding_rs::UTF_16LE),
        (Some(_), Some(_)) | (None, Some(_)) => Some(encoding_rs::UTF_16BE),
        (Some(_), None) => Some(encoding_rs::UTF_16LE),
        (None, None) => None,
    }
}

/// How much `bytes` decoded as `encoding` reads like text: the number of
/// characters in the blocks real text lives in, or `None` if more than 1 in
/// 50 is a control, private-use, non-character or undecodable.
fn text_score(encoding: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    let (text, malformed) = decode_counting(encoding, bytes);
    let (mut total, mut common, mut odd) = (0usize, 0usize, malformed);
    for c in text.chars() {
        total += 1;
        let suspicious = (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'))
            || ('\u{E000}'..='\u{F8FF}').contains(&c)
            || ('\u{A000}'..='\u{A4CF}').contains(&c) // Yi syllables: GB18030 read as UTF-16
            || matches!(c, '\u{FFFD}' | '\u{FFFE}' | '\u{FFFF}');
        odd += usize::from(suspicious);
        common += usize::from(matches!(c as u32,
            0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0x24F | 0x370..=0x4FF | 0x2000..=0x206F
            | 0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xFF00..=0xFFEF));
    }
    (total > 0 && odd * 50 <= total).then_some(common)
}

/// True when bytes that are not valid UTF-8 still read best as UTF-8: their
/// valid multi-byte characters far outnumber the bad sequences. Legacy
/// encodings (GB18030, Big5, windows-1252 …) form valid UTF-8 sequences only
/// by chance, a few per bad one; a UTF-8 text with a damaged spot has
/// thousands per bad one.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut good, mut bad) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                good += rest
                    .get(..valid)
                    .and_then(|v| std::str::from_utf8(v).ok())
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                if bad >= 100 && good < 20 * bad {
                    return false; // a legacy encoding: no need to read to the end
                }
                let skip = valid + e.error_len().unwrap_or(rest.len() - valid).max(1);
                rest = rest.get(skip..).unwrap_or(&[]);
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    bad > 0 && good >= 20 * bad
}

/// `<meta charset="…">`, `<meta http-equiv … content="…; charset=…">` or
/// `<?xml … encoding="…"?>` in the first 2 KB.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(2048)).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let mut from = 0;
        while let Some(at) = find(lower.get(from..)?, key) {
            let start = from + at + key.len();
            let value: Vec<u8> = lower
                .get(start..)?
                .iter()
                .copied()
                .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                .collect();
            if let Some(e) = Encoding::for_label(&value) {
                // A page that declares UTF-16 but reached here has no BOM and
                // no NUL pattern: the declaration is wrong (as browsers assume).
                if e != encoding_rs::REPLACEMENT && e != encoding_rs::UTF_16LE && e != encoding_rs::UTF_16BE {
                    return Some(e);
                }
            }
            from = start;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn dec(b: &[u8]) -> Result<Decoded> {
        decode("f.txt", b, &DecodeOptions::default())
    }

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        if encoding == encoding_rs::UTF_16LE {
            return text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        }
        if encoding == encoding_rs::UTF_16BE {
            return text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        }
        let (bytes, _, errors) = encoding.encode(text);
        assert!(!errors, "{text} not encodable in {}", encoding.name());
        bytes.into_owned()
    }

    const ZH: &str = "习近平指出,中俄关系经受住了国际风云变幻的考验,树立了永久睦邻友好、全面战略协作、互利合作共赢的大国关系典范。\n双方坚守初心、保持定力,各领域合作取得积极成果。\n";

    #[test]
    fn takes_as_utf8_is_decodes_choice() {
        let gb = encode(ZH, encoding_rs::GB18030);
        let utf16 = encode("plain ASCII text, many lines\n", encoding_rs::UTF_16LE);
        let cases: [&[u8]; 8] =
            [ZH.as_bytes(), b"", b"\xEF\xBB\xBFabc", &utf16, b"%PDF-1.7 text", &[0u8; 64], &gb, b"MZ plain words"];
        for b in cases {
            let valid = dec(b).is_ok_and(|d| d.method == DecodeMethod::ValidUtf8);
            assert_eq!(takes_as_utf8(b), valid, "{:?}", &b[..b.len().min(16)]);
        }
    }

    #[test]
    fn legacy_text_is_decoded_into_exactly_its_size() {
        let text = ZH.repeat(200);
        // Each with a malformed sequence at the end: an 0xFF, a lone surrogate.
        for (encoding, bad) in [
            (encoding_rs::GB18030, &[0xFF_u8][..]),
            (encoding_rs::UTF_16LE, &[0x00, 0xD8][..]),
            (encoding_rs::UTF_16BE, &[0xD8, 0x00][..]),
        ] {
            let mut bytes = encode(&text, encoding);
            bytes.extend_from_slice(bad);
            let (decoded, malformed) = decode_counting(encoding, &bytes);
            assert!(malformed > 0, "{}", encoding.name());
            assert!(decoded.starts_with(&text[..text.len() / 2]), "{}", encoding.name());
            assert_eq!(decoded.capacity(), decoded.len(), "{}: allocated more than the text", encoding.name());
        }
    }

    #[test]
    fn table() {
        let ok = |b: &[u8]| dec(b).map(|d| (d.text, d.encoding, d.method, d.malformed));
        let kind = |b: &[u8]| dec(b).map_err(|e| e.kind()).err();
        assert_eq!(ok("中文".as_bytes()), Ok(("中文".to_owned(), "UTF-8", DecodeMethod::ValidUtf8, 0)));
        assert_eq!(ok(b"\xEF\xBB\xBFabc"), Ok(("abc".to_owned(), "UTF-8", DecodeMethod::Bom, 0)));
        assert_eq!(ok(b"\xFF\xFEa\x00b\x00"), Ok(("ab".to_owned(), "UTF-16LE", DecodeMethod::Bom, 0)));
        assert_eq!(ok(b"\xFE\xFF\x00a\x00b"), Ok(("ab".to_owned(), "UTF-16BE", DecodeMethod::Bom, 0)));
        assert_eq!(kind(b""), Some(ErrorKind::EmptyFile));
        assert_eq!(kind(b"%PDF-1.7 ..."), Some(ErrorKind::BinaryFile));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(ErrorKind::BinaryFile));
        assert_eq!(kind(&[0u8; 100]), Some(ErrorKind::BinaryFile));
        assert_eq!(kind(b"MZ\x90\x00\x03\x00\x00\x00"), Some(ErrorKind::BinaryFile));
        // "MZ" starting a text is text.
        assert_eq!(ok(b"MZ is a river"), Ok(("MZ is a river".to_owned(), "UTF-8", DecodeMethod::ValidUtf8, 0)));
    }

    #[test]
    fn binary_messages_name_the_file_and_format() {
        let e = decode("report.pdf", b"%PDF-1.4\n%\xE2\xE3", &DecodeOptions::default()).err();
        assert_eq!(
            e.map(|e| e.message().to_owned()).as_deref(),
            Some("report.pdf looks like a PDF; textlens reads text, Word and HTML files — save it as .txt first")
        );
    }

    #[test]
    fn legacy_and_utf16_round_trip() {
        for (encoding, name, method) in [
            (encoding_rs::GB18030, "GB18030", DecodeMethod::Guessed),
            (encoding_rs::UTF_16LE, "UTF-16LE", DecodeMethod::Utf16Pattern),
            (encoding_rs::UTF_16BE, "UTF-16BE", DecodeMethod::Utf16Pattern),
        ] {
            let d = dec(&encode(ZH, encoding)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((d.text.as_str(), d.encoding, d.method, d.malformed), (ZH, name, method, 0));
        }
    }

    #[test]
    fn utf16_with_few_nuls_and_many_u4e00() {
        // Long paragraphs, 一 (U+4E00) everywhere: more NULs on the wrong side than on the right one.
        let text = format!("{}\r\n", "一个人一天一年,一心一意。".repeat(40)).repeat(3);
        for (encoding, name) in [(encoding_rs::UTF_16LE, "UTF-16LE"), (encoding_rs::UTF_16BE, "UTF-16BE")] {
            let d = dec(&encode(&text, encoding)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((d.text == text, d.encoding, d.method), (true, name, DecodeMethod::Utf16Pattern));
        }
    }

    #[test]
    fn invalid_bytes_inside_utf8_stay_utf8() {
        let mut bytes = ZH.as_bytes().to_vec();
        bytes.splice(9..9, [0xFF, 0xFE, 0x80]);
        let d = dec(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.encoding, d.method), ("UTF-8", DecodeMethod::MostlyUtf8));
        assert_eq!(d.malformed, 3);
        assert!(d.text.starts_with("习近平\u{FFFD}\u{FFFD}\u{FFFD}指出"), "{}", d.text);
    }

    #[test]
    fn stray_nuls_in_utf8_do_not_make_utf16() {
        let text = format!("{ZH}\0{ZH}\0\0{ZH}");
        let d = dec(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.text, d.method), (text, DecodeMethod::ValidUtf8));
    }

    #[test]
    fn override_and_unknown_labels() {
        let gb = encode(ZH, encoding_rs::GB18030);
        let opts = |l: &str| DecodeOptions { encoding: Some(l.to_owned()), ..DecodeOptions::default() };
        let d = decode("a.txt", &gb, &opts("gb18030")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.text.as_str(), d.method), (ZH, DecodeMethod::Override));
        // Read as Big5, the GB18030 bytes are wrong but still text, with bad bytes counted.
        let d = decode("a.txt", &gb, &opts("big5")).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(d.text, ZH);
        let e = decode("a.txt", &gb, &opts("klingon")).err().map(|e| (e.kind(), e.message().to_owned()));
        assert!(matches!(&e, Some((ErrorKind::UnknownEncoding, m)) if m.contains("klingon")), "{e:?}");
        assert!(encoding_for_label("iso-2022-kr").is_err());
        for name in COMMON_ENCODINGS {
            assert!(encoding_for_label(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn html_meta_charset_is_used_when_asked() {
        let mut bytes = b"<html><head><meta charset=\"big5\"></head><body>".to_vec();
        bytes.extend(encode("總統", encoding_rs::BIG5));
        let opts = DecodeOptions { sniff_declaration: true, ..DecodeOptions::default() };
        let d = decode("a.html", &bytes, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.encoding, d.method), ("Big5", DecodeMethod::Declared));
        assert!(d.text.ends_with("總統"));
    }
}
