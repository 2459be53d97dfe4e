//! One vocabulary per corpus: comparison key → [`TermId`].
//!
//! Every analysis works on these ids, never on re-split strings. The key of a
//! token is its text folded to lower case; ids are handed out in first-seen
//! order, so they are deterministic for the same documents added in the same order.

use rustc_hash::FxHashMap;

/// The id of a term (a comparison key) in a [`Vocabulary`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u32);

/// Interns comparison keys.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Keys are hashed with Fx: interning is on the load path of every token.
    ids: FxHashMap<Box<str>, TermId>,
    terms: Vec<Box<str>>,
}

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary::default()
    }

    /// The id of the comparison key of `token` (its lower-cased text), added if new.
    pub fn intern_token(&mut self, token: &str) -> TermId {
        if token.chars().any(char::is_uppercase) {
            self.intern(&token.to_lowercase())
        } else {
            self.intern(token)
        }
    }

    /// The id of `key`, added if new.
    pub fn intern(&mut self, key: &str) -> TermId {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = TermId(self.terms.len() as u32);
        self.terms.push(key.into());
        self.ids.insert(key.into(), id);
        id
    }

    /// The id of `key` if it is known.
    pub fn get(&self, key: &str) -> Option<TermId> {
        self.ids.get(key).copied()
    }

    /// The key text of `id` (empty for an id from another vocabulary).
    pub fn term(&self, id: TermId) -> &str {
        self.terms.get(id.0 as usize).map_or("", |t| t)
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_folds_and_ids_are_stable() {
        let mut v = Vocabulary::new();
        let a = v.intern_token("Putin");
        let b = v.intern_token("putin");
        let c = v.intern_token("普京");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(v.term(a), "putin");
        assert_eq!(v.term(c), "普京");
        assert_eq!(v.len(), 2);
    }
}
