//! Sparse term vectors for story similarity: hashed terms with weights, kept
//! sorted by term so that a dot product is one merge pass, and truncated to the
//! heaviest terms so that a story's centroid stays small however many join.

use hashbrown::HashMap;

/// A sparse vector: `(term hash, weight)` sorted by term, no duplicates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sparse(Vec<(u64, f32)>);

impl Sparse {
    /// Builds a vector from weights in any order (a term given twice adds up).
    pub fn from_weights(weights: impl IntoIterator<Item = (u64, f32)>) -> Sparse {
        let mut sum: HashMap<u64, f32> = HashMap::new();
        for (term, weight) in weights {
            *sum.entry(term).or_default() += weight;
        }
        let mut entries: Vec<(u64, f32)> = sum.into_iter().filter(|&(_, w)| w > 0.0).collect();
        entries.sort_unstable_by_key(|&(t, _)| t);
        Sparse(entries)
    }

    pub fn entries(&self) -> &[(u64, f32)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn norm(&self) -> f32 {
        self.0.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt()
    }

    /// Scales the vector to unit length (an empty or zero vector stays as it is).
    pub fn normalised(mut self) -> Sparse {
        let norm = self.norm();
        if norm > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= norm;
            }
        }
        self
    }

    /// Keeps the `n` heaviest terms (ties broken by term, so the result is
    /// the same on every run).
    pub fn truncated(mut self, n: usize) -> Sparse {
        if self.0.len() > n {
            let order = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if n > 0 {
                self.0.select_nth_unstable_by(n - 1, order);
            }
            self.0.truncate(n);
            self.0.sort_unstable_by_key(|&(t, _)| t);
        }
        self
    }

    /// The `n` heaviest terms, heaviest first.
    pub fn top_terms(&self, n: usize) -> Vec<u64> {
        self.top_weighted(n).into_iter().map(|(t, _)| t).collect()
    }

    /// The `n` heaviest terms with their weights, heaviest first.
    pub fn top_weighted(&self, n: usize) -> Vec<(u64, f32)> {
        let mut by_weight = self.0.clone();
        let order = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if by_weight.len() > n && n > 0 {
            by_weight.select_nth_unstable_by(n - 1, order);
            by_weight.truncate(n);
        }
        by_weight.sort_unstable_by(order);
        by_weight.truncate(n);
        by_weight
    }

    /// The dot product, in one merge pass. The pass advances without a
    /// branch on the order of the two terms (which a real article's terms
    /// make a coin toss for the predictor); a term on one side only adds an
    /// exact zero, so the sum is the one a branching merge gives.
    pub fn dot(&self, other: &Sparse) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            let ((ta, wa), (tb, wb)) = (a[i], b[j]);
            sum += if ta == tb { wa * wb } else { 0.0 };
            i += usize::from(ta <= tb);
            j += usize::from(ta >= tb);
        }
        sum
    }

    /// Cosine similarity in [0, 1] (weights are never negative).
    pub fn cosine(&self, other: &Sparse) -> f32 {
        let norms = self.norm() * other.norm();
        if norms > 0.0 {
            (self.dot(other) / norms).min(1.0)
        } else {
            0.0
        }
    }

    /// `self + other`, every term of either.
    pub fn plus(&self, other: &Sparse) -> Sparse {
        let mut out = Vec::with_capacity(self.0.len() + other.0.len());
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() || j < other.0.len() {
            match (self.0.get(i), other.0.get(j)) {
                (Some(&a), Some(&b)) if a.0 == b.0 => {
                    out.push((a.0, a.1 + b.1));
                    i += 1;
                    j += 1;
                }
                (Some(&a), Some(&b)) if a.0 < b.0 => {
                    out.push(a);
                    i += 1;
                }
                (Some(_), Some(&b)) | (None, Some(&b)) => {
                    out.push(b);
                    j += 1;
                }
                (Some(&a), None) => {
                    out.push(a);
                    i += 1;
                }
                (None, None) => break,
            }
        }
        Sparse(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_identical_vectors_is_one_and_of_disjoint_zero() {
        let a = Sparse::from_weights([(1, 1.0), (2, 2.0)]);
        let b = Sparse::from_weights([(3, 1.0)]);
        assert!((a.cosine(&a) - 1.0).abs() < 1e-6);
        assert_eq!(a.cosine(&b), 0.0);
        assert_eq!(a.cosine(&Sparse::default()), 0.0);
    }

    #[test]
    fn plus_merges_and_truncation_keeps_the_heaviest() {
        let a = Sparse::from_weights([(1, 1.0), (5, 2.0)]);
        let b = Sparse::from_weights([(5, 1.0), (9, 0.5)]);
        let sum = a.plus(&b);
        assert_eq!(sum.entries(), &[(1, 1.0), (5, 3.0), (9, 0.5)]);
        assert_eq!(sum.clone().truncated(2).entries(), &[(1, 1.0), (5, 3.0)]);
        assert_eq!(sum.top_terms(2), vec![5, 1]);
    }
}
