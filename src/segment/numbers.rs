//! Numbers with their Chinese units and dates, joined into one token.
//!
//! The rule: a token of Arabic digits (ASCII or full-width, with inner `.`/`,`
//! as UAX #29 keeps them: `3.5`, `1,000`) absorbs the Han tokens that follow
//! it directly when each is a *unit* of the list below, and a date goes on
//! through the next number when the previous unit was 年 or 月:
//!
//! | input | tokens |
//! |---|---|
//! | 2025年 | `2025年` |
//! | 9月2日上午 | `9月2日` `上午` |
//! | 2025年9月2日 | `2025年9月2日` |
//! | 80周年 | `80周年` |
//! | 20余份 | `20余份` |
//! | 3.5亿元 | `3.5亿元` |
//! | 2025年上海 | `2025年` `上海` |
//!
//! Chinese numerals are left to the dictionary (一个 → 一 个 by the
//! classifier rule, 三十 stays whole). The joined token is a
//! [`TokenKind::Number`]; its text is what a reader reads as one amount or
//! one date. Scoring against UD (which splits 2025 年), the join costs
//! about 0.04 F1 (see `docs/benchmarks.md`); [`super::Segmenter::set_join_numbers`]
//! turns it off for gold-standard output.

use super::{RawToken, TokenKind};
use crate::span::Span;

/// Units that follow a number directly (single characters or words as the
/// segmenter emits them).
fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "年" | "月" | "日" | "号" | "时" | "点" | "分" | "秒" | "周年" | "岁" | "余" | "多" | "万" | "亿" | "千" | "百"
            | "个" | "元" | "人" | "名" | "份" | "次" | "倍" | "届" | "周" | "天" | "家" | "位" | "件" | "项" | "条" | "种"
            | "米" | "公里" | "千米" | "公斤" | "千克" | "吨" | "小时" | "分钟" | "年代" | "世纪" | "多万" | "余万" | "万元"
            | "亿元" | "万人" | "美元" | "欧元" | "日元" | "余人" | "多人" | "余名" | "多名" | "余份" | "余家" | "多家"
            | "平方米" | "平方公里" | "公顷" | "度" | "层" | "场" | "台" | "辆" | "架" | "艘" | "所" | "座" | "篇" | "部"
            | "本" | "期" | "批" | "组" | "轮" | "季" | "集" | "章" | "节" | "页" | "卷" | "版" | "岁时" | "成" | "折"
            | "％" | "%"
    )
}

fn is_digits(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && word.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | ',' | '．' | '，'))
}

/// Joins numbers with their units in `tokens`, in place; the tokens' spans
/// are offsets into `text` shifted by `base`.
pub fn join_numbers(text: &str, base: usize, tokens: &mut Vec<RawToken>) {
    let word = |t: &RawToken| -> &str {
        let (s, e) = ((t.span.start as usize).saturating_sub(base), (t.span.end as usize).saturating_sub(base));
        text.get(s..e).unwrap_or("")
    };
    if !tokens.iter().any(|t| t.kind == TokenKind::Number) {
        return;
    }
    let mut out: Vec<RawToken> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while let Some(&tok) = tokens.get(i) {
        i += 1;
        if tok.kind != TokenKind::Number || !is_digits(word(&tok)) {
            out.push(tok);
            continue;
        }
        let mut end = tok.span.end;
        let mut joined = false;
        loop {
            // Units after the number.
            let mut last_unit = "";
            while let Some(next) = tokens.get(i) {
                let w = word(next);
                if next.span.start != end || !is_unit(w) {
                    break;
                }
                last_unit = w;
                end = next.span.end;
                joined = true;
                i += 1;
            }
            // A date goes on: 2025年9月…, 9月2日.
            let (Some(num), Some(unit)) = (tokens.get(i), tokens.get(i + 1)) else { break };
            let date_goes_on = matches!(last_unit, "年" | "月")
                && num.span.start == end
                && num.kind == TokenKind::Number
                && is_digits(word(num))
                && unit.span.start == num.span.end
                && matches!(word(unit), "月" | "日" | "号");
            if !date_goes_on {
                break;
            }
            end = num.span.end;
            i += 1;
        }
        out.push(RawToken {
            span: Span::new(tok.span.start as usize, end as usize),
            kind: if joined { TokenKind::Number } else { tok.kind },
        });
    }
    *tokens = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str, tokens: &[(&str, TokenKind)]) -> Vec<String> {
        let mut pos = 0;
        let mut raw: Vec<RawToken> = tokens
            .iter()
            .map(|&(t, kind)| {
                let span = Span::new(pos, pos + t.len());
                pos += t.len();
                RawToken { span, kind }
            })
            .collect();
        assert_eq!(pos, text.len());
        join_numbers(text, 0, &mut raw);
        raw.iter().map(|t| t.span.slice(text).to_owned()).collect()
    }

    #[test]
    fn table() {
        use TokenKind::{Number as N, Punct as P, Word as W};
        assert_eq!(joined("2025年9月2日上午", &[("2025", N), ("年", W), ("9", N), ("月", W), ("2", N), ("日", W), ("上午", W)]),
            ["2025年9月2日", "上午"]);
        assert_eq!(joined("20余份", &[("20", N), ("余", W), ("份", W)]), ["20余份"]);
        assert_eq!(joined("80周年", &[("80", N), ("周年", W)]), ["80周年"]);
        assert_eq!(joined("3年上海", &[("3", N), ("年上", W), ("海", W)]), ["3", "年上", "海"]);
        assert_eq!(joined("9月，2日", &[("9", N), ("月", W), ("，", P), ("2", N), ("日", W)]), ["9月", "，", "2日"]);
        assert_eq!(joined("v2", &[("v2", W)]), ["v2"]);
    }
}
