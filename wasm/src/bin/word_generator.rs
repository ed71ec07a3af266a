//! `word_generator`: the HTTP word server.
//!
//! In Wasm it opens its listening socket through WasmEdge's socket extension (WASI preview1 has no way to
//! open one), then hands it to std's `TcpListener`, whose accept/read/write are standard preview1 calls.
//! Natively it uses std's `TcpListener::bind`, which is handy for trying the server without a runtime.
//! Each connection gets a read timeout (`READ_TIMEOUT_SECS`, default 10) so one silent client cannot hold it.

use std::net::{TcpListener, TcpStream};
use std::process::exit;
use std::time::Duration;
use word_generator::random::SystemRandom;
use word_generator::server::{port_from_setting, serve_connection};
use word_generator::timeout::{read_timeout_from_setting, TimeoutWarning};
use word_generator::words::WordList;

fn main() {
    let port_setting = std::env::var("PORT").ok();
    let port = match port_from_setting(port_setting.as_deref()) {
        Ok(port) => port,
        Err(message) => {
            eprintln!("word_generator: {}", message);
            exit(2);
        }
    };
    let timeout_setting = std::env::var("READ_TIMEOUT_SECS").ok();
    let read_timeout = match read_timeout_from_setting(timeout_setting.as_deref()) {
        Ok(timeout) => timeout,
        Err(message) => {
            eprintln!("word_generator: {}", message);
            exit(2);
        }
    };
    let listener = match listen(port) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("word_generator: cannot listen on 0.0.0.0:{}: {}", port, error);
            exit(1);
        }
    };
    println!("Listening on http://0.0.0.0:{}", port);

    let words = WordList::embedded();
    let mut random = SystemRandom;
    let mut timeout_warning = TimeoutWarning::default();
    for connection in listener.incoming() {
        match connection {
            Ok(mut stream) => {
                if let Some(timeout) = read_timeout {
                    // Not fatal: without the timeout the server still answers every client that sends.
                    if let Err(problem) = set_read_timeout(&stream, timeout) {
                        if let Some(message) = timeout_warning.message(&problem) {
                            eprintln!("word_generator: {}", message);
                        }
                    }
                }
                let exchange = serve_connection(&mut stream, &words, &mut random);
                println!("{}", exchange.log_line());
            }
            // One failed accept (say, a client that vanished) must not stop the server.
            Err(error) => eprintln!("word_generator: accept failed: {}", error),
        }
    }
}

#[cfg(not(target_os = "wasi"))]
fn listen(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(("0.0.0.0", port))
}

#[cfg(target_os = "wasi")]
fn listen(port: u16) -> std::io::Result<TcpListener> {
    wasmedge::listen(port)
}

#[cfg(not(target_os = "wasi"))]
fn set_read_timeout(stream: &TcpStream, timeout: Duration) -> Result<(), String> {
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|error| error.to_string())
}

/// std's `set_read_timeout` is unsupported on WASI, so the option goes through WasmEdge's `sock_setsockopt`.
#[cfg(target_os = "wasi")]
fn set_read_timeout(stream: &TcpStream, timeout: Duration) -> Result<(), String> {
    use std::os::wasi::io::AsRawFd;
    wasmedge::set_receive_timeout(stream.as_raw_fd() as u32, timeout)
        .map_err(|errno| format!("sock_setsockopt SO_RCVTIMEO failed with WASI errno {}", errno))
}

/// The WasmEdge socket extension, declared by hand (ABI: WasmEdge's `lib/host/wasi/wasifunc.cpp`).
#[cfg(target_os = "wasi")]
mod wasmedge {
    use std::io;
    use std::net::TcpListener;
    use std::os::wasi::io::FromRawFd;
    use std::time::Duration;
    use word_generator::timeout::timeval_bytes;

    const ADDRESS_FAMILY_INET4: u32 = 1;
    const SOCKET_TYPE_STREAM: u32 = 2;
    const SOL_SOCKET: u32 = 0;
    const SO_REUSEADDR: u32 = 0;
    const SO_RCVTIMEO: u32 = 11;
    const BACKLOG: u32 = 128;

    /// `{ buf, buf_len }`: 4 address bytes in network order for IPv4.
    #[repr(C)]
    struct WasiAddress {
        buf: *const u8,
        buf_len: u32,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        fn sock_open(address_family: u32, socket_type: u32, fd_out: *mut u32) -> u16;
        /// `value` is passed to the host's `setsockopt` byte for byte; `value_len` is its length.
        fn sock_setsockopt(fd: u32, level: u32, name: u32, value: *const u8, value_len: u32) -> u16;
        fn sock_bind(fd: u32, address: *const WasiAddress, port: u32) -> u16;
        fn sock_listen(fd: u32, backlog: u32) -> u16;
        fn fd_close(fd: u32) -> u16;
    }

    fn check(step: &str, errno: u16) -> io::Result<()> {
        if errno == 0 {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::Other,
                format!("{} failed with WASI errno {}", step, errno),
            ))
        }
    }

    pub fn listen(port: u16) -> io::Result<TcpListener> {
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
            // Lets a restarted server bind again at once instead of waiting out old connections.
            // Not fatal: the server still works without it.
            let _ = sock_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, reuse.as_ptr(), 4);
            let bound = check("sock_bind", sock_bind(fd, &address, u32::from(port)))
                .and_then(|_| check("sock_listen", sock_listen(fd, BACKLOG)));
            if let Err(error) = bound {
                let _ = fd_close(fd);
                return Err(error);
            }
            Ok(TcpListener::from_raw_fd(fd as _))
        }
    }

    /// Sets `SO_RCVTIMEO` on an accepted connection; a read that waits longer then fails with WASI errno AGAIN.
    /// Set per connection, not on the listener: on Linux the listener's timeout would also end `accept`.
    pub fn set_receive_timeout(fd: u32, timeout: Duration) -> Result<(), u16> {
        let value = timeval_bytes(timeout);
        // SAFETY: `value` is a live local of the length passed.
        let errno = unsafe { sock_setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, value.as_ptr(), value.len() as u32) };
        if errno == 0 {
            Ok(())
        } else {
            Err(errno)
        }
    }
}
