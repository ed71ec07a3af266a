//! The server's one thread: an event loop over non-blocking sockets. It waits until some socket is ready (or a
//! deadline comes), does only what will not block, and goes back to waiting, so a slow or silent client never
//! holds up another. Each connection's HTTP state lives in its `Session`.

use crate::http::Response;
use crate::net::{self, would_block, Interest, Listener, Stream};
use crate::session::{Handler, Limits, Session};
use crate::server::Exchange;
use std::io;
use std::time::Instant;

/// Connections beyond `max_connections` that are still accepted, only to be told 503: past this many more, new
/// clients wait in the listen backlog instead.
const REFUSED_SLOTS: usize = 32;

/// Reads per connection per turn, so one fast client cannot starve the others.
const READS_PER_TURN: usize = 8;

/// Connections accepted per turn. Clients that keep connecting must not keep the loop accepting: between two
/// accepts the open connections get their turn, and those their clients closed are reaped, so the cap counts only
/// connections that are really open (with more per turn, a flood of short connections is refused 503 while
/// closed ones wait to be reaped).
const ACCEPTS_PER_TURN: usize = 1;

struct Connection {
    stream: Stream,
    session: Session,
    write_shut: bool,
    /// Counted against the cap (a refused connection is not).
    served: bool,
}

pub struct EventLoop {
    listener: Listener,
    connections: Vec<Connection>,
    limits: Limits,
    max_connections: usize,
    started: Instant,
    interests: Vec<Interest>,
}

impl EventLoop {
    pub fn new(listener: Listener, limits: Limits, max_connections: usize) -> EventLoop {
        EventLoop {
            listener,
            connections: Vec::new(),
            limits,
            max_connections,
            started: Instant::now(),
            interests: Vec::new(),
        }
    }

    /// Connections open now (served and refused).
    pub fn open(&self) -> usize {
        self.connections.len()
    }

    /// Serves forever; returns only if waiting itself fails.
    pub fn run(&mut self, handler: &mut dyn Handler) -> io::Result<()> {
        loop {
            self.turn(handler, None)?;
        }
    }

    fn now(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// One round: wait (at most `max_wait_ms`, or until the nearest deadline), then do what is ready.
    pub fn turn(&mut self, handler: &mut dyn Handler, max_wait_ms: Option<u64>) -> io::Result<()> {
        let accepting = self.connections.len() < self.max_connections + REFUSED_SLOTS;
        self.interests.clear();
        self.interests.push(Interest {
            fd: self.listener.raw(),
            read: accepting,
            ..Interest::default()
        });
        let mut nearest: Option<u64> = None;
        for connection in &self.connections {
            let session = &connection.session;
            self.interests.push(Interest {
                fd: connection.stream.raw(),
                read: session.wants_read(),
                write: !session.unsent().is_empty(),
                ..Interest::default()
            });
            if let Some(deadline) = session.deadline(&self.limits) {
                nearest = Some(nearest.map_or(deadline, |nearest: u64| nearest.min(deadline)));
            }
        }
        let now = self.now();
        let mut timeout = nearest.map(|deadline| deadline.saturating_sub(now));
        if let Some(max) = max_wait_ms {
            timeout = Some(timeout.map_or(max, |timeout| timeout.min(max)));
        }
        net::wait(&mut self.interests, timeout)?;
        let now = self.now();

        for index in 0..self.connections.len() {
            let ready = self.interests[index + 1];
            let connection = &mut self.connections[index];
            if ready.readable {
                read_some(connection, now, handler);
            }
            if ready.writable || ready.readable {
                write_some(connection, now, handler);
            }
            let session = &mut connection.session;
            if session.deadline(&self.limits).map_or(false, |deadline| now >= deadline) {
                session.expire(now, handler);
                write_some(connection, now, handler);
            }
        }
        // Closing drops the stream, which closes the socket.
        self.connections.retain(|connection| !connection.session.is_done());

        if self.interests[0].readable {
            self.accept_all(now, handler);
        }
        Ok(())
    }

    fn accept_all(&mut self, now: u64, handler: &mut dyn Handler) {
        for _ in 0..ACCEPTS_PER_TURN {
            if self.connections.len() >= self.max_connections + REFUSED_SLOTS {
                return;
            }
            let stream = match self.listener.accept() {
                Ok(Some(stream)) => stream,
                Ok(None) => return,
                Err(error) if would_block(&error) => return,
                // One failed accept (say, a client that vanished) must not stop the server.
                Err(error) => {
                    handler.log(problem(&format!("accept failed: {}", error)));
                    return;
                }
            };
            let served = self.connections.iter().filter(|connection| connection.served).count();
            let mut connection = if served < self.max_connections {
                Connection {
                    stream,
                    session: Session::new(now, &self.limits),
                    write_shut: false,
                    served: true,
                }
            } else {
                handler.log(Exchange {
                    request: "- -".to_string(),
                    status: Some(503),
                    problem: Some(format!(
                        "{} connections are open, the most this server serves at once (MAX_CONNECTIONS)",
                        served
                    )),
                });
                let response = Response::text(503, "the server is busy: too many open connections; try again shortly");
                Connection {
                    stream,
                    session: Session::refused(now, &self.limits, &response),
                    write_shut: false,
                    served: false,
                }
            };
            // The request usually arrives with the connection: answer it now rather than after another wait.
            read_some(&mut connection, now, handler);
            write_some(&mut connection, now, handler);
            if !connection.session.is_done() {
                self.connections.push(connection);
            }
        }
    }
}

fn read_some(connection: &mut Connection, now: u64, handler: &mut dyn Handler) {
    let mut buf = [0u8; 4096];
    for _ in 0..READS_PER_TURN {
        if !connection.session.wants_read() {
            return;
        }
        match connection.stream.read(&mut buf) {
            Ok(0) => return connection.session.peer_closed(now, handler),
            Ok(count) => connection.session.received(&buf[..count], now, handler),
            Err(error) if would_block(&error) => return,
            Err(error) => return connection.session.failed("read", &error.to_string(), handler),
        }
    }
}

fn write_some(connection: &mut Connection, now: u64, handler: &mut dyn Handler) {
    while !connection.session.unsent().is_empty() {
        match connection.stream.write(connection.session.unsent()) {
            Ok(0) => return,
            Ok(count) => connection.session.sent(count, now, handler),
            Err(error) if would_block(&error) => return,
            Err(error) => return connection.session.failed("write", &error.to_string(), handler),
        }
    }
    if connection.session.should_shut_write() && !connection.write_shut {
        connection.write_shut = true;
        // The client may already be gone; closing follows either way.
        let _ = connection.stream.shutdown_write();
    }
}

fn problem(text: &str) -> Exchange {
    Exchange {
        request: "- -".to_string(),
        status: None,
        problem: Some(text.to_string()),
    }
}
