//! Randomness behind a small trait, so tests can use fixed bytes and Wasm uses WASI `random_get`.

use std::fmt;

/// The host could not give us random bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomError {
    /// The WASI errno (or 0 when the error did not come from WASI).
    pub errno: u16,
}

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "random_get failed with WASI errno {}", self.errno)
    }
}

impl std::error::Error for RandomError {}

/// Anything that can fill a buffer with random bytes.
pub trait RandomSource {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError>;
}

/// Picks an index in `0..len` without the bias a plain `% len` would give.
/// Returns `None` for an empty range.
pub fn random_index(source: &mut dyn RandomSource, len: usize) -> Result<Option<usize>, RandomError> {
    if len == 0 {
        return Ok(None);
    }
    let len = len as u64;
    // Values at or above `limit` would favour small indexes, so draw again (rarely needed).
    let limit = u64::MAX - (u64::MAX % len);
    loop {
        let mut bytes = [0u8; 8];
        source.fill(&mut bytes)?;
        let value = u64::from_le_bytes(bytes);
        if value < limit {
            return Ok(Some((value % len) as usize));
        }
    }
}

/// The platform's randomness: WASI `random_get` in Wasm, the std hasher's random keys natively.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemRandom;

#[cfg(target_os = "wasi")]
mod wasi {
    // Declared by hand so the crate needs no dependencies; std links the same import.
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn random_get(buf: *mut u8, buf_len: usize) -> u16;
    }
}

#[cfg(target_os = "wasi")]
impl RandomSource for SystemRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        // SAFETY: the pointer and length describe a live, writable buffer we own.
        let errno = unsafe { wasi::random_get(buf.as_mut_ptr(), buf.len()) };
        if errno == 0 {
            Ok(())
        } else {
            Err(RandomError { errno })
        }
    }
}

#[cfg(not(target_os = "wasi"))]
impl RandomSource for SystemRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        use std::collections::hash_map::RandomState;
        use std::hash::{BuildHasher, Hasher};
        // Each RandomState gets fresh keys from the operating system: good enough for picking words.
        for chunk in buf.chunks_mut(8) {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_usize(chunk.len());
            let bytes = hasher.finish().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

/// Replays the given bytes in a loop: predictable "randomness" for tests and examples.
#[derive(Debug, Clone)]
pub struct FixedBytes {
    bytes: Vec<u8>,
    next: usize,
}

impl FixedBytes {
    pub fn new(bytes: Vec<u8>) -> FixedBytes {
        FixedBytes { bytes, next: 0 }
    }

    /// Bytes that make `random_index` return `value % len` on its first draw.
    pub fn index(value: u64) -> FixedBytes {
        FixedBytes::new(value.to_le_bytes().to_vec())
    }
}

impl RandomSource for FixedBytes {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        if self.bytes.is_empty() {
            return Err(RandomError { errno: 0 });
        }
        for byte in buf.iter_mut() {
            *byte = self.bytes[self.next % self.bytes.len()];
            self.next = (self.next + 1) % self.bytes.len();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_in_range() {
        let mut source = FixedBytes::index(1_000_003);
        assert_eq!(random_index(&mut source, 10).unwrap(), Some(3));
    }

    #[test]
    fn empty_range_has_no_index() {
        let mut source = FixedBytes::index(7);
        assert_eq!(random_index(&mut source, 0).unwrap(), None);
    }

    #[test]
    fn biased_draws_are_rejected() {
        // First draw is u64::MAX (in the biased tail for len 3), second draw is 5.
        let mut bytes = u64::MAX.to_le_bytes().to_vec();
        bytes.extend_from_slice(&5u64.to_le_bytes());
        let mut source = FixedBytes::new(bytes);
        assert_eq!(random_index(&mut source, 3).unwrap(), Some(2));
    }

    #[test]
    fn a_failing_source_is_an_error_not_a_panic() {
        let mut source = FixedBytes::new(Vec::new());
        assert!(random_index(&mut source, 3).is_err());
    }

    #[test]
    fn system_random_varies() {
        let mut a = [0u8; 16];
        let mut b = [0u8; 16];
        SystemRandom.fill(&mut a).unwrap();
        SystemRandom.fill(&mut b).unwrap();
        assert_ne!(a, b);
    }
}
