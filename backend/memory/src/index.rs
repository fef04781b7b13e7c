//! The embedded backend's vector index, kept in memory and loaded from the database (which holds
//! every vector as the source of truth). Each vector is kept twice, compactly: as signed bytes
//! (scaled to its largest component) for scoring, and as its signs (one bit a dimension) for a
//! first pass. A search scores exactly (int8 dot products) when a caller sees few enough memories;
//! beyond that it ranks everyone's bits by Hamming distance, keeps the best few hundred, and
//! scores those exactly. Visibility (the caller's own and the shared memories) is checked on every
//! item, so no user's private memory can surface in another user's search.
//!
//! Memory: about `dimensions * 9 / 8` bytes a vector plus its id (430 bytes at 384 dimensions).

use std::collections::HashMap;
use std::sync::Arc;

/// At or below this many visible items, every one is scored exactly.
const EXACT_LIMIT: usize = 20_000;
/// How many first-pass candidates are scored exactly, at least.
const MIN_CANDIDATES: usize = 400;
/// And at least this many per result asked for.
const CANDIDATES_PER_RESULT: usize = 40;

/// Owner code 0 is "shared"; users get codes from 1.
const SHARED: u32 = 0;

/// One search hit: the memory's id and its cosine with the query (about -1 to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: Arc<str>,
    pub score: f32,
}

/// Why a vector was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("a vector of {got} dimensions in an index of {want}")]
    Dimensions { got: usize, want: usize },
    #[error("the vector has a component that is not a finite number")]
    NotFinite,
}

/// The vectors of one embedding model.
#[derive(Debug)]
pub struct VectorIndex {
    dimensions: usize,
    words: usize,
    ids: Vec<Option<Arc<str>>>,
    owners: Vec<u32>,
    scales: Vec<f32>,
    codes: Vec<i8>,
    bits: Vec<u64>,
    free: Vec<usize>,
    slots: HashMap<Arc<str>, usize>,
    owner_codes: HashMap<String, u32>,
}

/// A query prepared once for a search.
struct Query {
    codes: Vec<i8>,
    scale: f32,
    bits: Vec<u64>,
}

fn quantise(vector: &[f32]) -> (Vec<i8>, f32) {
    let largest = vector.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if largest == 0.0 {
        return (vec![0; vector.len()], 0.0);
    }
    let scale = largest / 127.0;
    let codes = vector
        .iter()
        .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (codes, scale)
}

fn sign_bits(vector: &[f32], words: usize) -> Vec<u64> {
    let mut bits = vec![0u64; words];
    for (i, x) in vector.iter().enumerate() {
        if *x > 0.0 {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
}

/// The int8 dot product, in chunks the compiler turns into vector instructions.
fn dot(a: &[i8], b: &[i8]) -> i32 {
    let mut lanes = [0i32; 32];
    let chunks_a = a.chunks_exact(32);
    let chunks_b = b.chunks_exact(32);
    let rest: i32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| i32::from(*x) * i32::from(*y))
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for i in 0..32 {
            lanes[i] += i32::from(x[i]) * i32::from(y[i]);
        }
    }
    lanes.iter().sum::<i32>() + rest
}

fn hamming(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

impl VectorIndex {
    pub fn new(dimensions: usize) -> Self {
        Self {
            dimensions,
            words: dimensions.div_ceil(64),
            ids: Vec::new(),
            owners: Vec::new(),
            scales: Vec::new(),
            codes: Vec::new(),
            bits: Vec::new(),
            free: Vec::new(),
            slots: HashMap::new(),
            owner_codes: HashMap::new(),
        }
    }

    pub fn dimensions(&self) -> usize {
        self.dimensions
    }

    /// How many vectors it holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.slots.contains_key(id)
    }

    /// The bytes the index holds for its vectors, ids and bookkeeping (an estimate of its heap).
    pub fn heap_bytes(&self) -> usize {
        let slots = self.ids.len();
        let id_bytes: usize = self.slots.keys().map(|id| id.len() + 16).sum();
        slots * (self.dimensions + self.words * 8 + 4 + 4 + 16)
            + id_bytes
            + self.slots.capacity() * 24
            + self.free.capacity() * 8
    }

    fn owner_code(&mut self, owner: Option<&str>) -> u32 {
        match owner {
            None => SHARED,
            Some(owner) => {
                let next = u32::try_from(self.owner_codes.len() + 1).unwrap_or(u32::MAX);
                *self.owner_codes.entry(owner.to_owned()).or_insert(next)
            }
        }
    }

    /// Adds or replaces the vector of memory `id`, owned by `owner` (None: shared).
    pub fn insert(
        &mut self,
        id: &str,
        owner: Option<&str>,
        vector: &[f32],
    ) -> Result<(), IndexError> {
        if vector.len() != self.dimensions {
            return Err(IndexError::Dimensions {
                got: vector.len(),
                want: self.dimensions,
            });
        }
        if vector.iter().any(|x| !x.is_finite()) {
            return Err(IndexError::NotFinite);
        }
        self.remove(id);
        let owner = self.owner_code(owner);
        let (codes, scale) = quantise(vector);
        let bits = sign_bits(vector, self.words);
        let id: Arc<str> = Arc::from(id);
        let slot = match self.free.pop() {
            Some(slot) => {
                let d = self.dimensions;
                self.codes[slot * d..(slot + 1) * d].copy_from_slice(&codes);
                self.bits[slot * self.words..(slot + 1) * self.words].copy_from_slice(&bits);
                self.ids[slot] = Some(id.clone());
                self.owners[slot] = owner;
                self.scales[slot] = scale;
                slot
            }
            None => {
                self.codes.extend_from_slice(&codes);
                self.bits.extend_from_slice(&bits);
                self.ids.push(Some(id.clone()));
                self.owners.push(owner);
                self.scales.push(scale);
                self.ids.len() - 1
            }
        };
        self.slots.insert(id, slot);
        Ok(())
    }

    /// Forgets memory `id`; false when it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        match self.slots.remove(id) {
            Some(slot) => {
                self.ids[slot] = None;
                self.free.push(slot);
                true
            }
            None => false,
        }
    }

    fn prepare(&self, vector: &[f32]) -> Result<Query, IndexError> {
        if vector.len() != self.dimensions {
            return Err(IndexError::Dimensions {
                got: vector.len(),
                want: self.dimensions,
            });
        }
        let (codes, scale) = quantise(vector);
        Ok(Query {
            codes,
            scale,
            bits: sign_bits(vector, self.words),
        })
    }

    fn exact(&self, query: &Query, slot: usize) -> f32 {
        let d = self.dimensions;
        dot(&query.codes, &self.codes[slot * d..(slot + 1) * d]) as f32
            * query.scale
            * self.scales[slot]
    }

    /// The `limit` memories nearest to `vector` among those `viewer` may see (their own and the
    /// shared ones; None: shared only), best first, with a cosine of at least `min_score`.
    pub fn search(
        &self,
        vector: &[f32],
        viewer: Option<&str>,
        limit: usize,
        min_score: f32,
    ) -> Result<Vec<Hit>, IndexError> {
        let query = self.prepare(vector)?;
        // A viewer without any memory of their own sees only the shared ones.
        let own = viewer.and_then(|v| self.owner_codes.get(v).copied());
        let visible = |slot: usize| {
            self.ids[slot].is_some() && {
                let owner = self.owners[slot];
                owner == SHARED || Some(owner) == own
            }
        };
        let slots = self.ids.len();
        let candidates: Vec<usize> = if self.len() <= EXACT_LIMIT {
            (0..slots).filter(|s| visible(*s)).collect()
        } else {
            let keep = MIN_CANDIDATES.max(limit.saturating_mul(CANDIDATES_PER_RESULT));
            let w = self.words;
            let mut ranked: Vec<(u32, usize)> = (0..slots)
                .filter(|s| visible(*s))
                .map(|s| (hamming(&query.bits, &self.bits[s * w..(s + 1) * w]), s))
                .collect();
            if ranked.len() > keep {
                ranked.select_nth_unstable(keep);
                ranked.truncate(keep);
            }
            ranked.into_iter().map(|(_, s)| s).collect()
        };
        let mut hits: Vec<(f32, usize)> = candidates
            .into_iter()
            .map(|s| (self.exact(&query, s), s))
            .filter(|(score, _)| *score >= min_score)
            .collect();
        let by_score = |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1));
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, by_score);
            hits.truncate(limit);
        }
        hits.sort_by(by_score);
        hits.truncate(limit);
        Ok(hits
            .into_iter()
            .filter_map(|(score, slot)| self.ids[slot].clone().map(|id| Hit { id, score }))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u64, dimensions: usize) -> Vec<f32> {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let v: Vec<f32> = (0..dimensions)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state >> 40) as f32 / 16_777_216.0) - 0.5
            })
            .collect();
        crate::embed::normalised(v)
    }

    fn ids(hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| h.id.to_string()).collect()
    }

    #[test]
    fn finds_the_nearest_visible_vectors_best_first() {
        let mut index = VectorIndex::new(64);
        let query = unit(1, 64);
        let near: Vec<f32> = query
            .iter()
            .zip(unit(2, 64))
            .map(|(q, n)| q + 0.3 * n)
            .collect();
        let near = crate::embed::normalised(near);
        index.insert("shared-exact", None, &query).unwrap();
        index.insert("alice-near", Some("alice"), &near).unwrap();
        index.insert("bob-exact", Some("bob"), &query).unwrap();
        index.insert("far", None, &unit(3, 64)).unwrap();
        let hits = index.search(&query, Some("alice"), 10, 0.5).unwrap();
        assert_eq!(ids(&hits), vec!["shared-exact", "alice-near"]);
        assert!((hits[0].score - 1.0).abs() < 0.02, "{}", hits[0].score);
        // Nobody else's private memory, ever; an unknown viewer sees shared ones only.
        assert_eq!(
            ids(&index.search(&query, Some("carol"), 10, 0.5).unwrap()),
            vec!["shared-exact"]
        );
        assert_eq!(
            ids(&index.search(&query, None, 10, 0.5).unwrap()),
            vec!["shared-exact"]
        );
        assert_eq!(
            ids(&index.search(&query, Some("bob"), 1, 0.5).unwrap()).len(),
            1
        );

        assert!(index.remove("shared-exact"));
        assert!(!index.remove("shared-exact"));
        index.insert("reused", None, &unit(4, 64)).unwrap();
        assert_eq!(index.len(), 4);
        assert_eq!(
            ids(&index.search(&query, Some("alice"), 10, 0.5).unwrap()),
            vec!["alice-near"]
        );
        assert_eq!(
            index.insert("bad", None, &[1.0; 3]),
            Err(IndexError::Dimensions { got: 3, want: 64 })
        );
        assert_eq!(
            index.insert("nan", None, &[f32::NAN; 64]),
            Err(IndexError::NotFinite)
        );
    }

    #[test]
    fn the_two_pass_search_finds_what_the_exact_one_finds() {
        let dimensions = 96;
        let mut index = VectorIndex::new(dimensions);
        let centres: Vec<Vec<f32>> = (0..50).map(|c| unit(1000 + c, dimensions)).collect();
        for i in 0..(EXACT_LIMIT as u64 + 5_000) {
            let centre = &centres[(i % 50) as usize];
            let noise = unit(i + 7, dimensions);
            let v: Vec<f32> = centre
                .iter()
                .zip(&noise)
                .map(|(c, n)| c + 0.8 * n)
                .collect();
            index
                .insert(&format!("m{i}"), None, &crate::embed::normalised(v))
                .unwrap();
        }
        let query = centres[7].clone();
        let two_pass = index.search(&query, None, 10, -1.0).unwrap();
        // The exact ranking, computed apart.
        let mut exact: Vec<(f32, usize)> = (0..index.ids.len())
            .map(|s| (index.exact(&index.prepare(&query).unwrap(), s), s))
            .collect();
        exact.sort_by(|a, b| b.0.total_cmp(&a.0));
        let best: Vec<String> = exact[..10]
            .iter()
            .map(|(_, s)| index.ids[*s].as_deref().unwrap_or("").to_owned())
            .collect();
        let found = ids(&two_pass).iter().filter(|id| best.contains(id)).count();
        assert!(found >= 9, "only {found} of the exact top 10 found");
    }
}
