//! Stages 5 and 6 of reuse over an archive: clusters per component, their
//! members, passages and coverage; cluster ids over all components.

use super::*;

/// A document of a component: its number, id, units and text.
pub struct ComponentDoc<'a> {
    pub number: u32,
    pub id: &'a str,
    pub units: &'a Units,
    pub text: &'a str,
}

/// A shared passage, both sides in code points of the texts as given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PassageRow {
    /// The cluster holding most of it, if any.
    pub cluster: Option<u64>,
    pub a: String,
    pub b: String,
    pub a_start: u32,
    pub a_end: u32,
    pub b_start: u32,
    pub b_end: u32,
    pub a_units: u32,
    pub b_units: u32,
    pub matched: u32,
    /// Which cluster, before [`rank_clusters`] numbers them.
    #[serde(skip)]
    pub key: Option<(u32, u32)>,
    #[serde(skip)]
    pub numbers: (u32, u32),
}

/// A passage found in several documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterRow {
    pub cluster: u64,
    /// Distinct documents among the members.
    pub documents: u32,
    pub members: u32,
    /// Units of the reference copy.
    pub units: u32,
    /// The copy the others are compared with.
    pub reference: String,
    pub reference_start: u32,
    pub reference_end: u32,
    /// The first member's document number and start unit: unique, and the
    /// last tie-break of the report order.
    #[serde(skip)]
    pub key: (u32, u32),
}

/// One copy of a cluster's passage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberRow {
    pub cluster: u64,
    pub id: String,
    pub start: u32,
    pub end: u32,
    pub units: u32,
    pub reference: bool,
    /// Units equal to the reference, as a percentage of this copy's units.
    pub same_percent: f64,
    pub text: String,
    /// Where this copy differs from the reference.
    pub variants: Vec<VariantRow>,
    #[serde(skip)]
    pub key: (u32, u32),
    #[serde(skip)]
    pub number: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VariantRow {
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// What the reference has in its place (empty for an insertion).
    pub reference_text: String,
}

/// How much of one document is shared with others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageRow {
    pub id: String,
    pub units: u32,
    pub shared_units: u32,
    pub shared_percent: f64,
    pub chars: u32,
    pub shared_chars: u32,
    #[serde(skip)]
    pub number: u32,
}

/// What one component gives.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ComponentTables {
    pub clusters: Vec<ClusterRow>,
    pub members: Vec<MemberRow>,
    pub passages: Vec<PassageRow>,
    pub coverage: Vec<CoverageRow>,
    /// Whether the component's budget ran out.
    pub truncated: bool,
}

/// Stage 5: clusters, members, passages and coverage of one component:
/// `docs` (any order) and every passage among them.
pub fn cluster_component(docs: &[ComponentDoc<'_>], passages: &[ArchivePassage], options: &ArchiveOptions) -> ComponentTables {
    let mut docs: Vec<&ComponentDoc<'_>> = docs.iter().collect();
    docs.sort_by_key(|d| d.number);
    let local = |n: u32| docs.binary_search_by_key(&n, |d| d.number).ok();
    let mut pair_passages: Vec<PairPassage> = passages
        .iter()
        .filter_map(|p| {
            Some(PairPassage { a: local(p.a)?, b: local(p.b)?, ra: p.ra.clone(), rb: p.rb.clone(), matched: p.matched })
        })
        .collect();
    pair_passages.sort_by_key(|x| (x.a, x.b, x.ra.start, x.rb.start));
    let units: Vec<Units> = docs.iter().map(|d| d.units.clone()).collect();
    let mut aligner = Aligner::default();
    let mut work = 0;
    let max = options.max_component_units;
    let (clusters, cluster_of, complete) =
        cluster::clusters(&pair_passages, &units, &mut aligner, options.min_units, &mut work, max);
    let mut out = ComponentTables { truncated: !complete, ..ComponentTables::default() };
    let span = |d: usize, r: &Range<usize>| -> (u32, u32, String) {
        let (Some(doc), Some(u)) = (docs.get(d), units.get(d)) else { return (0, 0, String::new()) };
        let chars = doc.text.chars().count();
        let s = u.span(r.start, r.end, chars);
        (s.start, s.end, slice_chars(doc.text, s.start, s.end))
    };
    let mut keys: Vec<Option<(u32, u32)>> = vec![None; clusters.len()];
    for (c_index, c) in clusters.iter().enumerate() {
        let (copies, cut) = compare_copies(c, &units, &mut aligner, &mut work, max);
        out.truncated |= cut;
        let (Some(first), Some(reference)) = (c.members.first(), c.members.get(c.reference)) else { continue };
        if copies.len() < 2 {
            continue;
        }
        let key = (docs.get(first.doc).map_or(0, |d| d.number), first.range.start as u32);
        if let Some(k) = keys.get_mut(c_index) {
            *k = Some(key);
        }
        let (rs, re, _) = span(reference.doc, &reference.range);
        out.clusters.push(ClusterRow {
            cluster: 0,
            documents: documents(c, &copies),
            members: copies.len() as u32,
            units: reference.range.len() as u32,
            reference: docs.get(reference.doc).map_or(String::new(), |d| d.id.to_owned()),
            reference_start: rs,
            reference_end: re,
            key,
        });
        for copy in &copies {
            let Some(m) = c.members.get(copy.member) else { continue };
            let (start, end, text) = span(m.doc, &m.range);
            let variants = copy
                .variants
                .iter()
                .map(|v| {
                    let (vs, ve, vtext) = span(m.doc, &v.member);
                    VariantRow { start: vs, end: ve, text: vtext, reference_text: span(reference.doc, &v.reference).2 }
                })
                .collect();
            out.members.push(MemberRow {
                cluster: 0,
                id: docs.get(m.doc).map_or(String::new(), |d| d.id.to_owned()),
                start,
                end,
                units: m.range.len() as u32,
                reference: copy.member == c.reference,
                same_percent: copy.same_percent,
                text,
                variants,
                key,
                number: docs.get(m.doc).map_or(0, |d| d.number),
            });
        }
    }
    for (p, &c) in pair_passages.iter().zip(&cluster_of) {
        let (Some(da), Some(db)) = (docs.get(p.a), docs.get(p.b)) else { continue };
        let ((a_start, a_end, _), (b_start, b_end, _)) = (span(p.a, &p.ra), span(p.b, &p.rb));
        out.passages.push(PassageRow {
            cluster: None,
            a: da.id.to_owned(),
            b: db.id.to_owned(),
            a_start,
            a_end,
            b_start,
            b_end,
            a_units: p.ra.len() as u32,
            b_units: p.rb.len() as u32,
            matched: p.matched as u32,
            key: keys.get(c).copied().flatten(),
            numbers: (da.number, db.number),
        });
    }
    for ((d, covered), doc) in shared_ranges(docs.len(), &pair_passages).iter().enumerate().zip(&docs) {
        let chars = doc.text.chars().count();
        let u = doc.units;
        let shared_units: usize = covered.iter().map(Range::len).sum();
        let shared_chars: u32 = covered.iter().map(|r| u.span(r.start, r.end, chars)).map(|s| s.end - s.start).sum();
        let _ = d;
        out.coverage.push(CoverageRow {
            id: doc.id.to_owned(),
            units: u.len() as u32,
            shared_units: shared_units as u32,
            shared_percent: matrix::round4(100.0 * shared_units as f64 / u.len().max(1) as f64),
            chars: chars as u32,
            shared_chars,
            number: doc.number,
        });
    }
    out
}

fn documents(c: &Cluster, copies: &[crate::reuse::ComparedCopy]) -> u32 {
    let mut docs: Vec<usize> = copies.iter().filter_map(|x| c.members.get(x.member)).map(|m| m.doc).collect();
    docs.dedup();
    docs.len() as u32
}

/// Code points `start..end` of `text`.
fn slice_chars(text: &str, start: u32, end: u32) -> String {
    text.chars().skip(start as usize).take(end.saturating_sub(start) as usize).collect()
}

/// The coverage row of a document that shares nothing.
pub fn lone_coverage(id: &str, number: u32, chars: u32, units: u32) -> CoverageRow {
    CoverageRow {
        id: id.to_owned(),
        units,
        shared_units: 0,
        shared_percent: 0.0,
        chars,
        shared_chars: 0,
        number,
    }
}

/// Stage 6: numbers `clusters` (of all components) in report order — most
/// documents × units first, then most documents, then by first member — and
/// returns the map from a cluster's key to its number.
pub fn rank_clusters(clusters: &mut [ClusterRow]) -> BTreeMap<(u32, u32), u64> {
    clusters.sort_by_key(|c| (Reverse(u64::from(c.documents) * u64::from(c.units)), Reverse(c.documents), c.key));
    clusters
        .iter_mut()
        .enumerate()
        .map(|(i, c)| {
            c.cluster = i as u64;
            (c.key, i as u64)
        })
        .collect()
}
