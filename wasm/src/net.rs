//! Non-blocking sockets and a way to wait on many of them: the only part of the server that knows where it runs.
//!
//! - Wasm for WASI 0.1 (`wasm32-wasip1`, and Debian's older name `wasm32-wasi`): WASI 0.1 cannot open a listening
//!   socket, so this declares WasmEdge's socket extension by hand (ABI: WasmEdge's `lib/host/wasi/wasifunc.cpp`)
//!   and waits with the standard `poll_oneoff`. Reads and writes use `sock_recv`/`sock_send`: WasmEdge sends with
//!   `MSG_NOSIGNAL`, so a client that vanishes is an error to handle, not a signal that ends the runtime.
//! - Everywhere else (native, and `wasm32-wasip2` through wasi-libc): std's sockets and the C library's `poll`.

use std::io;

/// One socket to wait on: what we want to know (`read`, `write`) and, after `wait`, what is ready.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Interest {
    pub fd: RawFd,
    pub read: bool,
    pub write: bool,
    pub readable: bool,
    pub writable: bool,
}

pub use sys::{listen, wait, Listener, RawFd, Stream};

/// The Rust target cfg for this path: `target_env` is "p1" on `wasm32-wasip1` and empty on the older `wasm32-wasi`.
#[cfg(all(target_os = "wasi", any(target_env = "p1", target_env = "")))]
mod sys {
    use super::Interest;
    use std::io;

    pub type RawFd = u32;

    const ADDRESS_FAMILY_INET4: u32 = 1;
    const SOCKET_TYPE_STREAM: u32 = 2;
    const SOL_SOCKET: u32 = 0;
    const SO_REUSEADDR: u32 = 0;
    const BACKLOG: u32 = 128;
    const FDFLAGS_NONBLOCK: u32 = 4;
    const SHUT_WR: u32 = 2;
    const ERRNO_AGAIN: u16 = 6;
    const ERRNO_INTR: u16 = 27;
    const EVENTTYPE_CLOCK: u8 = 0;
    const EVENTTYPE_FD_READ: u8 = 1;
    const EVENTTYPE_FD_WRITE: u8 = 2;
    const CLOCK_MONOTONIC: u64 = 1;
    const TIMER: u64 = u64::MAX;

    /// `{ buf, buf_len }`: 4 address bytes in network order for IPv4.
    #[repr(C)]
    struct WasiAddress {
        buf: *const u8,
        buf_len: u32,
    }

    #[repr(C)]
    struct IoVec {
        buf: *const u8,
        len: usize,
    }

    /// WASI 0.1 `subscription` (48 bytes): `a` is a clock id or an fd, then timeout, precision, flags for clocks.
    #[repr(C)]
    struct Subscription {
        userdata: u64,
        tag: u8,
        a: u64,
        timeout: u64,
        precision: u64,
        flags: u64,
    }

    /// WASI 0.1 `event` (32 bytes).
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Event {
        userdata: u64,
        error: u16,
        tag: u8,
        nbytes: u64,
        flags: u64,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        fn sock_open(address_family: u32, socket_type: u32, fd_out: *mut u32) -> u16;
        /// `value` is passed to the host's `setsockopt` byte for byte; `value_len` is its length.
        fn sock_setsockopt(fd: u32, level: u32, name: u32, value: *const u8, value_len: u32) -> u16;
        fn sock_bind(fd: u32, address: *const WasiAddress, port: u32) -> u16;
        fn sock_listen(fd: u32, backlog: u32) -> u16;
        fn sock_accept(fd: u32, flags: u32, fd_out: *mut u32) -> u16;
        fn sock_recv(fd: u32, iovs: *const IoVec, count: u32, flags: u32, read_out: *mut u32, flags_out: *mut u16)
            -> u16;
        fn sock_send(fd: u32, iovs: *const IoVec, count: u32, flags: u32, written_out: *mut u32) -> u16;
        fn sock_shutdown(fd: u32, how: u32) -> u16;
        fn fd_fdstat_set_flags(fd: u32, flags: u32) -> u16;
        fn fd_close(fd: u32) -> u16;
        fn poll_oneoff(subscriptions: *const Subscription, events: *mut Event, count: u32, events_out: *mut u32)
            -> u16;
    }

    fn check(step: &str, errno: u16) -> io::Result<()> {
        match errno {
            0 => Ok(()),
            ERRNO_AGAIN => Err(io::Error::from(io::ErrorKind::WouldBlock)),
            ERRNO_INTR => Err(io::Error::from(io::ErrorKind::Interrupted)),
            _ => Err(io::Error::new(
                io::ErrorKind::Other,
                format!("{} failed with WASI errno {}", step, errno),
            )),
        }
    }

    /// A socket descriptor, closed when dropped.
    #[derive(Debug)]
    struct Fd(u32);

    impl Drop for Fd {
        fn drop(&mut self) {
            // SAFETY: plain integer argument.
            let _ = unsafe { fd_close(self.0) };
        }
    }

    fn set_nonblocking(fd: u32) -> io::Result<()> {
        // SAFETY: plain integer arguments.
        check("fd_fdstat_set_flags", unsafe { fd_fdstat_set_flags(fd, FDFLAGS_NONBLOCK) })
    }

    #[derive(Debug)]
    pub struct Listener(Fd);

    /// Opens a non-blocking listening socket on 0.0.0.0:`port`.
    pub fn listen(port: u16) -> io::Result<Listener> {
        let any_address = [0u8; 4];
        let address = WasiAddress {
            buf: any_address.as_ptr(),
            buf_len: 4,
        };
        let reuse = 1i32.to_le_bytes();
        let mut fd: u32 = 0;
        // SAFETY: every pointer refers to a live local of the type the host expects.
        unsafe {
            check(
                "sock_open",
                sock_open(ADDRESS_FAMILY_INET4, SOCKET_TYPE_STREAM, &mut fd),
            )?;
        }
        let socket = Fd(fd);
        // Lets a restarted server bind again at once instead of waiting out old connections. Not fatal.
        // SAFETY: as above.
        unsafe {
            let _ = sock_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, reuse.as_ptr(), 4);
            check("sock_bind", sock_bind(fd, &address, u32::from(port)))?;
            check("sock_listen", sock_listen(fd, BACKLOG))?;
        }
        set_nonblocking(fd)?;
        Ok(Listener(socket))
    }

    impl Listener {
        /// A waiting connection, made non-blocking, or `None` when none is waiting.
        pub fn accept(&self) -> io::Result<Option<Stream>> {
            let mut fd: u32 = 0;
            // The flags stay 0: WasmEdge 0.14 applies an accept's NONBLOCK to the listener, not the new socket.
            // SAFETY: `fd` is a live local.
            match check("sock_accept", unsafe { sock_accept((self.0).0, 0, &mut fd) }) {
                Ok(()) => {
                    let stream = Stream(Fd(fd));
                    set_nonblocking(fd)?;
                    Ok(Some(stream))
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(None),
                Err(error) => Err(error),
            }
        }

        pub fn raw(&self) -> RawFd {
            (self.0).0
        }
    }

    #[derive(Debug)]
    pub struct Stream(Fd);

    impl Stream {
        /// Bytes received (0 = the client finished sending), or `WouldBlock`.
        pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let iov = IoVec {
                buf: buf.as_mut_ptr(),
                len: buf.len(),
            };
            let (mut count, mut flags) = (0u32, 0u16);
            // SAFETY: `iov` describes `buf`, which lives for the call; the outputs are live locals.
            check("sock_recv", unsafe {
                sock_recv((self.0).0, &iov, 1, 0, &mut count, &mut flags)
            })?;
            Ok(count as usize)
        }

        /// Bytes accepted for sending (maybe fewer than given), or `WouldBlock`.
        pub fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let iov = IoVec {
                buf: buf.as_ptr(),
                len: buf.len(),
            };
            let mut count = 0u32;
            // SAFETY: as in `read`.
            check("sock_send", unsafe { sock_send((self.0).0, &iov, 1, 0, &mut count) })?;
            Ok(count as usize)
        }

        /// Says we will send nothing more; the client sees the end of the stream.
        pub fn shutdown_write(&mut self) -> io::Result<()> {
            // SAFETY: plain integer arguments.
            check("sock_shutdown", unsafe { sock_shutdown((self.0).0, SHUT_WR) })
        }

        pub fn raw(&self) -> RawFd {
            (self.0).0
        }
    }

    /// Waits until a socket in `interests` is ready or `timeout_ms` passes, and marks what is ready.
    pub fn wait(interests: &mut [Interest], timeout_ms: Option<u64>) -> io::Result<()> {
        let mut subscriptions = Vec::with_capacity(interests.len() * 2 + 1);
        for (index, interest) in interests.iter_mut().enumerate() {
            interest.readable = false;
            interest.writable = false;
            for (wanted, tag) in [(interest.read, EVENTTYPE_FD_READ), (interest.write, EVENTTYPE_FD_WRITE)] {
                if wanted {
                    subscriptions.push(Subscription {
                        userdata: index as u64,
                        tag,
                        a: u64::from(interest.fd),
                        timeout: 0,
                        precision: 0,
                        flags: 0,
                    });
                }
            }
        }
        if let Some(ms) = timeout_ms {
            subscriptions.push(Subscription {
                userdata: TIMER,
                tag: EVENTTYPE_CLOCK,
                a: CLOCK_MONOTONIC,
                timeout: ms.saturating_mul(1_000_000),
                precision: 0,
                flags: 0,
            });
        }
        if subscriptions.is_empty() {
            return Ok(());
        }
        let empty = Event {
            userdata: 0,
            error: 0,
            tag: 0,
            nbytes: 0,
            flags: 0,
        };
        let mut events = vec![empty; subscriptions.len()];
        let mut count = 0u32;
        // SAFETY: both arrays hold `subscriptions.len()` entries of the WASI layout and live for the call.
        check("poll_oneoff", unsafe {
            poll_oneoff(
                subscriptions.as_ptr(),
                events.as_mut_ptr(),
                subscriptions.len() as u32,
                &mut count,
            )
        })?;
        for event in events.iter().take(count as usize) {
            let interest = match interests.get_mut(event.userdata as usize) {
                Some(interest) if event.userdata != TIMER => interest,
                _ => continue,
            };
            // An error on a socket is reported as ready, so the next read or write meets it.
            match event.tag {
                EVENTTYPE_FD_READ => interest.readable = true,
                EVENTTYPE_FD_WRITE => interest.writable = true,
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(not(all(target_os = "wasi", any(target_env = "p1", target_env = ""))))]
mod sys {
    use super::Interest;
    use std::io::{self, Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    #[cfg(unix)]
    use std::os::unix::io::AsRawFd;
    #[cfg(target_os = "wasi")]
    use std::os::wasi::io::AsRawFd;

    pub type RawFd = i32;

    #[repr(C)]
    struct PollFd {
        fd: i32,
        events: i16,
        revents: i16,
    }

    // POLLIN, POLLOUT, POLLERR, POLLHUP: Linux and macOS share these values; wasi-libc has its own.
    #[cfg(not(target_os = "wasi"))]
    const POLL: [i16; 4] = [0x1, 0x4, 0x8, 0x10];
    #[cfg(target_os = "wasi")]
    const POLL: [i16; 4] = [0x1, 0x2, 0x1000, 0x2000];
    const POLLIN_AT: usize = 0;
    const POLLOUT_AT: usize = 1;
    const POLLERR_AT: usize = 2;
    const POLLHUP_AT: usize = 3;

    #[cfg(target_os = "macos")]
    type NfdsT = std::os::raw::c_uint;
    #[cfg(not(target_os = "macos"))]
    type NfdsT = std::os::raw::c_ulong;

    extern "C" {
        fn poll(fds: *mut PollFd, nfds: NfdsT, timeout: i32) -> i32;
    }

    #[derive(Debug)]
    pub struct Listener(TcpListener);

    pub fn listen(port: u16) -> io::Result<Listener> {
        let listener = TcpListener::bind(("0.0.0.0", port))?;
        listener.set_nonblocking(true)?;
        Ok(Listener(listener))
    }

    impl Listener {
        pub fn accept(&self) -> io::Result<Option<Stream>> {
            match self.0.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(true)?;
                    Ok(Some(Stream(stream)))
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(None),
                Err(error) => Err(error),
            }
        }

        pub fn raw(&self) -> RawFd {
            self.0.as_raw_fd() as RawFd
        }

        /// The port it listens on (tests bind port 0).
        pub fn port(&self) -> io::Result<u16> {
            Ok(self.0.local_addr()?.port())
        }
    }

    #[derive(Debug)]
    pub struct Stream(TcpStream);

    impl Stream {
        pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.0.read(buf)
        }

        pub fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.write(buf)
        }

        pub fn shutdown_write(&mut self) -> io::Result<()> {
            self.0.shutdown(Shutdown::Write)
        }

        pub fn raw(&self) -> RawFd {
            self.0.as_raw_fd() as RawFd
        }
    }

    pub fn wait(interests: &mut [Interest], timeout_ms: Option<u64>) -> io::Result<()> {
        let mut fds: Vec<PollFd> = interests
            .iter()
            .map(|interest| PollFd {
                fd: interest.fd,
                events: if interest.read { POLL[POLLIN_AT] } else { 0 }
                    | if interest.write { POLL[POLLOUT_AT] } else { 0 },
                revents: 0,
            })
            .collect();
        let timeout = timeout_ms.map_or(-1, |ms| ms.min(i32::MAX as u64) as i32);
        // SAFETY: `fds` holds `fds.len()` entries of the C layout and lives for the call.
        let ready = unsafe { poll(fds.as_mut_ptr(), fds.len() as NfdsT, timeout) };
        if ready < 0 {
            return Err(io::Error::last_os_error());
        }
        let trouble = POLL[POLLERR_AT] | POLL[POLLHUP_AT];
        for (interest, fd) in interests.iter_mut().zip(fds.iter()) {
            interest.readable = interest.read && fd.revents & (POLL[POLLIN_AT] | trouble) != 0;
            interest.writable = interest.write && fd.revents & (POLL[POLLOUT_AT] | trouble) != 0;
        }
        Ok(())
    }
}

/// Whether an I/O error only means "not now".
pub fn would_block(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted)
}
