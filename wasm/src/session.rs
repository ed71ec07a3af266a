//! One connection, as a state machine with no I/O: the event loop hands it the bytes that arrived and the time,
//! and takes the bytes to send. HTTP/1.1 keep-alive, pipelined requests answered in order, and every deadline
//! (request head, idle, slow reader) live here, so they are tested without sockets or clocks.

use crate::http::{parse_head, scan_head, Body, HeadScan, Request, Response, Version, MAX_HEAD_BYTES};
use crate::server::Exchange;

/// What a connection needs from the server: an answer for each request, and somewhere to log.
pub trait Handler {
    fn respond(&mut self, request: &Request) -> Response;
    fn log(&mut self, exchange: Exchange);
}

/// Time limits and caps for one connection; times are milliseconds on the event loop's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request head must arrive whole within this long of its first byte (and a new connection must start
    /// one within this long); a client that stops reading our answers for this long is dropped. `None`: no limit.
    pub read_timeout_ms: Option<u64>,
    /// A kept-alive connection waits this long for its next request.
    pub idle_timeout_ms: u64,
    /// Requests one connection may carry; the last answer says `Connection: close`.
    pub max_requests: u32,
}

/// Answers not yet sent beyond which no more requests are read: a client that pipelines without reading
/// cannot make the server buffer without limit.
const MAX_UNSENT_BYTES: usize = 64 * 1024;

/// A request body up to this size is read and dropped, so the connection can carry on; a bigger one (or one of
/// unknown length) ends the connection after the answer.
const MAX_SKIPPED_BODY: u64 = 64 * 1024;

/// After the last answer, how long to keep reading (and dropping) what the client still sends, so closing
/// does not reset the connection before the client has read the answer.
const LINGER_MS: u64 = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading requests and answering them.
    Open,
    /// The last answer is queued; close once it is sent.
    Closing,
    /// Everything is sent and our side is shut: dropping what still arrives until the client closes.
    Draining { since: u64 },
    Done,
}

#[derive(Debug)]
pub struct Session {
    state: State,
    input: Vec<u8>,
    /// How far into `input` the search for a head's end has looked.
    scanned: usize,
    output: Vec<u8>,
    /// Body bytes still to drop before the next request.
    skip: u64,
    requests: u32,
    /// When the connection last had nothing to do (opened, or finished an answer).
    idle_since: u64,
    /// When the first byte of the head being read arrived.
    head_since: Option<u64>,
    /// When sending last made progress (or had something to send again).
    sent_at: u64,
    max_requests: u32,
}

impl Session {
    pub fn new(now: u64, limits: &Limits) -> Session {
        Session {
            state: State::Open,
            input: Vec::new(),
            scanned: 0,
            output: Vec::new(),
            skip: 0,
            requests: 0,
            idle_since: now,
            head_since: None,
            sent_at: now,
            max_requests: limits.max_requests,
        }
    }

    /// A connection turned away at once (say, over the connection cap): it gets `response` and is closed.
    pub fn refused(now: u64, limits: &Limits, response: &Response) -> Session {
        let mut session = Session::new(now, limits);
        response.write_into(&mut session.output, false, false);
        session.state = State::Closing;
        session
    }

    /// Whether to read from the socket now.
    pub fn wants_read(&self) -> bool {
        match self.state {
            State::Open => self.output.len() < MAX_UNSENT_BYTES && self.input.len() <= MAX_HEAD_BYTES,
            State::Draining { .. } => true,
            State::Closing | State::Done => false,
        }
    }

    /// The bytes waiting to be sent.
    pub fn unsent(&self) -> &[u8] {
        &self.output
    }

    /// Whether everything is sent and our side of the connection should be shut for writing.
    pub fn should_shut_write(&self) -> bool {
        matches!(self.state, State::Draining { .. })
    }

    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Bytes arrived from the client.
    pub fn received(&mut self, data: &[u8], now: u64, handler: &mut dyn Handler) {
        match self.state {
            State::Open => {
                self.input.extend_from_slice(data);
                self.process(now, handler);
            }
            // Dropped: nothing more will be answered.
            State::Closing | State::Draining { .. } | State::Done => {}
        }
    }

    /// The client will send nothing more (it closed or shut down its side).
    pub fn peer_closed(&mut self, now: u64, handler: &mut dyn Handler) {
        match self.state {
            State::Open => {
                if !self.input.is_empty() && self.skip == 0 {
                    handler.log(Exchange {
                        request: "- -".to_string(),
                        status: Some(400),
                        problem: None,
                    });
                    let response = Response::text(
                        400,
                        "malformed request: the connection closed before the request head ended",
                    );
                    self.finish_with(&response, now);
                } else {
                    if self.requests == 0 {
                        handler.log(problem("client closed without a request"));
                    }
                    self.state = if self.output.is_empty() { State::Done } else { State::Closing };
                }
            }
            State::Draining { .. } => self.state = State::Done,
            State::Closing | State::Done => {}
        }
    }

    /// `count` bytes of `unsent()` went out.
    pub fn sent(&mut self, count: usize, now: u64, handler: &mut dyn Handler) {
        self.output.drain(..count.min(self.output.len()));
        if count > 0 {
            self.sent_at = now;
        }
        if self.output.is_empty() {
            match self.state {
                State::Closing => self.state = State::Draining { since: now },
                // Room again: requests that waited behind a full output can be answered now.
                State::Open => self.process(now, handler),
                State::Draining { .. } | State::Done => {}
            }
        }
    }

    /// Reading or writing failed (the connection was reset): nothing more can happen on it.
    pub fn failed(&mut self, what: &str, error: &str, handler: &mut dyn Handler) {
        if self.state == State::Open || self.state == State::Closing {
            handler.log(problem(&format!("{} failed: {}", what, error)));
        }
        self.state = State::Done;
    }

    /// When `expire` must be called if nothing else happens first.
    pub fn deadline(&self, limits: &Limits) -> Option<u64> {
        match self.state {
            State::Done => None,
            State::Draining { since } => Some(since + LINGER_MS),
            _ if !self.output.is_empty() => limits.read_timeout_ms.map(|limit| self.sent_at + limit),
            State::Closing => None,
            State::Open => match self.head_since {
                Some(since) => limits.read_timeout_ms.map(|limit| since + limit),
                None if self.requests == 0 => limits.read_timeout_ms.map(|limit| self.idle_since + limit),
                None => Some(self.idle_since + limits.idle_timeout_ms),
            },
        }
    }

    /// The deadline passed: answer 408, or give up on the connection.
    pub fn expire(&mut self, now: u64, handler: &mut dyn Handler) {
        match self.state {
            State::Done => {}
            State::Draining { .. } => self.state = State::Done,
            _ if !self.output.is_empty() => {
                handler.log(problem(&format!(
                    "client stopped reading; {} bytes of answers were not sent",
                    self.output.len()
                )));
                self.state = State::Done;
            }
            State::Closing => self.state = State::Draining { since: now },
            State::Open => match self.head_since {
                Some(_) if self.skip == 0 => {
                    handler.log(Exchange {
                        request: "- -".to_string(),
                        status: Some(408),
                        problem: Some(format!("read timeout after {} bytes of the head", self.input.len())),
                    });
                    let response =
                        Response::text(408, "the request head did not arrive in time; send the whole head at once");
                    self.finish_with(&response, now);
                }
                _ => {
                    // Silent: a client that sent nothing (a browser's spare connection, a port check) asked
                    // nothing, and an idle kept-alive connection is simply closed.
                    if self.requests == 0 {
                        handler.log(problem("client sent nothing before the read timeout"));
                    }
                    self.state = State::Done;
                }
            },
        }
    }

    /// Answers every whole request in `input`, in order, while there is room for the answers.
    fn process(&mut self, now: u64, handler: &mut dyn Handler) {
        while self.state == State::Open && self.output.len() < MAX_UNSENT_BYTES {
            if self.skip > 0 {
                let dropped = self.skip.min(self.input.len() as u64) as usize;
                self.input.drain(..dropped);
                self.skip -= dropped as u64;
                if self.skip > 0 {
                    break;
                }
            }
            if self.input.is_empty() {
                self.head_since = None;
                break;
            }
            if self.head_since.is_none() {
                self.head_since = Some(now);
            }
            match scan_head(&self.input, self.scanned) {
                HeadScan::Partial => {
                    self.scanned = self.input.len();
                    break;
                }
                HeadScan::TooLarge => {
                    handler.log(Exchange {
                        request: "- -".to_string(),
                        status: Some(431),
                        problem: None,
                    });
                    let response = Response::text(
                        431,
                        &format!("the request head is larger than {} bytes", MAX_HEAD_BYTES),
                    );
                    self.finish_with(&response, now);
                }
                HeadScan::Complete(end) => {
                    let head: Vec<u8> = self.input.drain(..end).collect();
                    self.scanned = 0;
                    self.head_since = None;
                    self.requests += 1;
                    self.answer(&head, now, handler);
                    self.idle_since = now;
                }
            }
        }
    }

    fn answer(&mut self, head: &[u8], now: u64, handler: &mut dyn Handler) {
        let request = match parse_head(head) {
            Ok(request) => request,
            Err(malformed) => {
                handler.log(Exchange {
                    request: "- -".to_string(),
                    status: Some(400),
                    problem: None,
                });
                let response = Response::text(400, &format!("malformed request: {}", malformed.0));
                return self.finish_with(&response, now);
            }
        };
        let line = format!("{} {}", request.method, request.target());
        if request.version == Version::Http11 && request.hosts != 1 {
            handler.log(Exchange {
                request: line,
                status: Some(400),
                problem: None,
            });
            let message = if request.hosts == 0 {
                "malformed request: HTTP/1.1 requests must have a Host header"
            } else {
                "malformed request: give the Host header only once"
            };
            return self.finish_with(&Response::text(400, message), now);
        }
        let mut keep_alive = request.allows_keep_alive();
        match request.body {
            Body::None => {}
            Body::Length(length) if length <= MAX_SKIPPED_BODY => self.skip = length,
            Body::Length(_) | Body::Encoded => keep_alive = false,
        }
        let response = handler.respond(&request);
        handler.log(Exchange {
            request: line,
            status: Some(response.status),
            problem: None,
        });
        let keep_alive = keep_alive && self.requests < self.max_requests;
        if self.output.is_empty() {
            self.sent_at = now;
        }
        response.write_into(&mut self.output, request.method == "HEAD", keep_alive);
        if !keep_alive {
            self.state = State::Closing;
        }
    }

    /// Queues a last answer; the connection closes once it is sent.
    fn finish_with(&mut self, response: &Response, now: u64) {
        if self.output.is_empty() {
            self.sent_at = now;
        }
        response.write_into(&mut self.output, false, false);
        self.state = State::Closing;
    }
}

fn problem(text: &str) -> Exchange {
    Exchange {
        request: "- -".to_string(),
        status: None,
        problem: Some(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::FixedBytes;
    use crate::server::respond;
    use crate::word_check::{check_and_index, Indexed};
    use crate::words::WordList;

    struct Words {
        indexed: Indexed,
        log: Vec<String>,
    }

    impl Handler for Words {
        fn respond(&mut self, request: &Request) -> Response {
            respond(request, &WordList::from_indexed(&self.indexed), &mut FixedBytes::index(1))
        }
        fn log(&mut self, exchange: Exchange) {
            self.log.push(exchange.log_line());
        }
    }

    const LIMITS: Limits = Limits {
        read_timeout_ms: Some(10_000),
        idle_timeout_ms: 5_000,
        max_requests: 100,
    };

    fn words() -> Words {
        Words {
            indexed: check_and_index("apple\nbanana\nberry\ncherry\n").unwrap(),
            log: Vec::new(),
        }
    }

    /// Sends everything out, as a client that reads at once would let us.
    fn flush(session: &mut Session, now: u64, handler: &mut Words) -> String {
        let text = String::from_utf8(session.unsent().to_vec()).unwrap();
        let count = session.unsent().len();
        session.sent(count, now, handler);
        text
    }

    fn statuses(text: &str) -> Vec<&str> {
        text.split("HTTP/1.1 ").skip(1).map(|part| &part[..3]).collect()
    }

    const GET: &[u8] = b"GET /?starts_with=b HTTP/1.1\r\nHost: localhost\r\n\r\n";

    #[test]
    fn keeps_the_connection_for_the_next_request() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(GET, 1, &mut handler);
        let first = flush(&mut session, 1, &mut handler);
        assert!(first.contains("Connection: keep-alive\r\n"));
        assert!(first.ends_with("\r\n\r\nberry\n"));
        assert!(session.wants_read());
        session.received(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2, &mut handler);
        assert!(flush(&mut session, 2, &mut handler).ends_with("ok\n"));
        assert_eq!(handler.log, ["GET /?starts_with=b 200", "GET /healthz 200"]);
    }

    #[test]
    fn answers_pipelined_requests_in_order() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        let mut pipelined = Vec::new();
        pipelined.extend_from_slice(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        pipelined.extend_from_slice(b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
        pipelined.extend_from_slice(b"GET /?starts_with=c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        pipelined.extend_from_slice(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        session.received(&pipelined, 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert_eq!(statuses(&text), ["200", "404", "200"]);
        assert!(text.ends_with("Connection: close\r\nCache-Control: no-store\r\n\r\ncherry\n"));
        // After `Connection: close`, nothing more is answered; our side shuts, then the client's close ends it.
        assert!(session.should_shut_write());
        session.peer_closed(1, &mut handler);
        assert!(session.is_done());
    }

    #[test]
    fn a_head_split_anywhere_is_still_one_request() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        for byte in GET.iter() {
            session.received(&[*byte], 0, &mut handler);
        }
        assert_eq!(statuses(&flush(&mut session, 0, &mut handler)), ["200"]);
    }

    #[test]
    fn http_1_1_without_host_gets_400_and_the_connection_closes() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(b"GET / HTTP/1.1\r\n\r\n", 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert!(text.ends_with("HTTP/1.1 requests must have a Host header\n"));
        assert!(session.should_shut_write());
        // HTTP/1.0 needs no Host, and closes unless asked to keep alive.
        let mut session = Session::new(0, &LIMITS);
        session.received(b"GET /healthz HTTP/1.0\r\n\r\n", 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n") && text.contains("Connection: close\r\n"));
    }

    #[test]
    fn the_last_allowed_request_closes_the_connection() {
        let mut handler = words();
        let limits = Limits {
            max_requests: 2,
            ..LIMITS
        };
        let mut session = Session::new(0, &limits);
        session.received(&[GET, GET, GET].concat(), 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert_eq!(statuses(&text), ["200", "200"]);
        assert_eq!(text.matches("Connection: close").count(), 1);
        assert!(session.should_shut_write());
    }

    #[test]
    fn a_small_body_is_skipped_and_the_connection_goes_on() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel", 0, &mut handler);
        session.received(b"loGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert_eq!(statuses(&text), ["405", "200"]);
        assert!(text.contains("Allow: GET, HEAD\r\n"));
        // A body of unknown length ends the connection after the answer.
        let mut session = Session::new(0, &LIMITS);
        session.received(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert_eq!(statuses(&text), ["405"]);
        assert!(session.should_shut_write());
    }

    #[test]
    fn malformed_and_oversized_heads_get_an_answer_and_a_close() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(b"HELLO\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 0, &mut handler);
        let text = flush(&mut session, 0, &mut handler);
        assert_eq!(statuses(&text), ["400"]);
        assert!(text.contains("malformed request: the request line must be"));
        let mut session = Session::new(0, &LIMITS);
        let mut big = b"GET / HTTP/1.1\r\nX-Padding: ".to_vec();
        big.resize(MAX_HEAD_BYTES + 10, b'a');
        session.received(&big, 0, &mut handler);
        assert_eq!(statuses(&flush(&mut session, 0, &mut handler)), ["431"]);
        assert_eq!(handler.log[handler.log.len() - 2..], ["- - 400", "- - 431"]);
    }

    #[test]
    fn a_stalled_head_gets_408_at_its_deadline() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(b"GET /?starts_with=b HTTP/1.1\r\nHost: x\r\n", 3_000, &mut handler);
        assert_eq!(session.deadline(&LIMITS), Some(13_000));
        session.expire(13_000, &mut handler);
        let text = flush(&mut session, 13_000, &mut handler);
        assert!(text.starts_with("HTTP/1.1 408 Request Timeout\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert_eq!(handler.log, ["- - 408 (read timeout after 39 bytes of the head)"]);
    }

    #[test]
    fn silence_closes_without_an_answer() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        assert_eq!(session.deadline(&LIMITS), Some(10_000));
        session.expire(10_000, &mut handler);
        assert!(session.is_done() && session.unsent().is_empty());
        assert_eq!(handler.log, ["- - - (client sent nothing before the read timeout)"]);
        // After a request, the idle timeout applies, and closing then is not worth a log line.
        let mut session = Session::new(0, &LIMITS);
        session.received(GET, 100, &mut handler);
        flush(&mut session, 100, &mut handler);
        assert_eq!(session.deadline(&LIMITS), Some(5_100));
        session.expire(5_100, &mut handler);
        assert!(session.is_done());
        assert_eq!(handler.log.len(), 2);
    }

    #[test]
    fn a_slow_reader_gets_everything_and_a_gone_one_is_dropped() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(&[GET, GET].concat(), 0, &mut handler);
        let total = session.unsent().len();
        // One byte at a time, each within the timeout: the deadline moves with every byte sent.
        for at in 0..total as u64 {
            assert_eq!(session.deadline(&LIMITS), Some(at * 9_000 + 10_000));
            session.sent(1, at * 9_000 + 9_000, &mut handler);
        }
        assert!(session.unsent().is_empty() && !session.is_done());
        // A reader that stops altogether is dropped once the timeout passes without progress.
        session.received(GET, 0, &mut handler);
        let at = session.deadline(&LIMITS).unwrap();
        session.expire(at, &mut handler);
        assert!(session.is_done());
        assert!(handler.log.last().unwrap().contains("client stopped reading"));
    }

    #[test]
    fn a_pipelining_client_that_never_reads_is_not_buffered_without_limit() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        let many = GET.repeat(2_000);
        session.received(&many, 0, &mut handler);
        assert!(session.unsent().len() < MAX_UNSENT_BYTES + 1024);
        assert!(!session.wants_read());
        let answered = handler.log.len();
        assert!(answered < 2_000);
        // Once the client reads, the rest is answered.
        while !session.unsent().is_empty() {
            flush(&mut session, 0, &mut handler);
        }
        assert_eq!(handler.log.len(), 100); // max_requests
    }

    #[test]
    fn a_client_that_closes_mid_head_gets_400() {
        let mut handler = words();
        let mut session = Session::new(0, &LIMITS);
        session.received(b"GET / HT", 0, &mut handler);
        session.peer_closed(0, &mut handler);
        assert_eq!(statuses(&flush(&mut session, 0, &mut handler)), ["400"]);
        let mut session = Session::new(0, &LIMITS);
        session.peer_closed(0, &mut handler);
        assert!(session.is_done());
        assert_eq!(handler.log.last().unwrap(), "- - - (client closed without a request)");
    }

    #[test]
    fn a_refused_connection_gets_its_answer_then_closes() {
        let mut handler = words();
        let mut session = Session::refused(0, &LIMITS, &Response::text(503, "busy"));
        assert!(!session.wants_read());
        let text = flush(&mut session, 0, &mut handler);
        assert!(text.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
        assert!(session.should_shut_write());
        assert_eq!(session.deadline(&LIMITS), Some(LINGER_MS));
        session.expire(LINGER_MS, &mut handler);
        assert!(session.is_done());
    }
}
