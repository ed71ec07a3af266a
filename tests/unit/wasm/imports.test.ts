// What each module asks of its host. A new import is a new requirement on every runtime, so it must be deliberate.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cliWasm, serverWasm } from './hosts.ts';

function imports(file: string) {
  return WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(file))).map(({ module, name, kind }) => `${module}.${name}:${kind}`);
}

const wasi = (names: string[]) => names.map((name) => `wasi_snapshot_preview1.${name}:function`).sort();

describe('module imports', () => {
  it('the server needs preview1 (with poll_oneoff and non-blocking flags for its event loop) plus the WasmEdge socket functions', () => {
    expect(imports(serverWasm).sort()).toEqual(
      wasi([
        'clock_time_get',
        'environ_get',
        'environ_sizes_get',
        'fd_close',
        'fd_fdstat_set_flags',
        'fd_write',
        'poll_oneoff',
        'proc_exit',
        'random_get',
        'sock_accept',
        'sock_bind',
        'sock_listen',
        'sock_open',
        'sock_recv',
        'sock_send',
        'sock_setsockopt',
        'sock_shutdown',
      ]),
    );
  });

  it('the command-line tool needs only standard preview1', () => {
    expect(imports(cliWasm).sort()).toEqual(
      wasi(['args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'fd_write', 'proc_exit', 'random_get']),
    );
  });

  it('both are WASI commands', () => {
    for (const file of [serverWasm, cliWasm]) {
      const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map(({ name }) => name);
      expect(exports).toContain('_start');
      expect(exports).toContain('memory');
    }
  });
});
