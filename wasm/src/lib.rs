//! The word generator: an embedded English word list, a random pick (optionally by first letter),
//! and the small HTTP/1.1 server logic shared by the WasmEdge server and its native twin.
//!
//! Everything that reads outside input returns a `Result`: in Wasm a panic is a trap that kills the module.

pub mod cli;
pub mod http;
pub mod random;
pub mod server;
pub mod timeout;
pub mod words;
