//! `word_generator`: the HTTP word server. One thread serves many clients: an event loop over non-blocking
//! sockets (`event_loop.rs`), with a deadline per connection and HTTP/1.1 keep-alive (`session.rs`).
//!
//! Settings come from the environment (`settings.rs`): PORT (8090), READ_TIMEOUT_SECS (10), IDLE_TIMEOUT_SECS (5),
//! MAX_CONNECTIONS (256), MAX_REQUESTS_PER_CONNECTION (1000).

use std::process::exit;
use word_generator::event_loop::EventLoop;
use word_generator::http::{Request, Response};
use word_generator::net::listen;
use word_generator::random::SystemRandom;
use word_generator::server::{respond, Exchange};
use word_generator::session::{Handler, Limits};
use word_generator::settings::Settings;
use word_generator::words::WordList;

/// Answers from the embedded word list and logs one line per exchange on stdout.
struct WordServer {
    words: WordList<'static>,
    random: SystemRandom,
}

impl Handler for WordServer {
    fn respond(&mut self, request: &Request) -> Response {
        respond(request, &self.words, &mut self.random)
    }

    fn log(&mut self, exchange: Exchange) {
        println!("{}", exchange.log_line());
    }
}

fn main() {
    let settings = match Settings::from_lookup(&|name| std::env::var(name).ok()) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("word_generator: {}", message);
            exit(2);
        }
    };
    let listener = match listen(settings.port) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("word_generator: cannot listen on 0.0.0.0:{}: {}", settings.port, error);
            exit(1);
        }
    };
    println!("Listening on http://0.0.0.0:{}", settings.port);

    let limits = Limits {
        read_timeout_ms: settings.read_timeout.map(|timeout| timeout.as_millis() as u64),
        idle_timeout_ms: settings.idle_timeout.as_millis() as u64,
        max_requests: settings.max_requests,
    };
    let mut server = WordServer {
        words: WordList::embedded(),
        random: SystemRandom,
    };
    let mut event_loop = EventLoop::new(listener, limits, settings.max_connections);
    if let Err(error) = event_loop.run(&mut server) {
        eprintln!("word_generator: waiting for connections failed: {}", error);
        exit(1);
    }
}
