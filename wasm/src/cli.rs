//! Command-line arguments for `word_generator_cli`.

use crate::words::{Letter, LETTER_RULE};

/// How many words one run may print.
pub const MAX_COUNT: u32 = 1000;

pub const USAGE: &str = "\
Usage: word_generator_cli [--starts-with LETTER] [--count N]

Prints random English words, one per line.

Options:
  --starts-with LETTER  only words starting with LETTER (a to z)
  --count N             how many words to print, 1 to 1000 (default 1)
  --help                show this help
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Words { letter: Option<Letter>, count: u32 },
}

/// Reads the arguments after the program name. The error is a one-line message for stderr.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut letter = None;
    let mut count = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline_value) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value.to_string())),
            _ => (arg.clone(), None),
        };
        match name.as_str() {
            "--help" | "-h" => return Ok(Command::Help),
            "--starts-with" | "--count" => {
                let value = match inline_value.or_else(|| args.next()) {
                    Some(value) => value,
                    None => return Err(format!("{} needs a value", name)),
                };
                if name == "--starts-with" {
                    if letter.is_some() {
                        return Err("give --starts-with only once".to_string());
                    }
                    letter = Some(
                        Letter::parse(&value)
                            .map_err(|_| format!("--starts-with must be {}, got {:?}", LETTER_RULE, value))?,
                    );
                } else {
                    if count.is_some() {
                        return Err("give --count only once".to_string());
                    }
                    count = Some(parse_count(&value)?);
                }
            }
            _ => return Err(format!("unknown argument {:?}", arg)),
        }
    }
    Ok(Command::Words {
        letter,
        count: count.unwrap_or(1),
    })
}

fn parse_count(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(count) if (1..=MAX_COUNT).contains(&count) => Ok(count),
        _ => Err(format!(
            "--count must be a whole number from 1 to {}, got {:?}",
            MAX_COUNT, value
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn defaults_to_one_word_of_any_letter() {
        assert_eq!(parse(&[]), Ok(Command::Words { letter: None, count: 1 }));
    }

    #[test]
    fn reads_letter_and_count_in_both_spellings() {
        let expected = Ok(Command::Words {
            letter: Letter::parse("d").ok(),
            count: 5,
        });
        assert_eq!(parse(&["--starts-with", "d", "--count", "5"]), expected);
        assert_eq!(parse(&["--count=5", "--starts-with=D"]), expected);
    }

    #[test]
    fn help_wins() {
        assert_eq!(parse(&["--count", "3", "--help"]), Ok(Command::Help));
        assert_eq!(parse(&["-h"]), Ok(Command::Help));
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        assert!(parse(&["--count", "0"]).unwrap_err().contains("1 to 1000"));
        assert!(parse(&["--count", "1001"]).unwrap_err().contains("1 to 1000"));
        assert!(parse(&["--count", "many"]).unwrap_err().contains("1 to 1000"));
        assert!(parse(&["--starts-with", "dd"])
            .unwrap_err()
            .contains("single letter from a to z"));
        assert!(parse(&["--starts-with"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--colour"]).unwrap_err().contains("unknown argument"));
        assert!(parse(&["d"]).unwrap_err().contains("unknown argument"));
        assert!(parse(&["--count", "2", "--count", "3"])
            .unwrap_err()
            .contains("only once"));
    }
}
