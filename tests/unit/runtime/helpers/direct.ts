// Calls WASI imports directly against a plain WebAssembly.Memory, as a guest would, so each call's
// results and errno can be checked without compiling a guest for every case.
import { MemoryFileSystem, type FileMap } from '../../../../src/runtime/devices/fs/memory-fs.ts';
import { DirectoryDescriptor } from '../../../../src/runtime/devices/fs/file-descriptors.ts';
import { RIGHTS_ALL, RIGHTS_DIRECTORY } from '../../../../src/runtime/abi/constants.ts';
import { WasiContext } from '../../../../src/runtime/calls/context.ts';
import { buildCalls } from '../../../../src/runtime/calls/imports.ts';
import { OutputDescriptor, StdinDescriptor } from '../../../../src/runtime/devices/stdio.ts';
import { VirtualNetwork } from '../../../../src/runtime/devices/net/virtual-network.ts';
import type { TraceListener } from '../../../../src/runtime/calls/trace.ts';

export interface DirectOptions {
  files?: FileMap;
  args?: string[];
  env?: string[];
  stdin?: string;
  network?: VirtualNetwork;
  canSuspend?: boolean;
  trace?: TraceListener;
}

type Call = (...args: (number | bigint)[]) => number;

export function direct(o: DirectOptions = {}) {
  const memory = new WebAssembly.Memory({ initial: 2 });
  const fs = new MemoryFileSystem(o.files ?? {});
  const network = o.network ?? new VirtualNetwork();
  const ctx = new WasiContext({
    args: o.args ?? ['guest'], env: o.env ?? [], fs, network, canSuspend: o.canSuspend ?? false, trace: o.trace,
  });
  const stdout: number[] = [];
  ctx.fds.add(new StdinDescriptor(new TextEncoder().encode(o.stdin ?? '')));
  ctx.fds.add(new OutputDescriptor((b) => stdout.push(...b)));
  ctx.fds.add(new OutputDescriptor(() => {}));
  ctx.fds.add(new DirectoryDescriptor(fs.root, RIGHTS_DIRECTORY, RIGHTS_ALL, '/'));
  ctx.mem.attach(memory);
  const ns = buildCalls(ctx) as Record<string, (...a: unknown[]) => unknown>;
  let heap = 1024;
  const dv = () => new DataView(memory.buffer);
  const bytes = () => new Uint8Array(memory.buffer);

  const api = {
    ctx,
    fs,
    network,
    memory,
    stdout: () => new TextDecoder().decode(new Uint8Array(stdout)),
    /** The import itself (may return a promise under JSPI-style contexts). */
    raw: (name: string) => ns[name]!,
    call: ((name: string, ...args: (number | bigint)[]) => ns[name]!(...args) as number) as (name: string, ...args: (number | bigint)[]) => number,
    alloc(size: number, align = 8): number {
      heap = Math.ceil(heap / align) * align;
      const p = heap;
      heap += size;
      return p;
    },
    /** Puts a string in memory: [ptr, len]. */
    str(s: string): [number, number] {
      const b = new TextEncoder().encode(s);
      const p = api.alloc(b.length + 1, 1);
      bytes().set(b, p);
      return [p, b.length];
    },
    u32: (p: number) => dv().getUint32(p, true),
    u16: (p: number) => dv().getUint16(p, true),
    u8: (p: number) => dv().getUint8(p),
    u64: (p: number) => dv().getBigUint64(p, true),
    text: (p: number, len: number) => new TextDecoder().decode(bytes().subarray(p, p + len)),
    /** An iovec array over one fresh buffer of `size` bytes: [iovs, buf]. */
    iov(size: number): [number, number] {
      const buf = api.alloc(size, 1);
      const iovs = api.alloc(8);
      dv().setUint32(iovs, buf, true);
      dv().setUint32(iovs + 4, size, true);
      return [iovs, buf];
    },
    /** A ciovec over the given text: [iovs, len]. */
    ciov(s: string): [number, number] {
      const [p, len] = api.str(s);
      const iovs = api.alloc(8);
      dv().setUint32(iovs, p, true);
      dv().setUint32(iovs + 4, len, true);
      return [iovs, 1];
    },
    /** Opens a path under the preopen (fd 3) and returns [errno, fd]. */
    open(path: string, oflags = 0, rights: bigint = RIGHTS_ALL, fdflags = 0, dirflags = 1): [number, number] {
      const [p, l] = api.str(path);
      const out = api.alloc(4);
      const e = api.call('path_open', 3, dirflags, p, l, oflags, rights, rights, fdflags, out);
      return [e, api.u32(out)];
    },
    write(fd: number, s: string): [number, number] {
      const [iovs] = api.ciov(s);
      const out = api.alloc(4);
      const e = api.call('fd_write', fd, iovs, 1, out);
      return [e, api.u32(out)];
    },
    read(fd: number, size = 256): [number, string] {
      const [iovs, buf] = api.iov(size);
      const out = api.alloc(4);
      const e = api.call('fd_read', fd, iovs, 1, out);
      return [e, e === 0 ? api.text(buf, api.u32(out)) : ''];
    },
    /** path_* call with the path string placed for you: pathCall('path_unlink_file', 'a.txt') */
    pathCall(name: string, path: string, ...rest: (number | bigint)[]): number {
      const [p, l] = api.str(path);
      return api.call(name, 3, p, l, ...rest);
    },
  };
  return api;
}

export type Direct = ReturnType<typeof direct>;
export type { Call };
