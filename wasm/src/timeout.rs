//! How long the server waits for a request to arrive, and how that wait is handed to the socket.
//!
//! The server serves one connection at a time, so a client that connects and then sends nothing would hold it
//! (and, in a pod, its health checks) forever. Each accepted connection gets a receive timeout (`SO_RCVTIMEO`);
//! a read that runs out of time fails instead of waiting on.

use std::io;
use std::time::Duration;

/// Seconds a client gets to send its request head when `READ_TIMEOUT_SECS` is not set.
pub const DEFAULT_READ_TIMEOUT_SECS: u64 = 10;

/// The longest timeout `READ_TIMEOUT_SECS` accepts: one day.
pub const MAX_READ_TIMEOUT_SECS: u64 = 86_400;

/// Reads the `READ_TIMEOUT_SECS` setting: unset means 10 s, `0` means wait forever (`None`),
/// anything but whole seconds from 0 to 86400 is an error to show the user.
pub fn read_timeout_from_setting(value: Option<&str>) -> Result<Option<Duration>, String> {
    let value = match value {
        Some(value) => value.trim(),
        None => return Ok(Some(Duration::from_secs(DEFAULT_READ_TIMEOUT_SECS))),
    };
    match value.parse::<u64>() {
        Ok(0) => Ok(None),
        Ok(secs) if secs <= MAX_READ_TIMEOUT_SECS => Ok(Some(Duration::from_secs(secs))),
        _ => Err(format!(
            "READ_TIMEOUT_SECS must be whole seconds from 0 (no timeout) to {}, got {:?}",
            MAX_READ_TIMEOUT_SECS, value
        )),
    }
}

/// The `SO_RCVTIMEO` value as WasmEdge expects it: WasmEdge hands the bytes unchanged to the host's
/// `setsockopt`, so they must be the host's `struct timeval`. On 64-bit Linux and macOS that is 16 bytes,
/// seconds then microseconds, each a little-endian 64-bit integer (macOS keeps microseconds in the low half).
pub fn timeval_bytes(timeout: Duration) -> [u8; 16] {
    let secs = timeout.as_secs().min(i64::MAX as u64) as i64;
    let micros = i64::from(timeout.subsec_micros());
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&secs.to_le_bytes());
    bytes[8..].copy_from_slice(&micros.to_le_bytes());
    bytes
}

/// Whether a failed read means the receive timeout ran out. WasmEdge reports it as WASI errno AGAIN,
/// which std calls `WouldBlock` (as it does for Linux's EAGAIN); Windows reports `TimedOut`.
pub fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// Says once that connections get no read timeout, then stays quiet: a runtime without the option
/// (the in-page one answers NOTSUP) would otherwise fill the log with one line per request.
#[derive(Debug, Default)]
pub struct TimeoutWarning {
    given: bool,
}

impl TimeoutWarning {
    /// The line to log for this failure, or `None` when it has already been said.
    pub fn message(&mut self, problem: &str) -> Option<String> {
        if self.given {
            return None;
        }
        self.given = true;
        Some(format!(
            "cannot set a read timeout on connections ({}); serving on without one, so a client that never sends will hold the server",
            problem
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_setting() {
        assert_eq!(read_timeout_from_setting(None), Ok(Some(Duration::from_secs(10))));
        assert_eq!(read_timeout_from_setting(Some("3")), Ok(Some(Duration::from_secs(3))));
        assert_eq!(
            read_timeout_from_setting(Some(" 30 ")),
            Ok(Some(Duration::from_secs(30)))
        );
        assert_eq!(read_timeout_from_setting(Some("0")), Ok(None));
        assert_eq!(
            read_timeout_from_setting(Some("86400")),
            Ok(Some(Duration::from_secs(86_400)))
        );
        for bad in ["86401", "-1", "1.5", "10s", ""] {
            let message = read_timeout_from_setting(Some(bad)).unwrap_err();
            assert!(message.contains("whole seconds from 0"), "{}", bad);
        }
    }

    #[test]
    fn timeval_is_seconds_then_microseconds_little_endian() {
        let bytes = timeval_bytes(Duration::from_secs(10));
        assert_eq!(bytes, [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let bytes = timeval_bytes(Duration::from_millis(86_400_250));
        assert_eq!(
            i64::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]]),
            86_400
        );
        assert_eq!(
            i64::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]]),
            250_000
        );
    }

    #[test]
    fn timeouts_are_told_apart_from_other_read_errors() {
        assert!(is_timeout(&io::Error::from(io::ErrorKind::WouldBlock)));
        assert!(is_timeout(&io::Error::from(io::ErrorKind::TimedOut)));
        assert!(!is_timeout(&io::Error::from(io::ErrorKind::ConnectionReset)));
        assert!(!is_timeout(&io::Error::from(io::ErrorKind::Interrupted)));
    }

    #[test]
    fn the_warning_is_given_once() {
        let mut warning = TimeoutWarning::default();
        let first = warning.message("WASI errno 58").unwrap();
        assert!(first.contains("WASI errno 58"));
        assert!(first.contains("read timeout"));
        assert_eq!(warning.message("WASI errno 58"), None);
        assert_eq!(warning.message("WASI errno 28"), None);
    }
}
