//! Just enough HTTP/1.1: read a request head with a size limit, parse its request line, write a response.

use crate::timeout::is_timeout;
use std::io::{self, Read, Write};

/// The largest request head we accept; bigger heads get 431.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;

/// Why no complete request head could be read.
#[derive(Debug)]
pub enum ReadHeadError {
    /// The connection closed before sending anything.
    ClosedEarly,
    /// The connection closed part-way through the head.
    Incomplete,
    /// More than `MAX_HEAD_BYTES` arrived without the blank line that ends a head.
    TooLarge,
    /// The connection's read timeout ran out after `received` bytes of the head (0: the client sent nothing).
    TimedOut {
        received: usize,
    },
    Io(io::Error),
}

/// Reads up to the blank line that ends the head, never more than `MAX_HEAD_BYTES + 1` bytes.
pub fn read_head<R: Read>(reader: &mut R) -> Result<Vec<u8>, ReadHeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let room = MAX_HEAD_BYTES + 1 - head.len();
        let want = room.min(chunk.len());
        let count = match reader.read(&mut chunk[..want]) {
            Ok(count) => count,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) if is_timeout(&error) => return Err(ReadHeadError::TimedOut { received: head.len() }),
            Err(error) => return Err(ReadHeadError::Io(error)),
        };
        if count == 0 {
            return Err(if head.is_empty() {
                ReadHeadError::ClosedEarly
            } else {
                ReadHeadError::Incomplete
            });
        }
        // Look for the end only where it could newly appear.
        let search_from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..count]);
        if let Some(end) = find_head_end(&head[search_from..]) {
            let end = search_from + end;
            if end > MAX_HEAD_BYTES {
                return Err(ReadHeadError::TooLarge);
            }
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(ReadHeadError::TooLarge);
        }
    }
}

/// Index just past the `\r\n\r\n` (or bare `\n\n`) that ends a head.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    for i in 0..bytes.len() {
        if bytes[i..].starts_with(b"\r\n\r\n") {
            return Some(i + 4);
        }
        if bytes[i..].starts_with(b"\n\n") {
            return Some(i + 2);
        }
    }
    None
}

/// The parts of a request this server looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without the query, e.g. `/healthz`.
    pub path: String,
    /// The text after `?`, if any.
    pub query: Option<String>,
}

impl Request {
    /// `path?query` as the client sent it.
    pub fn target(&self) -> String {
        match &self.query {
            Some(query) => format!("{}?{}", self.path, query),
            None => self.path.clone(),
        }
    }
}

/// A request head that does not follow HTTP/1.x; the text says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

/// Parses `METHOD /target HTTP/1.1` and checks that every header line has a name and a colon.
pub fn parse_head(head: &[u8]) -> Result<Request, Malformed> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let request_line = lines.next().unwrap_or(b"");
    let request_line = std::str::from_utf8(request_line).map_err(|_| Malformed("the request line is not ASCII"))?;
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version), None) => (method, target, version),
        _ => return Err(Malformed("the request line must be METHOD /path HTTP/1.1")),
    };
    if method.is_empty() || method.len() > 32 || !method.bytes().all(is_token_byte) {
        return Err(Malformed("the method is not a valid HTTP token"));
    }
    if !target.starts_with('/') || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Malformed("the target must be a path starting with /"));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(Malformed("the version must be HTTP/1.1 or HTTP/1.0"));
    }
    for line in lines.filter(|line| !line.is_empty()) {
        let colon = line.iter().position(|&b| b == b':');
        let name_ok = match colon {
            Some(at) => at > 0 && line[..at].iter().copied().all(is_token_byte),
            None => false,
        };
        if !name_ok {
            return Err(Malformed("a header line must be Name: value"));
        }
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (target, None),
    };
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        query,
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Every value of `name` in a query string, percent-decoded (`+` is a space).
pub fn query_values(query: &str, name: &str) -> Vec<Vec<u8>> {
    query
        .split('&')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if percent_decode(key) == name.as_bytes() {
                Some(percent_decode(value))
            } else {
                None
            }
        })
        .collect()
}

/// Decodes `%41` and `+`; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => match (hex_value(hi), hex_value(lo)) {
                (Some(hi), Some(lo)) => Some(hi * 16 + lo),
                _ => None,
            },
            _ => None,
        };
        match decoded {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A plain-text response; the body always ends with a newline so `curl` output reads well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: String,
    /// Set on 405 responses: the methods that are allowed.
    pub allow: Option<&'static str>,
}

impl Response {
    pub fn text(status: u16, body: &str) -> Response {
        let mut body = body.to_string();
        if !body.ends_with('\n') {
            body.push('\n');
        }
        Response {
            status,
            body,
            allow: None,
        }
    }

    /// The bytes on the wire. A response to HEAD keeps every header but leaves out the body.
    pub fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n",
            self.status,
            reason_phrase(self.status),
            self.body.len()
        );
        if let Some(allow) = self.allow {
            out.push_str("Allow: ");
            out.push_str(allow);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if !head_only {
            bytes.extend_from_slice(self.body.as_bytes());
        }
        bytes
    }

    pub fn write_to<W: Write>(&self, writer: &mut W, head_only: bool) -> io::Result<()> {
        writer.write_all(&self.to_bytes(head_only))?;
        writer.flush()
    }
}

pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// Hands out its data a few bytes at a time, like a slow network.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let count = self.step.min(buf.len()).min(self.data.len());
            buf[..count].copy_from_slice(&self.data[..count]);
            self.data = &self.data[count..];
            Ok(count)
        }
    }

    #[test]
    fn reads_a_head_and_stops_at_the_blank_line() {
        let mut input = Cursor::new(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY".to_vec());
        let head = read_head(&mut input).unwrap();
        assert_eq!(head, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    #[test]
    fn finds_the_end_split_across_reads() {
        let data = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        let head = read_head(&mut Trickle { data, step: 3 }).unwrap();
        assert_eq!(head, data);
    }

    #[test]
    fn accepts_bare_newlines() {
        let head = read_head(&mut Cursor::new(b"GET / HTTP/1.0\n\n".to_vec())).unwrap();
        assert_eq!(parse_head(&head).unwrap().path, "/");
    }

    #[test]
    fn a_head_of_exactly_the_limit_is_fine_one_more_byte_is_not() {
        let start = b"GET / HTTP/1.1\r\nX: ".to_vec();
        let fill = |total: usize| {
            let mut data = start.clone();
            data.resize(total - 4, b'a');
            data.extend_from_slice(b"\r\n\r\n");
            data
        };
        assert!(read_head(&mut Cursor::new(fill(MAX_HEAD_BYTES))).is_ok());
        assert!(matches!(
            read_head(&mut Cursor::new(fill(MAX_HEAD_BYTES + 1))),
            Err(ReadHeadError::TooLarge)
        ));
    }

    #[test]
    fn an_endless_head_stops_after_the_limit() {
        let data = vec![b'a'; 100_000];
        let mut input = Cursor::new(data);
        assert!(matches!(read_head(&mut input), Err(ReadHeadError::TooLarge)));
        assert_eq!(input.position() as usize, MAX_HEAD_BYTES + 1);
    }

    #[test]
    fn closing_early_is_reported() {
        assert!(matches!(
            read_head(&mut Cursor::new(Vec::new())),
            Err(ReadHeadError::ClosedEarly)
        ));
        assert!(matches!(
            read_head(&mut Cursor::new(b"GET / HT".to_vec())),
            Err(ReadHeadError::Incomplete)
        ));
    }

    /// Sends its data, then goes quiet until the read timeout runs out.
    struct Stalls(Cursor<Vec<u8>>);

    impl Read for Stalls {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(io::Error::from(io::ErrorKind::WouldBlock)),
                count => Ok(count),
            }
        }
    }

    #[test]
    fn a_stalled_client_is_reported_with_what_it_sent() {
        assert!(matches!(
            read_head(&mut Stalls(Cursor::new(Vec::new()))),
            Err(ReadHeadError::TimedOut { received: 0 })
        ));
        assert!(matches!(
            read_head(&mut Stalls(Cursor::new(b"GET / HT".to_vec()))),
            Err(ReadHeadError::TimedOut { received: 8 })
        ));
        let head = read_head(&mut Stalls(Cursor::new(b"GET / HTTP/1.1\r\n\r\n".to_vec()))).unwrap();
        assert_eq!(parse_head(&head).unwrap().path, "/");
    }

    #[test]
    fn parses_method_path_and_query() {
        let request = parse_head(b"GET /?starts_with=d HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/");
        assert_eq!(request.query.as_deref(), Some("starts_with=d"));
        assert_eq!(request.target(), "/?starts_with=d");
    }

    #[test]
    fn rejects_malformed_heads() {
        let bad: [&[u8]; 9] = [
            b"\r\n\r\n",
            b"GET /\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
            b"GET index.html HTTP/1.1\r\n\r\n",
            b"GET / HTTP/2\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ];
        for head in bad {
            assert!(parse_head(head).is_err(), "{:?}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_values("a=1&starts_with=%64&b", "starts_with"),
            vec![b"d".to_vec()]
        );
        assert_eq!(query_values("starts_with", "starts_with"), vec![Vec::<u8>::new()]);
        assert_eq!(query_values("starts_with=a&starts_with=b", "starts_with").len(), 2);
        assert_eq!(percent_decode("a+b%2"), b"a b%2".to_vec());
    }

    #[test]
    fn writes_status_headers_and_body() {
        let text = String::from_utf8(Response::text(200, "hello").to_bytes(false)).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        assert!(text.contains("Content-Length: 6\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert!(text.ends_with("\r\n\r\nhello\n"));
    }

    #[test]
    fn head_only_keeps_the_length_but_drops_the_body() {
        let text = String::from_utf8(Response::text(200, "hello").to_bytes(true)).unwrap();
        assert!(text.contains("Content-Length: 6\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
