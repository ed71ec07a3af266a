//! The embedded word list and picking a word from it.

use crate::random::{random_index, RandomError, RandomSource};
use std::fmt;

/// The list shipped in the module (see `words/make-words.mjs` for where it comes from).
pub const EMBEDDED: &str = include_str!("words.txt");

/// A sorted list of lower-case ASCII words.
#[derive(Debug, Clone)]
pub struct WordList<'a> {
    words: Vec<&'a str>,
}

impl<'a> WordList<'a> {
    /// Reads one word per line; blank lines, `#` comments and anything not made of a-z are skipped.
    pub fn parse(text: &'a str) -> WordList<'a> {
        let mut words: Vec<&'a str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && line.bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        // Sorted and unique, so the words for one letter form a single slice.
        words.sort_unstable();
        words.dedup();
        WordList { words }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// All words, or those starting with `letter` (a lower-case ASCII letter).
    pub fn starting_with(&self, letter: Option<Letter>) -> &[&'a str] {
        let letter = match letter {
            Some(letter) => letter.as_byte(),
            None => return &self.words,
        };
        let first = |word: &&str| word.as_bytes().first().copied().unwrap_or(0);
        let start = self.words.partition_point(|word| first(word) < letter);
        let end = self.words.partition_point(|word| first(word) <= letter);
        &self.words[start..end]
    }

    /// A random word (starting with `letter` if given); `Ok(None)` when no word starts with it.
    pub fn pick(&self, letter: Option<Letter>, source: &mut dyn RandomSource) -> Result<Option<&'a str>, RandomError> {
        let choices = self.starting_with(letter);
        Ok(random_index(source, choices.len())?.and_then(|index| choices.get(index).copied()))
    }

    /// The letters a-z that at least one word starts with.
    pub fn letters(&self) -> Vec<Letter> {
        (b'a'..=b'z')
            .filter_map(Letter::from_byte)
            .filter(|letter| !self.starting_with(Some(*letter)).is_empty())
            .collect()
    }
}

impl WordList<'static> {
    pub fn embedded() -> WordList<'static> {
        WordList::parse(EMBEDDED)
    }
}

/// One ASCII letter, stored lower-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter(u8);

impl Letter {
    fn from_byte(byte: u8) -> Option<Letter> {
        if byte.is_ascii_alphabetic() {
            Some(Letter(byte.to_ascii_lowercase()))
        } else {
            None
        }
    }

    /// Accepts exactly one ASCII letter, either case.
    pub fn parse(text: &str) -> Result<Letter, NotALetter> {
        match text.as_bytes() {
            [byte] => Letter::from_byte(*byte).ok_or(NotALetter),
            _ => Err(NotALetter),
        }
    }

    pub fn as_byte(self) -> u8 {
        self.0
    }

    pub fn as_char(self) -> char {
        char::from(self.0)
    }
}

impl fmt::Display for Letter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

/// The text was not a single ASCII letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotALetter;

/// What to tell a person who gave something other than one letter.
pub const LETTER_RULE: &str = "a single letter from a to z";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::FixedBytes;

    fn letter(text: &str) -> Letter {
        Letter::parse(text).unwrap()
    }

    #[test]
    fn embedded_list_is_big_enough_and_clean() {
        let list = WordList::embedded();
        assert!(list.len() >= 5000, "only {} words", list.len());
        for word in list.starting_with(None) {
            assert!((3..=10).contains(&word.len()), "{}", word);
        }
        // The header comment is not a word.
        assert!(!list.starting_with(None).iter().any(|w| w.contains('#')));
    }

    #[test]
    fn every_letter_has_words_in_the_embedded_list() {
        assert_eq!(WordList::embedded().letters().len(), 26);
    }

    #[test]
    fn parse_skips_comments_blank_lines_and_non_words() {
        let list = WordList::parse("# header\n\nzebra\nApple\nbanana\n dog \nbanana\nnaïve\n");
        assert_eq!(list.starting_with(None), &["banana", "dog", "zebra"]);
    }

    #[test]
    fn starting_with_returns_exactly_that_letter() {
        let list = WordList::parse("apple\nbanana\nberry\ncherry\n");
        assert_eq!(list.starting_with(Some(letter("b"))), &["banana", "berry"]);
        assert_eq!(list.starting_with(Some(letter("B"))), &["banana", "berry"]);
        assert!(list.starting_with(Some(letter("q"))).is_empty());
    }

    #[test]
    fn pick_uses_the_random_source() {
        let list = WordList::parse("apple\nbanana\nberry\ncherry\n");
        assert_eq!(
            list.pick(Some(letter("b")), &mut FixedBytes::index(1)).unwrap(),
            Some("berry")
        );
        assert_eq!(list.pick(None, &mut FixedBytes::index(3)).unwrap(), Some("cherry"));
        assert_eq!(list.pick(Some(letter("x")), &mut FixedBytes::index(0)).unwrap(), None);
    }

    #[test]
    fn pick_from_embedded_starts_with_the_letter() {
        let list = WordList::embedded();
        for l in list.letters() {
            let word = list.pick(Some(l), &mut crate::random::SystemRandom).unwrap().unwrap();
            assert!(word.starts_with(l.as_char()), "{} for {}", word, l);
        }
    }

    #[test]
    fn letter_parse_accepts_one_ascii_letter_only() {
        assert_eq!(letter("D").as_char(), 'd');
        for bad in ["", "ab", "1", "-", "é", " ", "%"] {
            assert_eq!(Letter::parse(bad), Err(NotALetter), "{:?}", bad);
        }
    }
}
