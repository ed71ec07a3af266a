//! The server's settings, read from environment variables: each has a default, a range, and a one-line message
//! for a value outside it (the server then exits with code 2 instead of guessing).

use std::time::Duration;

/// Everything the server can be told, with the defaults a pod gets when it sets nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `PORT`: where to listen (default 8090).
    pub port: u16,
    /// `READ_TIMEOUT_SECS`: how long a client has to send a whole request head (default 10 s; 0 = no limit).
    pub read_timeout: Option<Duration>,
    /// `IDLE_TIMEOUT_SECS`: how long a kept-alive connection may wait for its next request (default 5 s).
    pub idle_timeout: Duration,
    /// `MAX_CONNECTIONS`: connections served at once; more get 503 (default 256).
    pub max_connections: usize,
    /// `MAX_REQUESTS_PER_CONNECTION`: after this many the connection closes (default 1000).
    pub max_requests: u32,
}

pub const DEFAULT_PORT: u16 = 8090;

impl Settings {
    /// Reads every setting through `lookup` (the environment, in the binary). The error names the setting.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Settings, String> {
        let read = |name: &str, default: u64, min: u64, max: u64, rule: &str| -> Result<u64, String> {
            let value = match lookup(name) {
                Some(value) => value,
                None => return Ok(default),
            };
            match value.trim().parse::<u64>() {
                Ok(number) if (min..=max).contains(&number) => Ok(number),
                _ => Err(format!("{} must be {}, got {:?}", name, rule, value.trim())),
            }
        };
        let port = read("PORT", u64::from(DEFAULT_PORT), 1, 65_535, "a number from 1 to 65535")?;
        let read_timeout = read(
            "READ_TIMEOUT_SECS",
            10,
            0,
            86_400,
            "whole seconds from 0 (no timeout) to 86400",
        )?;
        let idle_timeout = read("IDLE_TIMEOUT_SECS", 5, 1, 86_400, "whole seconds from 1 to 86400")?;
        let max_connections = read("MAX_CONNECTIONS", 256, 1, 4096, "a number from 1 to 4096")?;
        let max_requests = read(
            "MAX_REQUESTS_PER_CONNECTION",
            1000,
            1,
            1_000_000,
            "a number from 1 to 1000000",
        )?;
        Ok(Settings {
            port: port as u16,
            read_timeout: if read_timeout == 0 {
                None
            } else {
                Some(Duration::from_secs(read_timeout))
            },
            idle_timeout: Duration::from_secs(idle_timeout),
            max_connections: max_connections as usize,
            max_requests: max_requests as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(&|name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults() {
        let defaults = settings(&[]).unwrap();
        assert_eq!(defaults.port, 8090);
        assert_eq!(defaults.read_timeout, Some(Duration::from_secs(10)));
        assert_eq!(defaults.idle_timeout, Duration::from_secs(5));
        assert_eq!(defaults.max_connections, 256);
        assert_eq!(defaults.max_requests, 1000);
    }

    #[test]
    fn values_in_range_are_taken() {
        let custom = settings(&[("PORT", "3000"), ("READ_TIMEOUT_SECS", " 0 "), ("MAX_CONNECTIONS", "2")]).unwrap();
        assert_eq!((custom.port, custom.read_timeout, custom.max_connections), (3000, None, 2));
    }

    #[test]
    fn values_out_of_range_say_what_is_allowed() {
        assert!(settings(&[("PORT", "0")]).unwrap_err().contains("PORT must be a number from 1 to 65535"));
        assert!(settings(&[("PORT", "http")]).is_err());
        for bad in ["86401", "-1", "1.5", "10s", ""] {
            let message = settings(&[("READ_TIMEOUT_SECS", bad)]).unwrap_err();
            assert!(message.contains("whole seconds from 0"), "{}", bad);
        }
        assert!(settings(&[("IDLE_TIMEOUT_SECS", "0")]).is_err());
        assert!(settings(&[("MAX_CONNECTIONS", "0")]).is_err());
        assert!(settings(&[("MAX_REQUESTS_PER_CONNECTION", "0")]).is_err());
    }
}
