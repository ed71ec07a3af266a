//! What the word server answers, and serving one connection. Sockets live in the binary.

use crate::http::{parse_head, query_values, read_head, ReadHeadError, Request, Response, MAX_HEAD_BYTES};
use crate::random::RandomSource;
use crate::words::{Letter, WordList, LETTER_RULE};
use std::io::{Read, Write};

/// The port used when `PORT` is not set.
pub const DEFAULT_PORT: u16 = 8090;

/// Reads the `PORT` setting: unset means 8090, anything but 1-65535 is an error to show the user.
pub fn port_from_setting(value: Option<&str>) -> Result<u16, String> {
    let value = match value {
        Some(value) => value.trim(),
        None => return Ok(DEFAULT_PORT),
    };
    match value.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!("PORT must be a number from 1 to 65535, got {:?}", value)),
    }
}

/// The answer to a well-formed request.
pub fn respond(request: &Request, words: &WordList<'_>, random: &mut dyn RandomSource) -> Response {
    let known_path = request.path == "/" || request.path == "/healthz";
    if !known_path {
        return Response::text(404, &format!("not found: {} (try / or /healthz)", request.path));
    }
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = Response::text(
            405,
            &format!("method {} is not allowed here; use GET or HEAD", request.method),
        );
        response.allow = Some("GET, HEAD");
        return response;
    }
    if request.path == "/healthz" {
        return Response::text(200, "ok");
    }
    let letter = match requested_letter(request.query.as_deref()) {
        Ok(letter) => letter,
        Err(message) => return Response::text(400, &message),
    };
    match words.pick(letter, random) {
        Ok(Some(word)) => Response::text(200, word),
        Ok(None) => match letter {
            Some(letter) => Response::text(404, &format!("no word starts with '{}'", letter)),
            None => Response::text(404, "the word list is empty"),
        },
        Err(error) => Response::text(500, &format!("could not pick a word: {}", error)),
    }
}

/// The letter from `?starts_with=`, if given; an error message when it is not exactly one letter.
fn requested_letter(query: Option<&str>) -> Result<Option<Letter>, String> {
    let values = match query {
        Some(query) => query_values(query, "starts_with"),
        None => return Ok(None),
    };
    let value = match values.as_slice() {
        [] => return Ok(None),
        [value] => value,
        _ => {
            return Err(format!(
                "give starts_with only once; it must be {}, for example /?starts_with=d",
                LETTER_RULE
            ))
        }
    };
    std::str::from_utf8(value)
        .ok()
        .and_then(|text| Letter::parse(text).ok())
        .map(Some)
        .ok_or_else(|| format!("starts_with must be {}, for example /?starts_with=d", LETTER_RULE))
}

/// What happened on one connection, for the server's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// `GET /?starts_with=d`, or `- -` when the request could not be read.
    pub request: String,
    /// The status sent, or `None` when nothing was sent.
    pub status: Option<u16>,
    /// Why the exchange went wrong, if it did.
    pub problem: Option<String>,
}

impl Exchange {
    /// One log line, e.g. `GET /?starts_with=d 200`.
    pub fn log_line(&self) -> String {
        let status = match self.status {
            Some(status) => status.to_string(),
            None => "-".to_string(),
        };
        match &self.problem {
            Some(problem) => format!("{} {} ({})", self.request, status, problem),
            None => format!("{} {}", self.request, status),
        }
    }
}

/// Reads one request from `stream`, writes the answer, and reports what happened. Never panics on bad input.
pub fn serve_connection<S: Read + Write>(
    stream: &mut S,
    words: &WordList<'_>,
    random: &mut dyn RandomSource,
) -> Exchange {
    let (request_text, response, head_only) = match read_head(stream) {
        Ok(head) => match parse_head(&head) {
            Ok(request) => {
                let response = respond(&request, words, random);
                (
                    format!("{} {}", request.method, request.target()),
                    response,
                    request.method == "HEAD",
                )
            }
            Err(malformed) => (
                "- -".to_string(),
                Response::text(400, &format!("malformed request: {}", malformed.0)),
                false,
            ),
        },
        Err(ReadHeadError::TooLarge) => (
            "- -".to_string(),
            Response::text(
                431,
                &format!("the request head is larger than {} bytes", MAX_HEAD_BYTES),
            ),
            false,
        ),
        Err(ReadHeadError::Incomplete) => (
            "- -".to_string(),
            Response::text(
                400,
                "malformed request: the connection closed before the request head ended",
            ),
            false,
        ),
        // A stalled client: answer 408 if it started a request; one that sent nothing (a browser's
        // speculative connection, a port check) is closed without a word, as it asked nothing.
        Err(ReadHeadError::TimedOut { received: 0 }) => {
            return Exchange {
                request: "- -".to_string(),
                status: None,
                problem: Some("client sent nothing before the read timeout".to_string()),
            }
        }
        Err(ReadHeadError::TimedOut { received }) => {
            let response = Response::text(
                408,
                "the request head did not arrive in time; send the whole head at once",
            );
            let problem = match response.write_to(stream, false) {
                Ok(()) => format!("read timeout after {} bytes of the head", received),
                Err(error) => format!("read timeout, then write failed: {}", error),
            };
            return Exchange {
                request: "- -".to_string(),
                status: Some(408),
                problem: Some(problem),
            };
        }
        Err(ReadHeadError::ClosedEarly) => {
            return Exchange {
                request: "- -".to_string(),
                status: None,
                problem: Some("client closed without a request".to_string()),
            }
        }
        Err(ReadHeadError::Io(error)) => {
            return Exchange {
                request: "- -".to_string(),
                status: None,
                problem: Some(format!("read failed: {}", error)),
            }
        }
    };
    let problem = response
        .write_to(stream, head_only)
        .err()
        .map(|error| format!("write failed: {}", error));
    Exchange {
        request: request_text,
        status: Some(response.status),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::FixedBytes;
    use std::io::{self, Cursor};

    /// An in-memory connection: reads from `input`, collects what the server writes.
    struct Connection {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
        fail_writes: bool,
        /// After `input`, the client stays connected and silent until the read timeout runs out.
        stalls: bool,
    }

    impl Connection {
        fn new(input: &[u8]) -> Connection {
            Connection {
                input: Cursor::new(input.to_vec()),
                output: Vec::new(),
                fail_writes: false,
                stalls: false,
            }
        }
    }

    impl Read for Connection {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.input.read(buf)? {
                0 if self.stalls => Err(io::Error::from(io::ErrorKind::WouldBlock)),
                count => Ok(count),
            }
        }
    }

    impl Write for Connection {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.fail_writes {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "peer went away"));
            }
            self.output.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    const SMALL_LIST: &str = "apple\nbanana\nberry\ncherry\n";

    fn exchange(raw: &[u8]) -> (Exchange, String) {
        let words = WordList::parse(SMALL_LIST);
        let mut connection = Connection::new(raw);
        let exchange = serve_connection(&mut connection, &words, &mut FixedBytes::index(1));
        (exchange, String::from_utf8(connection.output).unwrap())
    }

    fn get(target: &str) -> (Exchange, String) {
        exchange(format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", target).as_bytes())
    }

    fn body(response: &str) -> &str {
        response.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or("")
    }

    #[test]
    fn port_setting() {
        assert_eq!(port_from_setting(None), Ok(8090));
        assert_eq!(port_from_setting(Some("3000")), Ok(3000));
        assert!(port_from_setting(Some("0")).is_err());
        assert!(port_from_setting(Some("70000")).is_err());
        assert!(port_from_setting(Some("http")).unwrap_err().contains("1 to 65535"));
    }

    #[test]
    fn a_word_for_a_letter() {
        let (exchange, response) = get("/?starts_with=b");
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"));
        assert_eq!(body(&response), "berry\n");
        assert!(response.contains("Content-Length: 6\r\n"));
        assert_eq!(exchange.log_line(), "GET /?starts_with=b 200");
    }

    #[test]
    fn any_word_without_a_letter() {
        let (_, response) = get("/");
        assert_eq!(body(&response), "banana\n");
    }

    #[test]
    fn health_check() {
        let (_, response) = get("/healthz");
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"));
        assert_eq!(body(&response), "ok\n");
    }

    #[test]
    fn bad_letters_get_400_with_the_rule() {
        for target in [
            "/?starts_with=",
            "/?starts_with=ab",
            "/?starts_with=1",
            "/?starts_with=%C3%A9",
            "/?starts_with=a&starts_with=b",
        ] {
            let (exchange, response) = get(target);
            assert_eq!(exchange.status, Some(400), "{}", target);
            assert!(body(&response).contains("single letter from a to z"), "{}", target);
        }
    }

    #[test]
    fn a_letter_without_words_gets_404() {
        let (exchange, response) = get("/?starts_with=q");
        assert_eq!(exchange.status, Some(404));
        assert_eq!(body(&response), "no word starts with 'q'\n");
    }

    #[test]
    fn unknown_path_gets_404() {
        let (exchange, response) = get("/words");
        assert_eq!(exchange.status, Some(404));
        assert!(body(&response).contains("/words"));
    }

    #[test]
    fn other_methods_get_405_with_allow() {
        let (exchange, response) = exchange(b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(exchange.status, Some(405));
        assert!(response.contains("\r\nAllow: GET, HEAD\r\n"));
    }

    #[test]
    fn head_gets_headers_only() {
        let (exchange, response) = exchange(b"HEAD /?starts_with=a HTTP/1.1\r\n\r\n");
        assert_eq!(exchange.status, Some(200));
        assert!(response.contains("Content-Length: 6\r\n"));
        assert!(response.ends_with("\r\n\r\n"));
    }

    #[test]
    fn oversized_head_gets_431() {
        let mut raw = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        raw.resize(MAX_HEAD_BYTES + 100, b'a');
        let (exchange, _) = exchange(&raw);
        assert_eq!(exchange.status, Some(431));
    }

    #[test]
    fn malformed_request_line_gets_400() {
        let (exchange, response) = exchange(b"HELLO\r\n\r\n");
        assert_eq!(exchange.status, Some(400));
        assert!(body(&response).starts_with("malformed request"));
    }

    #[test]
    fn a_client_that_leaves_gets_nothing_and_no_panic() {
        let (exchange, response) = exchange(b"");
        assert_eq!(exchange.status, None);
        assert!(response.is_empty());
        assert_eq!(exchange.log_line(), "- - - (client closed without a request)");
    }

    fn stalled(raw: &[u8]) -> (Exchange, String) {
        let words = WordList::parse(SMALL_LIST);
        let mut connection = Connection::new(raw);
        connection.stalls = true;
        let exchange = serve_connection(&mut connection, &words, &mut FixedBytes::index(0));
        (exchange, String::from_utf8(connection.output).unwrap())
    }

    #[test]
    fn a_client_that_stalls_mid_request_gets_408() {
        let (exchange, response) = stalled(b"GET /?starts_with=b HTTP/1.1\r\nHost: x\r\n");
        assert!(response.starts_with("HTTP/1.1 408 Request Timeout\r\n"));
        assert!(response.contains("\r\nConnection: close\r\n"));
        assert!(body(&response).contains("did not arrive in time"));
        assert_eq!(exchange.log_line(), "- - 408 (read timeout after 39 bytes of the head)");
    }

    #[test]
    fn a_client_that_never_sends_is_closed_without_an_answer() {
        let (exchange, response) = stalled(b"");
        assert!(response.is_empty());
        assert_eq!(exchange.status, None);
        assert_eq!(
            exchange.log_line(),
            "- - - (client sent nothing before the read timeout)"
        );
    }

    #[test]
    fn a_complete_request_is_answered_even_if_the_client_then_stalls() {
        let (exchange, response) = stalled(b"GET /healthz HTTP/1.1\r\n\r\n");
        assert_eq!(exchange.status, Some(200));
        assert_eq!(body(&response), "ok\n");
    }

    #[test]
    fn a_failed_write_is_reported_not_fatal() {
        let words = WordList::parse(SMALL_LIST);
        let mut connection = Connection::new(b"GET / HTTP/1.1\r\n\r\n");
        connection.fail_writes = true;
        let exchange = serve_connection(&mut connection, &words, &mut FixedBytes::index(0));
        assert_eq!(exchange.status, Some(200));
        assert!(exchange.problem.unwrap().contains("write failed"));
    }

    #[test]
    fn broken_randomness_is_a_500_not_a_trap() {
        let words = WordList::parse(SMALL_LIST);
        let mut connection = Connection::new(b"GET / HTTP/1.1\r\n\r\n");
        let exchange = serve_connection(&mut connection, &words, &mut FixedBytes::new(Vec::new()));
        assert_eq!(exchange.status, Some(500));
    }
}
