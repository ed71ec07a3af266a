//! Checks the word list and indexes it by first letter. The build script runs this on `words.txt` (an unsorted
//! list fails the build) and bakes the index into the module, so a fresh instance starts with nothing to sort.
//! The library uses the same code for lists given at run time (tests).
//!
//! Kept free of other crate modules: `build.rs` includes this file on its own.

/// For each letter a to z: `[byte offset of its first word, index of its first word, how many words]`.
pub type LetterTable = [[u32; 3]; 26];

/// Every `MARK_EVERY`-th word's byte offset is noted, so finding the n-th word reads at most that many words.
pub const MARK_EVERY: usize = 64;

/// A checked list: the words joined by `\n` (with a final `\n`), where each letter's words start, and the byte
/// offset of every `MARK_EVERY`-th word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    pub text: String,
    pub letters: LetterTable,
    pub marks: Vec<u32>,
}

/// Reads one word per line (blank lines and `#` comments skipped). Every word must be made of a to z only, and
/// the list must be sorted with no repeats; the error names the first line that breaks a rule.
pub fn check_and_index(source: &str) -> Result<Indexed, String> {
    let mut text = String::with_capacity(source.len());
    let mut letters: LetterTable = [[0; 3]; 26];
    let mut marks = Vec::new();
    let mut previous: Option<&str> = None;
    let mut count: u32 = 0;
    for (number, line) in source.lines().enumerate() {
        let word = line.trim();
        if word.is_empty() || word.starts_with('#') {
            continue;
        }
        if !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(format!("line {}: {:?} is not a word of letters a to z", number + 1, word));
        }
        if let Some(previous) = previous {
            if word <= previous {
                return Err(format!(
                    "line {}: {:?} comes after {:?}; the list must be sorted with no repeats (regenerate it with node wasm/words/make-words.mjs, or sort it with LC_ALL=C sort -u)",
                    number + 1,
                    word,
                    previous
                ));
            }
        }
        let slot = &mut letters[usize::from(word.as_bytes()[0] - b'a')];
        if slot[2] == 0 {
            slot[0] = text.len() as u32;
            slot[1] = count;
        }
        slot[2] += 1;
        if count as usize % MARK_EVERY == 0 {
            marks.push(text.len() as u32);
        }
        count += 1;
        text.push_str(word);
        text.push('\n');
        previous = Some(word);
    }
    // Letters without words point at the end, so every entry is a valid (empty) range.
    for slot in letters.iter_mut().filter(|slot| slot[2] == 0) {
        slot[0] = text.len() as u32;
        slot[1] = count;
    }
    Ok(Indexed { text, letters, marks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_words_by_letter() {
        let indexed = check_and_index("# header\n\napple\nbanana\nberry\ncherry\n").unwrap();
        assert_eq!(indexed.text, "apple\nbanana\nberry\ncherry\n");
        assert_eq!(indexed.letters[0], [0, 0, 1]);
        assert_eq!(indexed.letters[1], [6, 1, 2]);
        assert_eq!(indexed.letters[2], [19, 3, 1]);
        assert_eq!(indexed.letters[25], [26, 4, 0]);
    }

    #[test]
    fn an_unsorted_list_is_refused_with_the_line() {
        let error = check_and_index("apple\ncherry\nbanana\n").unwrap_err();
        assert!(error.starts_with("line 3: \"banana\" comes after \"cherry\""), "{}", error);
        assert!(error.contains("sorted"));
    }

    #[test]
    fn repeats_and_non_words_are_refused() {
        assert!(check_and_index("apple\napple\n").unwrap_err().contains("no repeats"));
        assert!(check_and_index("apple\nBanana\n").unwrap_err().contains("not a word"));
        assert!(check_and_index("naïve\n").unwrap_err().contains("line 1"));
    }
}
