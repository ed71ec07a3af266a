//! `word_generator`: the HTTP word server.
//!
//! In Wasm it opens its listening socket through WasmEdge's socket extension (WASI preview1 has no way to
//! open one), then hands it to std's `TcpListener`, whose accept/read/write are standard preview1 calls.
//! Natively it uses std's `TcpListener::bind`, which is handy for trying the server without a runtime.

use std::net::TcpListener;
use std::process::exit;
use word_generator::random::SystemRandom;
use word_generator::server::{port_from_setting, serve_connection};
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
    for connection in listener.incoming() {
        match connection {
            Ok(mut stream) => {
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

/// The WasmEdge socket extension, declared by hand (ABI: WasmEdge's `lib/host/wasi/wasifunc.cpp`).
#[cfg(target_os = "wasi")]
mod wasmedge {
    use std::io;
    use std::net::TcpListener;
    use std::os::wasi::io::FromRawFd;

    const ADDRESS_FAMILY_INET4: u32 = 1;
    const SOCKET_TYPE_STREAM: u32 = 2;
    const SOL_SOCKET: u32 = 0;
    const SO_REUSEADDR: u32 = 0;
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
        fn sock_setsockopt(fd: u32, level: u32, name: u32, value: *const i32, value_len: u32) -> u16;
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
        let reuse: i32 = 1;
        let mut fd: u32 = 0;
        // SAFETY: every pointer refers to a live local of the type the host expects.
        unsafe {
            check(
                "sock_open",
                sock_open(ADDRESS_FAMILY_INET4, SOCKET_TYPE_STREAM, &mut fd),
            )?;
            // Lets a restarted server bind again at once instead of waiting out old connections.
            // Not fatal: the server still works without it.
            let _ = sock_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, 4);
            let bound = check("sock_bind", sock_bind(fd, &address, u32::from(port)))
                .and_then(|_| check("sock_listen", sock_listen(fd, BACKLOG)));
            if let Err(error) = bound {
                let _ = fd_close(fd);
                return Err(error);
            }
            Ok(TcpListener::from_raw_fd(fd as _))
        }
    }
}
