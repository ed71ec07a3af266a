// What each module asks of its host. A new import is a new requirement on every runtime, so it must be deliberate.
import { describe, expect, it } from 'vitest';
import { loadModule } from './test-host.ts';

function imports(file: string) {
  return WebAssembly.Module.imports(loadModule(file)).map(({ module, name, kind }) => `${module}.${name}:${kind}`);
}

const wasi = (names: string[]) => names.map((name) => `wasi_snapshot_preview1.${name}:function`).sort();

describe('module imports', () => {
  it('the server needs preview1 plus the WasmEdge socket functions it uses', () => {
    expect(imports('word_generator.wasm').sort()).toEqual(
      wasi([
        'environ_get',
        'environ_sizes_get',
        'fd_close',
        'fd_read',
        'fd_write',
        'proc_exit',
        'random_get',
        'sock_accept',
        'sock_bind',
        'sock_listen',
        'sock_open',
        'sock_setsockopt',
      ]),
    );
  });

  it('the command-line tool needs only standard preview1', () => {
    expect(imports('word_generator_cli.wasm').sort()).toEqual(
      wasi(['args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'fd_write', 'proc_exit', 'random_get']),
    );
  });

  it('both are WASI commands', () => {
    for (const file of ['word_generator.wasm', 'word_generator_cli.wasm']) {
      const exports = WebAssembly.Module.exports(loadModule(file)).map(({ name }) => name);
      expect(exports).toContain('_start');
      expect(exports).toContain('memory');
    }
  });
});
