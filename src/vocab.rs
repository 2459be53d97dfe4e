//! One vocabulary per corpus: comparison key → [`TermId`].
//!
//! Every analysis works on these ids, never on re-split strings. The key of a
//! token is its text folded to lower case; ids are handed out in first-seen
//! order, so they are deterministic for the same documents added in the same order.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// The id of a term (a comparison key) in a [`Vocabulary`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u32);

/// Interns comparison keys.
///
/// Each key's text is stored once, in one string, with its end as a `u32`; the hash
/// table holds only ids, and a key's hash is computed again from its text when the
/// table grows (#11): about 3 MB for the 134 000 keys of four novels, where a map of
/// hashes to ids took 8.5 MB and one of boxed strings 19 MB.
///
/// The keys' texts together stay below 4 GiB: each key is a distinct piece of a
/// document's text, and the corpus holds far less than that (`Limits`). A key that
/// would pass it is not stored; it gets [`TermId::NONE`], whose text is empty.
#[derive(Default)]
pub struct Vocabulary {
    /// The keys' texts, one after another, in id order.
    text: String,
    /// Where each key ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
    /// The ids, found by the hash of their key's text.
    ids: HashTable<u32>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary").field("keys", &self.ends.len()).field("text_bytes", &self.text.len()).finish()
    }
}

impl TermId {
    /// The id of no key: what a key past the vocabulary's 4 GiB of text gets.
    pub const NONE: TermId = TermId(u32::MAX);
}

/// The text of key `id` in `text` with key ends `ends`.
fn key<'a>(text: &'a str, ends: &[u32], id: u32) -> &'a str {
    let i = id as usize;
    let Some(&end) = ends.get(i) else { return "" };
    let start = i.checked_sub(1).and_then(|p| ends.get(p)).copied().unwrap_or(0);
    text.get(start as usize..end as usize).unwrap_or("")
}

fn hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
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
        let h = hash(key);
        if let Some(id) = self.find(h, key) {
            return id;
        }
        let Vocabulary { text, ends, ids } = self;
        let (Ok(id), Ok(end)) = (u32::try_from(ends.len()), u32::try_from(text.len() + key.len())) else {
            return TermId::NONE;
        };
        if id == TermId::NONE.0 {
            return TermId::NONE;
        }
        // Grown by a quarter, not doubled: at most a fifth of either is spare room.
        if text.capacity() - text.len() < key.len() {
            text.reserve_exact(key.len().max(text.len() / 4).max(1 << 12));
        }
        if ends.len() == ends.capacity() {
            ends.reserve_exact((ends.len() / 4).max(1 << 10));
        }
        text.push_str(key);
        ends.push(end);
        // Growing the table hashes each key's text again: no hash is stored.
        ids.insert_unique(h, id, |&id| hash(self::key(text, ends, id)));
        TermId(id)
    }

    /// The id of `key`, whose hash is `h`, if it is known: of the ids filed under `h`
    /// (several only when keys' hashes collide), the one whose text is `key`.
    fn find(&self, h: u64, key: &str) -> Option<TermId> {
        self.ids.find(h, |&id| self.term(TermId(id)) == key).map(|&id| TermId(id))
    }

    /// The id of `key` if it is known.
    pub fn get(&self, key: &str) -> Option<TermId> {
        self.find(hash(key), key)
    }

    /// The key text of `id` (empty for an id from another vocabulary).
    pub fn term(&self, id: TermId) -> &str {
        key(&self.text, &self.ends, id.0)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes held on the heap (capacity, not length): for the memory figures of #11.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<u32>() + self.ids.allocation_size()
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
        assert_eq!((a, c), (TermId(0), TermId(1)), "first-seen order");
        assert_eq!(v.term(a), "putin");
        assert_eq!(v.term(c), "普京");
        assert_eq!(v.len(), 2);
        assert_eq!(v.get("putin"), Some(a));
        assert_eq!(v.get("Putin"), None);
        assert_eq!(v.get("普"), None, "a prefix of a key is not the key");
        assert_eq!(v.get(""), None);
        assert_eq!(v.term(TermId(7)), "");
        assert_eq!(v.term(TermId::NONE), "");
    }

    #[test]
    fn keys_with_the_same_hash_keep_their_own_ids() {
        // A 64-bit collision, made by hand: 合作 filed a second time under 上海合作组织's hash,
        // so that hash leads to two ids and only the text tells them apart.
        let mut v = Vocabulary::new();
        let a = v.intern("上海合作组织");
        let b = v.intern("合作");
        let shared = hash("上海合作组织");
        let Vocabulary { text, ends, ids } = &mut v;
        ids.insert_unique(shared, b.0, |&id| hash(key(text, ends, id)));
        assert_eq!(v.find(shared, "合作"), Some(b));
        assert_eq!(v.find(shared, "上海合作组织"), Some(a));
        assert_eq!(v.find(shared, "组织"), None);
        assert_eq!(v.intern("上海合作组织"), a);
        assert_eq!(v.intern("合作"), b);
        assert_eq!(v.intern("组织"), TermId(2));
        assert_eq!((v.term(a), v.term(b), v.len()), ("上海合作组织", "合作", 3));
    }

    #[test]
    fn ids_survive_the_table_growing() {
        // Real words, then many more keys than the first tables hold: every growth hashes
        // the stored texts again, and each key must still lead to its first-seen id.
        let seed = include_str!("../tests/fixtures/snapshots/seed_000.txt");
        let mut words: Vec<String> = seed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect();
        words.extend((0..100_000u32).map(|i| format!("k{i}")));
        let mut v = Vocabulary::new();
        let mut first: Vec<&str> = Vec::new();
        for w in &words {
            let id = v.intern(w);
            if id.0 as usize == first.len() {
                first.push(w);
            }
            assert_eq!(v.term(id), w.as_str());
        }
        assert_eq!(v.len(), first.len());
        assert!(v.len() > 100_000);
        for (i, w) in first.iter().enumerate() {
            assert_eq!(v.get(w), Some(TermId(i as u32)), "{w}");
            // Deliberately a copy: the key is found by its text, not by where it lives.
            #[allow(clippy::unnecessary_to_owned)]
            let copy = w.to_string();
            assert_eq!(v.intern(&copy), TermId(i as u32), "an equal key from another string");
        }
        assert_eq!(v.len(), first.len(), "nothing added twice");
        assert_eq!(v.get("k100000"), None);
        assert!(v.heap_bytes() >= v.len() * 5, "ends and the table are counted");
    }
}
