//! A story profile's stored form: a small fixed layout of little-endian
//! numbers (size, first, last, then the term and name vectors), so the state
//! database holds about 2 KB per story and a restart reads it back exactly.

use super::cluster::Profile;
use super::vector::Sparse;

impl Profile {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(28 + 12 * (self.terms.entries().len() + self.names.entries().len()));
        out.extend_from_slice(&self.size.to_le_bytes());
        out.extend_from_slice(&self.first.to_le_bytes());
        out.extend_from_slice(&self.last.to_le_bytes());
        for vector in [&self.terms, &self.names] {
            let entries = vector.entries();
            out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            for &(term, weight) in entries {
                out.extend_from_slice(&term.to_le_bytes());
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        out
    }

    /// The profile `to_bytes` wrote; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Profile> {
        let mut reader = Reader(bytes);
        let size = u32::from_le_bytes(reader.take()?);
        let first = i64::from_le_bytes(reader.take()?);
        let last = i64::from_le_bytes(reader.take()?);
        let mut vectors = [Sparse::default(), Sparse::default()];
        for vector in &mut vectors {
            let n = u32::from_le_bytes(reader.take()?) as usize;
            if n > reader.0.len() / 12 {
                return None;
            }
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                let term = u64::from_le_bytes(reader.take()?);
                let weight = f32::from_le_bytes(reader.take()?);
                entries.push((term, weight));
            }
            *vector = Sparse::from_weights(entries);
        }
        let [terms, names] = vectors;
        reader.0.is_empty().then_some(Profile {
            terms,
            names,
            size,
            first,
            last,
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_round_trips_and_garbage_is_refused() {
        let profile = Profile {
            terms: Sparse::from_weights([(3, 0.5), (1, 0.25)]),
            names: Sparse::from_weights([(9, 1.0)]),
            size: 4,
            first: -5,
            last: 1_700_000_000,
        };
        let bytes = profile.to_bytes();
        assert_eq!(Profile::from_bytes(&bytes), Some(profile));
        assert_eq!(Profile::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Profile::from_bytes(b"junk"), None);
    }
}
