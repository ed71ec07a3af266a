//! Just enough HTTP/1.1: find where a request head ends, parse it, and write a response. No I/O here: the
//! connection's state machine (`session.rs`) feeds it bytes, so pipelined requests are just heads in a row.

/// The largest request head we accept; bigger heads get 431.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;

/// What the bytes received so far hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadScan {
    /// A whole head: it ends at this index (just past the blank line).
    Complete(usize),
    /// Not yet a whole head; more bytes may complete it.
    Partial,
    /// `MAX_HEAD_BYTES` arrived without the blank line that ends a head.
    TooLarge,
}

/// Looks for the end of the first head in `bytes`, starting near `scanned` (how far an earlier call looked),
/// so a head that trickles in a byte at a time is not searched again from the start each time.
pub fn scan_head(bytes: &[u8], scanned: usize) -> HeadScan {
    let limit = bytes.len().min(MAX_HEAD_BYTES);
    let from = scanned.min(limit).saturating_sub(3);
    match find_head_end(&bytes[from..limit]) {
        Some(end) => HeadScan::Complete(from + end),
        None if bytes.len() >= MAX_HEAD_BYTES => HeadScan::TooLarge,
        None => HeadScan::Partial,
    }
}

/// Index just past the `\r\n\r\n` (or bare `\n\n`) that ends a head.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'\n') {
        let newline = at + offset;
        match bytes.get(newline + 1) {
            Some(b'\n') => return Some(newline + 2),
            Some(b'\r') if bytes.get(newline + 2) == Some(&b'\n') => return Some(newline + 3),
            _ => at = newline + 1,
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Http10,
    Http11,
}

/// What follows the head, as its headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    None,
    /// `Content-Length: n`
    Length(u64),
    /// `Transfer-Encoding` (chunked or otherwise): its length is unknown here.
    Encoded,
}

/// The parts of a request this server looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without the query, e.g. `/healthz`.
    pub path: String,
    /// The text after `?`, if any.
    pub query: Option<String>,
    pub version: Version,
    /// How many `Host` headers came (HTTP/1.1 requires exactly one).
    pub hosts: usize,
    /// The `Connection` header lists `close`.
    pub wants_close: bool,
    /// The `Connection` header lists `keep-alive` (how an HTTP/1.0 client asks to keep the connection).
    pub wants_keep_alive: bool,
    pub body: Body,
}

impl Request {
    /// `path?query` as the client sent it.
    pub fn target(&self) -> String {
        match &self.query {
            Some(query) => format!("{}?{}", self.path, query),
            None => self.path.clone(),
        }
    }

    /// Whether the client lets this connection carry another request after this one (HTTP/1.1 does unless it
    /// says `Connection: close`; HTTP/1.0 only when it says `Connection: keep-alive`).
    pub fn allows_keep_alive(&self) -> bool {
        match self.version {
            Version::Http11 => !self.wants_close,
            Version::Http10 => self.wants_keep_alive && !self.wants_close,
        }
    }
}

/// A request head that does not follow HTTP/1.x; the text says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

/// Parses `METHOD /target HTTP/1.1` and the headers this server needs; every header line must be `Name: value`.
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
    let version = match version {
        "HTTP/1.1" => Version::Http11,
        "HTTP/1.0" => Version::Http10,
        _ => return Err(Malformed("the version must be HTTP/1.1 or HTTP/1.0")),
    };
    let mut request = Request {
        method: method.to_string(),
        path: String::new(),
        query: None,
        version,
        hosts: 0,
        wants_close: false,
        wants_keep_alive: false,
        body: Body::None,
    };
    let mut length: Option<u64> = None;
    let mut encoded = false;
    for line in lines.filter(|line| !line.is_empty()) {
        let colon = match line.iter().position(|&b| b == b':') {
            Some(at) if at > 0 && line[..at].iter().copied().all(is_token_byte) => at,
            _ => return Err(Malformed("a header line must be Name: value")),
        };
        let name = &line[..colon];
        let value = trim(&line[colon + 1..]);
        if name.eq_ignore_ascii_case(b"host") {
            request.hosts += 1;
        } else if name.eq_ignore_ascii_case(b"connection") {
            for option in value.split(|&b| b == b',').map(trim) {
                request.wants_close |= option.eq_ignore_ascii_case(b"close");
                request.wants_keep_alive |= option.eq_ignore_ascii_case(b"keep-alive");
            }
        } else if name.eq_ignore_ascii_case(b"content-length") {
            let parsed = std::str::from_utf8(value)
                .ok()
                .filter(|text| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|text| text.parse::<u64>().ok())
                .ok_or(Malformed("Content-Length must be a whole number"))?;
            if length.map_or(false, |earlier| earlier != parsed) {
                return Err(Malformed("the request has two different Content-Length headers"));
            }
            length = Some(parsed);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            encoded = true;
        }
    }
    request.body = match (length, encoded) {
        // Both at once is how requests are smuggled past proxies: refuse it.
        (Some(_), true) => return Err(Malformed("the request has both Content-Length and Transfer-Encoding")),
        (_, true) => Body::Encoded,
        (Some(0), false) | (None, false) => Body::None,
        (Some(length), false) => Body::Length(length),
    };
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (target, None),
    };
    request.path = path.to_string();
    request.query = query;
    Ok(request)
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(start, |at| at + 1);
    &bytes[start..end]
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

    /// Appends the bytes on the wire to `out`. A response to HEAD keeps every header but leaves out the body;
    /// `keep_alive` says whether the connection stays open for another request.
    pub fn write_into(&self, out: &mut Vec<u8>, head_only: bool, keep_alive: bool) {
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: {}\r\nCache-Control: no-store\r\n",
            self.status,
            reason_phrase(self.status),
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" },
        );
        out.extend_from_slice(head.as_bytes());
        if let Some(allow) = self.allow {
            out.extend_from_slice(b"Allow: ");
            out.extend_from_slice(allow.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if !head_only {
            out.extend_from_slice(self.body.as_bytes());
        }
    }

    /// The bytes on the wire, for a connection that closes after this response.
    pub fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_into(&mut out, head_only, false);
        out
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
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_a_head_and_leaves_what_follows() {
        let bytes = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\n";
        assert_eq!(scan_head(bytes, 0), HeadScan::Complete(27));
        assert_eq!(scan_head(b"GET / HTTP/1.0\n\n", 0), HeadScan::Complete(16));
        assert_eq!(scan_head(b"GET / HTTP/1.1\r\nHost: x\r\n", 0), HeadScan::Partial);
    }

    #[test]
    fn finds_the_end_when_it_arrives_in_pieces() {
        let data = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut scanned = 0;
        for len in 1..data.len() {
            assert_eq!(scan_head(&data[..len], scanned), HeadScan::Partial, "{}", len);
            scanned = len;
        }
        assert_eq!(scan_head(data, scanned), HeadScan::Complete(data.len()));
    }

    #[test]
    fn a_head_of_exactly_the_limit_is_fine_one_more_byte_is_not() {
        let fill = |total: usize| {
            let mut data = b"GET / HTTP/1.1\r\nX: ".to_vec();
            data.resize(total - 4, b'a');
            data.extend_from_slice(b"\r\n\r\n");
            data
        };
        assert_eq!(scan_head(&fill(MAX_HEAD_BYTES), 0), HeadScan::Complete(MAX_HEAD_BYTES));
        assert_eq!(scan_head(&fill(MAX_HEAD_BYTES + 1), 0), HeadScan::TooLarge);
        assert_eq!(scan_head(&vec![b'a'; 100_000], 0), HeadScan::TooLarge);
    }

    #[test]
    fn parses_method_path_query_and_the_headers_that_matter() {
        let request = parse_head(
            b"GET /?starts_with=d HTTP/1.1\r\nhost: localhost\r\nConnection: Keep-Alive, close\r\n\r\n",
        )
        .unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/");
        assert_eq!(request.query.as_deref(), Some("starts_with=d"));
        assert_eq!(request.target(), "/?starts_with=d");
        assert_eq!(request.version, Version::Http11);
        assert_eq!(request.hosts, 1);
        assert!(request.wants_close && request.wants_keep_alive);
        assert!(!request.allows_keep_alive());
    }

    #[test]
    fn keep_alive_follows_the_version_and_the_connection_header() {
        let allows = |head: &[u8]| parse_head(head).unwrap().allows_keep_alive();
        assert!(allows(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert!(!allows(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assert!(!allows(b"GET / HTTP/1.0\r\n\r\n"));
        assert!(allows(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    }

    #[test]
    fn reads_the_body_length() {
        let body = |head: &[u8]| parse_head(head).map(|request| request.body);
        assert_eq!(body(b"POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n"), Ok(Body::Length(12)));
        assert_eq!(body(b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), Ok(Body::None));
        assert_eq!(body(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), Ok(Body::Encoded));
        assert!(body(b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").is_err());
        assert!(body(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").is_err());
        assert!(body(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n").is_err());
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
        let mut out = Vec::new();
        Response::text(200, "hello").write_into(&mut out, false, true);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        assert!(text.contains("Content-Length: 6\r\n"));
        assert!(text.contains("Connection: keep-alive\r\n"));
        assert!(text.ends_with("\r\n\r\nhello\n"));
        let closing = String::from_utf8(Response::text(200, "hello").to_bytes(false)).unwrap();
        assert!(closing.contains("Connection: close\r\n"));
    }

    #[test]
    fn head_only_keeps_the_length_but_drops_the_body() {
        let text = String::from_utf8(Response::text(200, "hello").to_bytes(true)).unwrap();
        assert!(text.contains("Content-Length: 6\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
