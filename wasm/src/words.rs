//! The embedded word list and picking a word from it.

use crate::random::{random_index, RandomError, RandomSource};
use crate::word_check::{Indexed, LetterTable, MARK_EVERY};
use std::fmt;

/// The list shipped in the module, checked and joined by `build.rs` (see `words/make-words.mjs` for its source).
const EMBEDDED_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/words.txt"));

mod generated {
    include!(concat!(env!("OUT_DIR"), "/letters.rs"));
}

/// A sorted list of lower-case ASCII words, one per line, with where each letter's words start. Picking a word
/// reads the text in place: nothing is copied, sorted or allocated, so an instance can answer as soon as it starts.
#[derive(Debug, Clone)]
pub struct WordList<'a> {
    text: &'a str,
    letters: LetterTable,
    marks: &'a [u32],
}

impl<'a> WordList<'a> {
    /// The list the build script checked and indexed.
    pub fn embedded() -> WordList<'static> {
        WordList {
            text: EMBEDDED_TEXT,
            letters: generated::LETTERS,
            marks: generated::MARKS,
        }
    }

    /// A list given at run time, checked as the build checks the embedded one (`word_check::check_and_index`).
    pub fn from_indexed(indexed: &'a Indexed) -> WordList<'a> {
        WordList {
            text: &indexed.text,
            letters: indexed.letters,
            marks: &indexed.marks,
        }
    }

    pub fn len(&self) -> usize {
        self.letters.iter().map(|slot| slot[2] as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many words start with `letter` (all words for `None`).
    pub fn count(&self, letter: Option<Letter>) -> usize {
        match letter {
            Some(letter) => self.slot(letter)[2] as usize,
            None => self.len(),
        }
    }

    /// The `index`-th word starting with `letter` (of all words for `None`), in list order.
    pub fn nth(&self, letter: Option<Letter>, index: usize) -> Option<&'a str> {
        let (letter, index) = match letter {
            Some(letter) => (letter, index),
            None => {
                // The letter whose range holds `index`.
                let slot = self
                    .letters
                    .iter()
                    .rposition(|slot| slot[2] > 0 && (slot[1] as usize) <= index)?;
                (Letter(b'a' + slot as u8), index - self.letters[slot][1] as usize)
            }
        };
        let slot = self.slot(letter);
        if index >= slot[2] as usize {
            return None;
        }
        // From the nearest noted word before it, at most MARK_EVERY words to step over.
        let global = slot[1] as usize + index;
        let start = *self.marks.get(global / MARK_EVERY)? as usize;
        let text: &'a str = self.text;
        text.get(start..)?.split('\n').nth(global % MARK_EVERY)
    }

    /// Every word starting with `letter` (all words for `None`), in list order.
    pub fn starting_with(&self, letter: Option<Letter>) -> impl Iterator<Item = &'a str> + '_ {
        let count = self.count(letter);
        (0..count).filter_map(move |index| self.nth(letter, index))
    }

    /// A random word (starting with `letter` if given); `Ok(None)` when no word starts with it.
    pub fn pick(&self, letter: Option<Letter>, source: &mut dyn RandomSource) -> Result<Option<&'a str>, RandomError> {
        Ok(random_index(source, self.count(letter))?.and_then(|index| self.nth(letter, index)))
    }

    /// The letters a-z that at least one word starts with.
    pub fn letters(&self) -> Vec<Letter> {
        (b'a'..=b'z')
            .filter_map(Letter::from_byte)
            .filter(|letter| self.count(Some(*letter)) > 0)
            .collect()
    }

    fn slot(&self, letter: Letter) -> [u32; 3] {
        self.letters[usize::from(letter.as_byte() - b'a')]
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
    use crate::word_check::check_and_index;

    fn letter(text: &str) -> Letter {
        Letter::parse(text).unwrap()
    }

    fn small() -> Indexed {
        check_and_index("apple\nbanana\nberry\ncherry\n").unwrap()
    }

    #[test]
    fn embedded_list_is_big_enough_and_clean() {
        let list = WordList::embedded();
        assert!(list.len() >= 5000, "only {} words", list.len());
        for word in list.starting_with(None) {
            assert!((3..=10).contains(&word.len()), "{}", word);
        }
    }

    #[test]
    fn every_letter_has_words_in_the_embedded_list() {
        assert_eq!(WordList::embedded().letters().len(), 26);
    }

    #[test]
    fn the_embedded_index_matches_the_list() {
        let list = WordList::embedded();
        let all: Vec<&str> = list.starting_with(None).collect();
        assert_eq!(all.len(), list.len());
        assert_eq!(all, EMBEDDED_TEXT.lines().collect::<Vec<&str>>());
        assert!(all.windows(2).all(|pair| pair[0] < pair[1]));
        for l in list.letters() {
            assert!(list.starting_with(Some(l)).all(|word| word.starts_with(l.as_char())), "{}", l);
        }
    }

    #[test]
    fn starting_with_returns_exactly_that_letter() {
        let indexed = small();
        let list = WordList::from_indexed(&indexed);
        let words: Vec<&str> = list.starting_with(Some(letter("b"))).collect();
        assert_eq!(words, ["banana", "berry"]);
        assert_eq!(list.count(Some(letter("B"))), 2);
        assert_eq!(list.count(Some(letter("q"))), 0);
        assert_eq!(list.nth(Some(letter("q")), 0), None);
        assert_eq!(list.nth(None, 3), Some("cherry"));
        assert_eq!(list.nth(None, 4), None);
    }

    #[test]
    fn pick_uses_the_random_source() {
        let indexed = small();
        let list = WordList::from_indexed(&indexed);
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
