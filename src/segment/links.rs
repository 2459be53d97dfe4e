//! URLs and e-mail addresses, found before the UAX #29 word rules (which
//! would cut `https://example.com/a` into seven pieces) so each is one token.
//!
//! A URL starts with `http://`, `https://`, `ftp://` or `www.` and runs to the
//! first white space, quote, angle bracket or non-ASCII character; trailing
//! `.,;:!?` and an unbalanced closing bracket are left out (they end the
//! sentence, not the address). An e-mail address is `local@domain.tld` with
//! the usual ASCII characters.

/// Byte ranges of the URLs and e-mail addresses in `text`, in order, not overlapping.
pub fn find_links(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !bytes.get(i - 1).is_some_and(|b| b.is_ascii_alphanumeric());
        let rest = bytes.get(i..).unwrap_or(&[]);
        let prefix = ["https://", "http://", "ftp://", "www."]
            .iter()
            .find(|p| rest.len() > p.len() && rest.get(..p.len()).is_some_and(|r| r.eq_ignore_ascii_case(p.as_bytes())));
        if let (true, Some(p)) = (at_word_start, prefix) {
            let end = url_end(bytes, i + p.len());
            if end > i + p.len() {
                out.push((i, end));
                i = end;
                continue;
            }
        }
        if bytes.get(i) == Some(&b'@') {
            if let Some((s, e)) = email_around(bytes, i) {
                // An address may begin inside a run already scanned; drop any
                // earlier link it overlaps (there cannot be one: links stop
                // at '@'-free ends), then record it.
                if out.last().map_or(true, |&(_, le)| le <= s) {
                    out.push((s, e));
                    i = e;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^')
}

fn url_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while bytes.get(end).is_some_and(|&b| is_url_byte(b)) {
        end += 1;
    }
    // Trailing sentence punctuation and unbalanced closers are not part of it.
    while end > from {
        let Some(&last) = bytes.get(end - 1) else { break };
        let slice = bytes.get(from..end).unwrap_or(&[]);
        let unbalanced = |open: u8, close: u8| {
            last == close && slice.iter().filter(|&&b| b == open).count() < slice.iter().filter(|&&b| b == close).count()
        };
        if matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?') || unbalanced(b'(', b')') || unbalanced(b'[', b']') {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn email_around(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut s = at;
    while s > 0 && bytes.get(s - 1).is_some_and(|&b| is_local_byte(b)) {
        s -= 1;
    }
    while bytes.get(s) == Some(&b'.') {
        s += 1;
    }
    if s == at {
        return None;
    }
    let mut e = at + 1;
    let mut dots = 0;
    while let Some(&b) = bytes.get(e) {
        if b.is_ascii_alphanumeric() || b == b'-' {
            e += 1;
        } else if b == b'.' && bytes.get(e + 1).is_some_and(|n| n.is_ascii_alphanumeric()) {
            dots += 1;
            e += 1;
        } else {
            break;
        }
    }
    (dots > 0 && e > at + 1).then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("see https://example.com/a?b=1#c.", &["https://example.com/a?b=1#c"]),
            ("(www.gov.cn/zhengce)", &["www.gov.cn/zhengce"]),
            ("http://en.wikipedia.org/wiki/Foo_(bar), ok", &["http://en.wikipedia.org/wiki/Foo_(bar)"]),
            ("mail jane.doe+news@mail.example.org!", &["jane.doe+news@mail.example.org"]),
            ("a @ b, me@localhost, x@y.z", &["x@y.z"]),
            ("wwwx.com http:// nothing", &[]),
        ];
        for (text, expected) in cases {
            let got: Vec<&str> = find_links(text).iter().map(|&(s, e)| &text[s..e]).collect();
            assert_eq!(&got, expected, "{text}");
        }
    }
}
