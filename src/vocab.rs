//! One vocabulary per corpus: comparison key → [`TermId`].
//!
//! Every analysis works on these ids, never on re-split strings. The key of a
//! token is its text folded to lower case; ids are handed out in first-seen
//! order, so they are deterministic for the same documents added in the same order.

use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// The id of a term (a comparison key) in a [`Vocabulary`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u32);

/// Interns comparison keys.
///
/// Each key's text is stored once, in one string, and found through its 64-bit
/// hash (#11): about 8 MB for the 134 000 keys of four novels, where a map of
/// boxed strings plus a vector of them took 19 MB.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The keys' texts, one after another, in id order.
    text: String,
    /// Where each key ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// Hash of a key's text → the first id with that hash.
    ids: FxHashMap<u64, u32>,
    /// id → the next id whose text has the same hash (only on a 64-bit collision).
    same_hash: FxHashMap<u32, u32>,
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
        let hash = FxBuildHasher.hash_one(key);
        let last = match self.ids.get(&hash) {
            None => None,
            Some(&first) => match self.find(first, key) {
                Ok(id) => return id,
                Err(last) => Some(last),
            },
        };
        let id = self.ends.len() as u32;
        self.text.push_str(key);
        self.ends.push(self.text.len());
        match last {
            None => {
                self.ids.insert(hash, id);
            }
            Some(last) => {
                self.same_hash.insert(last, id);
            }
        }
        TermId(id)
    }

    /// The id of `key` in the chain of ids from `first` that share its hash;
    /// else the chain's last id.
    fn find(&self, first: u32, key: &str) -> std::result::Result<TermId, u32> {
        let mut id = first;
        loop {
            if self.term(TermId(id)) == key {
                return Ok(TermId(id));
            }
            match self.same_hash.get(&id) {
                Some(&next) => id = next,
                None => return Err(id),
            }
        }
    }

    /// The id of `key` if it is known.
    pub fn get(&self, key: &str) -> Option<TermId> {
        let &first = self.ids.get(&FxBuildHasher.hash_one(key))?;
        self.find(first, key).ok()
    }

    /// The key text of `id` (empty for an id from another vocabulary).
    pub fn term(&self, id: TermId) -> &str {
        let i = id.0 as usize;
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = i.checked_sub(1).and_then(|p| self.ends.get(p)).copied().unwrap_or(0);
        self.text.get(start..end).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
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
        assert_eq!(v.get("putin"), Some(a));
        assert_eq!(v.get("Putin"), None);
        assert_eq!(v.term(TermId(7)), "");
    }

    #[test]
    fn keys_with_the_same_hash_keep_their_own_ids() {
        // Two keys forced into one hash chain, as a 64-bit collision would put them.
        let mut v = Vocabulary::new();
        let a = v.intern("上海合作组织");
        let hash = FxBuildHasher.hash_one("上海合作组织");
        let b = v.intern("合作");
        v.ids.remove(&FxBuildHasher.hash_one("合作"));
        v.same_hash.insert(a.0, b.0);
        assert_eq!(v.get("合作"), None, "found only through its own hash");
        assert_eq!(v.find(v.ids[&hash], "合作"), Ok(b));
        assert_eq!(v.find(v.ids[&hash], "组织"), Err(b.0), "a new key goes to the chain's end");
        assert_eq!(v.intern("上海合作组织"), a);
        assert_eq!((v.term(a), v.term(b)), ("上海合作组织", "合作"));
    }
}
