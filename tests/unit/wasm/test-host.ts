// A small WASI preview1 host for testing the word-generator modules in Node, without WasmEdge.
//
// It is a test fixture: stdout/stderr are collected, the environment and arguments are given, and the
// WasmEdge socket functions work over in-memory connections. Each run is a fresh instance. When the
// server asks for a connection after the last one, the host throws `NoMoreConnections` to stop it,
// the same way `proc_exit` stops a command by throwing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ERRNO_SUCCESS = 0;
const ERRNO_AGAIN = 6;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;
const ERRNO_NOTSUP = 58;
const ERRNO_PIPE = 64;

const LISTENER_FD = 10;
const FIRST_CONNECTION_FD = 11;

/** One client: the bytes it sends, then it closes its side. */
export interface Connection {
  request: string | Uint8Array;
  /** Hand the request to the server this many bytes per read (default: all at once). */
  chunkSize?: number;
  /** The client has gone: writes fail with EPIPE. */
  failWrites?: boolean;
  /** After its request the client stays connected and silent: reads fail with AGAIN, as when the read timeout runs out. */
  stalls?: boolean;
}

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  connections?: Connection[];
  /** Option names `sock_setsockopt` refuses with NOTSUP, as a runtime without them would. */
  refuseOptions?: number[];
}

export interface RunResult {
  /** The `proc_exit` code, 0 when `_start` returned, `null` when the server was stopped while waiting. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** What the server wrote on each connection, in order. */
  responses: string[];
  /** Whether the server closed each connection. */
  closed: boolean[];
  /** Where the server bound: `{ address: '0.0.0.0', port }`. */
  bound: { address: string; port: number } | null;
  /** Socket options set, as `level/name=value`: an int, or a timeval as seconds (`0/11=10s`). */
  socketOptions: string[];
}

class ProcExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`proc_exit(${code})`);
    this.code = code;
  }
}

class NoMoreConnections extends Error {}

interface OpenConnection {
  spec: Connection;
  input: Uint8Array;
  readOffset: number;
  output: Uint8Array[];
  closed: boolean;
}

export function loadModule(file: string): WebAssembly.Module {
  const path = fileURLToPath(new URL(`../../../public/wasm/${file}`, import.meta.url));
  return new WebAssembly.Module(readFileSync(path));
}

/** Runs the module's `_start` to completion (or until the server runs out of connections). */
export function run(module: WebAssembly.Module, options: RunOptions = {}): RunResult {
  const encoder = new TextEncoder();
  const args = ['module.wasm', ...(options.args ?? [])].map((arg) => encoder.encode(`${arg}\0`));
  const env = Object.entries(options.env ?? {}).map(([key, value]) => encoder.encode(`${key}=${value}\0`));
  const pending = [...(options.connections ?? [])];
  const connections = new Map<number, OpenConnection>();
  const opened: OpenConnection[] = [];
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const result: Pick<RunResult, 'bound' | 'socketOptions'> = { bound: null, socketOptions: [] };
  let listenerOpen = false;
  let nextFd = FIRST_CONNECTION_FD;
  let memory: WebAssembly.Memory | undefined;

  const bytes = () => {
    if (!memory) throw new Error('the module has no exported memory');
    return new Uint8Array(memory.buffer);
  };
  const view = () => new DataView(bytes().buffer);
  const setU32 = (ptr: number, value: number) => view().setUint32(ptr, value, true);
  const getU32 = (ptr: number) => view().getUint32(ptr, true);

  /** Writes NUL-terminated strings and their pointers (args_get / environ_get). */
  const writeList = (list: Uint8Array[], pointersPtr: number, bufferPtr: number) => {
    let at = bufferPtr;
    list.forEach((item, index) => {
      setU32(pointersPtr + index * 4, at);
      bytes().set(item, at);
      at += item.length;
    });
    return ERRNO_SUCCESS;
  };
  const writeSizes = (list: Uint8Array[], countPtr: number, sizePtr: number) => {
    setU32(countPtr, list.length);
    setU32(sizePtr, list.reduce((sum, item) => sum + item.length, 0));
    return ERRNO_SUCCESS;
  };

  /** The `{ buf, len }` pairs of an iovec array. */
  const iovecs = (ptr: number, count: number) =>
    Array.from({ length: count }, (_, index) => ({
      buf: getU32(ptr + index * 8),
      len: getU32(ptr + index * 8 + 4),
    }));

  const preview1: Record<string, (...params: number[]) => number> = {
    args_sizes_get: (countPtr, sizePtr) => writeSizes(args, countPtr, sizePtr),
    args_get: (argvPtr, bufPtr) => writeList(args, argvPtr, bufPtr),
    environ_sizes_get: (countPtr, sizePtr) => writeSizes(env, countPtr, sizePtr),
    environ_get: (environPtr, bufPtr) => writeList(env, environPtr, bufPtr),
    random_get: (ptr, len) => {
      // getRandomValues fills at most 64 KiB per call.
      for (let at = 0; at < len; at += 65536) {
        crypto.getRandomValues(bytes().subarray(ptr + at, ptr + Math.min(len, at + 65536)));
      }
      return ERRNO_SUCCESS;
    },
    proc_exit: (code) => {
      throw new ProcExit(code);
    },
    fd_write: (fd, iovsPtr, iovsLen, writtenPtr) => {
      const connection = connections.get(fd);
      const sink = fd === 1 ? stdout : fd === 2 ? stderr : connection && !connection.closed ? connection.output : null;
      if (!sink) return ERRNO_BADF;
      if (connection?.spec.failWrites) return ERRNO_PIPE;
      let written = 0;
      for (const { buf, len } of iovecs(iovsPtr, iovsLen)) {
        sink.push(bytes().slice(buf, buf + len));
        written += len;
      }
      setU32(writtenPtr, written);
      return ERRNO_SUCCESS;
    },
    fd_read: (fd, iovsPtr, iovsLen, readPtr) => {
      const connection = connections.get(fd);
      if (!connection || connection.closed) return ERRNO_BADF;
      let budget = connection.spec.chunkSize ?? Infinity;
      let read = 0;
      for (const { buf, len } of iovecs(iovsPtr, iovsLen)) {
        const count = Math.min(len, budget, connection.input.length - connection.readOffset);
        bytes().set(connection.input.subarray(connection.readOffset, connection.readOffset + count), buf);
        connection.readOffset += count;
        budget -= count;
        read += count;
      }
      if (read === 0 && connection.spec.stalls) return ERRNO_AGAIN;
      setU32(readPtr, read); // 0 = the client closed its side
      return ERRNO_SUCCESS;
    },
    fd_close: (fd) => {
      const connection = connections.get(fd);
      if (connection && !connection.closed) {
        connection.closed = true;
        return ERRNO_SUCCESS;
      }
      if (fd === LISTENER_FD && listenerOpen) {
        listenerOpen = false;
        return ERRNO_SUCCESS;
      }
      return ERRNO_BADF;
    },
    // WasmEdge socket extension (ABI notes: ../shared/facts/wasmedge-sockets.md in the project folder).
    sock_open: (family, type, fdPtr) => {
      if (family !== 1 || type !== 2 || listenerOpen) return ERRNO_INVAL;
      listenerOpen = true;
      setU32(fdPtr, LISTENER_FD);
      return ERRNO_SUCCESS;
    },
    sock_setsockopt: (fd, level, name, valuePtr, valueLen) => {
      const open = fd === LISTENER_FD ? listenerOpen : connections.get(fd)?.closed === false;
      if (!open) return ERRNO_BADF;
      if (options.refuseOptions?.includes(name)) return ERRNO_NOTSUP;
      if (valueLen === 4) {
        result.socketOptions.push(`${level}/${name}=${view().getInt32(valuePtr, true)}`);
      } else if (valueLen === 16) {
        // struct timeval on a 64-bit host: i64 seconds, i64 microseconds.
        const seconds = Number(view().getBigInt64(valuePtr, true)) + Number(view().getBigInt64(valuePtr + 8, true)) / 1e6;
        result.socketOptions.push(`${level}/${name}=${seconds}s`);
      } else {
        return ERRNO_INVAL;
      }
      return ERRNO_SUCCESS;
    },
    sock_bind: (fd, addressPtr, port) => {
      const buf = getU32(addressPtr);
      const len = getU32(addressPtr + 4);
      if (fd !== LISTENER_FD || len !== 4) return ERRNO_INVAL;
      result.bound = { address: [...bytes().slice(buf, buf + 4)].join('.'), port };
      return ERRNO_SUCCESS;
    },
    sock_listen: (fd) => (fd === LISTENER_FD && result.bound ? ERRNO_SUCCESS : ERRNO_INVAL),
    sock_accept: (fd, _flags, fdPtr) => {
      if (fd !== LISTENER_FD || !listenerOpen) return ERRNO_BADF;
      const spec = pending.shift();
      if (!spec) throw new NoMoreConnections();
      const input = typeof spec.request === 'string' ? encoder.encode(spec.request) : spec.request;
      const connection: OpenConnection = { spec, input, readOffset: 0, output: [], closed: false };
      connections.set(nextFd, connection);
      opened.push(connection);
      setU32(fdPtr, nextFd);
      nextFd += 1;
      return ERRNO_SUCCESS;
    },
  };

  const imports: Record<string, Record<string, (...params: number[]) => number>> = {};
  for (const { module: namespace, name, kind } of WebAssembly.Module.imports(module)) {
    const implementation = namespace === 'wasi_snapshot_preview1' ? preview1[name] : undefined;
    if (kind !== 'function' || !implementation) {
      throw new Error(`the test host does not provide ${namespace}.${name} (${kind})`);
    }
    (imports[namespace] ??= {})[name] = implementation;
  }

  const instance = new WebAssembly.Instance(module, imports);
  const exported = instance.exports;
  if (!(exported['memory'] instanceof WebAssembly.Memory) || typeof exported['_start'] !== 'function') {
    throw new Error('not a WASI command: it needs to export memory and _start');
  }
  memory = exported['memory'];
  const start = exported['_start'] as () => void;

  let exitCode: number | null = 0;
  try {
    start();
  } catch (error) {
    if (error instanceof ProcExit) exitCode = error.code;
    else if (error instanceof NoMoreConnections) exitCode = null;
    else throw error;
  }

  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
  return {
    exitCode,
    stdout: text(stdout),
    stderr: text(stderr),
    responses: opened.map((connection) => text(connection.output)),
    closed: opened.map((connection) => connection.closed),
    ...result,
  };
}

/** A parsed HTTP response, for assertions. */
export interface ParsedResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

export function parseResponse(raw: string): ParsedResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no end of head in response: ${JSON.stringify(raw)}`);
  const [statusLine = '', ...headerLines] = raw.slice(0, split).split('\r\n');
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine);
  if (!match?.[1]) throw new Error(`bad status line: ${statusLine}`);
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(match[1]), headers, body: raw.slice(split + 4) };
}
