//! `word_generator_cli`: random words on the command line. Standard WASI preview1 only.

use std::io::Write;
use std::process::exit;
use word_generator::cli::{parse_args, Command, USAGE};
use word_generator::random::SystemRandom;
use word_generator::words::WordList;

fn main() {
    let command = match parse_args(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("word_generator_cli: {}\nTry --help for usage.", message);
            exit(2);
        }
    };
    let (letter, count) = match command {
        Command::Help => {
            print!("{}", USAGE);
            return;
        }
        Command::Words { letter, count } => (letter, count),
    };
    let words = WordList::embedded();
    let mut random = SystemRandom;
    let mut out = String::new();
    for _ in 0..count {
        match words.pick(letter, &mut random) {
            Ok(Some(word)) => {
                out.push_str(word);
                out.push('\n');
            }
            Ok(None) => {
                let letter = letter.map(|l| l.to_string()).unwrap_or_default();
                eprintln!("word_generator_cli: no word starts with '{}'", letter);
                exit(1);
            }
            Err(error) => {
                eprintln!("word_generator_cli: {}", error);
                exit(1);
            }
        }
    }
    // A closed pipe (e.g. `| head -1`) is not worth a trap: just stop.
    let mut stdout = std::io::stdout();
    if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
        exit(1);
    }
}
