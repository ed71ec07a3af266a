//! The word generator: an embedded English word list, a random pick (optionally by first letter), and a small
//! HTTP/1.1 server: one thread serving many connections from an event loop over non-blocking sockets.
//!
//! Everything that reads outside input returns a `Result`: in Wasm a panic is a trap that kills the module.

pub mod cli;
pub mod event_loop;
pub mod http;
pub mod net;
pub mod random;
pub mod server;
pub mod session;
pub mod settings;
pub mod word_check;
pub mod words;
