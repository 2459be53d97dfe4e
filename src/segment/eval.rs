//! Word-segmentation scoring against gold standards in CoNLL-U (Universal
//! Dependencies) form.
//!
//! Gold words are the FORM column of token lines (multiword ranges `1-2` and
//! empty nodes `1.1` are skipped); the input text of a sentence is its
//! `# text =` line. Predicted and gold words are compared as character spans of
//! that text with white space removed, so a word counts as correct only when
//! both of its ends match: word precision, recall and F1 as in the SIGHAN
//! bakeoffs. OOV recall is the recall over gold words a given dictionary does
//! not hold.

use crate::error::{Error, ErrorKind, Result};

/// One gold sentence: its text and its words in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldSentence {
    pub text: String,
    pub words: Vec<String>,
}

/// Reads the sentences of a CoNLL-U file.
///
/// # Errors
/// [`ErrorKind::BadFormat`] when a sentence has token lines but no `# text =`
/// line, or its words do not spell its text (white space aside).
pub fn parse_conllu(source: &str) -> Result<Vec<GoldSentence>> {
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    let mut words: Vec<String> = Vec::new();
    let mut line_no = 0usize;
    let mut flush = |text: &mut Option<String>, words: &mut Vec<String>, line_no: usize| -> Result<()> {
        if words.is_empty() {
            *text = None;
            return Ok(());
        }
        let Some(t) = text.take() else {
            return Err(Error::new(ErrorKind::BadFormat, format!("line {line_no}: sentence without a `# text =` line")));
        };
        let joined: String = words.concat();
        let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if joined != squeezed {
            return Err(Error::new(
                ErrorKind::BadFormat,
                format!("line {line_no}: the words of the sentence do not spell its text"),
            ));
        }
        out.push(GoldSentence { text: t, words: std::mem::take(words) });
        Ok(())
    };
    for line in source.lines() {
        line_no += 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            flush(&mut text, &mut words, line_no)?;
        } else if let Some(rest) = line.strip_prefix("# text =") {
            text = Some(rest.trim().to_owned());
        } else if line.starts_with('#') {
            continue;
        } else {
            let mut cols = line.split('\t');
            let id = cols.next().unwrap_or("");
            if id.contains('-') || id.contains('.') {
                continue;
            }
            if let Some(form) = cols.next() {
                // Forms with inner spaces (rare) are compared without them.
                words.push(form.chars().filter(|c| !c.is_whitespace()).collect());
            }
        }
    }
    flush(&mut text, &mut words, line_no)?;
    Ok(out)
}

/// Character spans `(start, end)` of `words` laid end to end, counted over
/// non-space characters.
pub fn spans_of<S: AsRef<str>>(words: &[S]) -> Vec<(usize, usize)> {
    let mut pos = 0;
    words
        .iter()
        .filter_map(|w| {
            let n = w.as_ref().chars().filter(|c| !c.is_whitespace()).count();
            let span = (pos, pos + n);
            pos += n;
            (n > 0).then_some(span)
        })
        .collect()
}

/// Running word-segmentation counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub oov_gold: usize,
    pub oov_correct: usize,
}

impl Score {
    /// Adds one sentence: gold words, predicted words (each white space free
    /// or not — white space is ignored), and whether a gold word is
    /// in-vocabulary.
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P], in_vocab: impl Fn(&str) -> bool) {
        let g = spans_of(gold);
        let p = spans_of(predicted);
        self.gold += g.len();
        self.predicted += p.len();
        let gold_words: Vec<&str> = gold.iter().map(AsRef::as_ref).filter(|w| !w.trim().is_empty()).collect();
        let (mut i, mut j) = (0, 0);
        while i < g.len() && j < p.len() {
            let (gs, ge) = g[i];
            let (ps, pe) = p[j];
            let oov = !gold_words.get(i).is_some_and(|w| in_vocab(w));
            if gs == ps && ge == pe {
                self.correct += 1;
                if oov {
                    self.oov_gold += 1;
                    self.oov_correct += 1;
                }
                i += 1;
                j += 1;
            } else if ge <= pe {
                if oov {
                    self.oov_gold += 1;
                }
                i += 1;
            } else {
                j += 1;
            }
        }
        while i < g.len() {
            if !gold_words.get(i).is_some_and(|w| in_vocab(w)) {
                self.oov_gold += 1;
            }
            i += 1;
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn oov_recall(&self) -> f64 {
        ratio(self.oov_correct, self.oov_gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms_and_skips_ranges() {
        let src = "# sent_id = 1\n# text = 我们 好。\n1-2\t我们\t_\n1\t我\t_\n2\t们\t_\n3\t好\t_\n4\t。\t_\n\n";
        let s = parse_conllu(src).unwrap_or_default();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words, vec!["我", "们", "好", "。"]);
        assert_eq!(s[0].text, "我们 好。");
        assert!(parse_conllu("1\t我\t_\n\n").is_err());
        assert!(parse_conllu("# text = 你\n1\t我\t_\n\n").is_err());
    }

    #[test]
    fn scores_spans() {
        let mut s = Score::default();
        s.add(&["上海", "合作", "组织", "。"], &["上海合作组织", "。"], |w| w != "组织");
        assert_eq!((s.gold, s.predicted, s.correct), (4, 2, 1));
        assert_eq!((s.oov_gold, s.oov_correct), (1, 0));
        let mut s = Score::default();
        s.add(&["a b", "c"], &["ab", " ", "c"], |_| true);
        assert_eq!((s.gold, s.predicted, s.correct), (2, 2, 2));
        assert!((s.f1() - 1.0).abs() < 1e-9);
    }
}
