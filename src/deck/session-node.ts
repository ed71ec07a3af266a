/**
 * Runs a terminal session in Node on the real runtime and the real modules from public/wasm/: the same Shell the
 * slide terminal uses. Used to record a session (scripts/record-session.ts) and to replay every recording in CI
 * (tests/unit/deck/recordings.test.ts). Node only; decks never import it.
 */
import { readFileSync } from 'node:fs';
import { compileModule, type GuestModule } from '../runtime/index.ts';
import { plain } from '../terminal/ansi.ts';
import { Shell } from '../terminal/shell.ts';
import type { ModuleFile, ShellEnvironment } from '../terminal/types.ts';

const wasmDir = new URL('../../public/wasm/', import.meta.url);

/** The shell's environment in Node: the modules of public/wasm/, each compiled once. Also the unit tests' shell. */
export function nodeEnvironment(): ShellEnvironment {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', wasmDir), 'utf8')) as { modules: ModuleFile[] };
  const compiled = new Map<string, Promise<GuestModule>>();
  return {
    loadModule: (file) => {
      let guest = compiled.get(file);
      if (!guest) {
        guest = compileModule(new Uint8Array(readFileSync(new URL(file, wasmDir))), file);
        compiled.set(file, guest);
      }
      return guest;
    },
    modules: async () => manifest.modules.map(({ file, bytes, role }) => ({ file, bytes, role })),
  };
}

/** What each command printed, without colours, in order. Background servers are stopped at the end. */
export async function runSession(commands: readonly string[]): Promise<string[]> {
  let screen = '';
  const shell = new Shell(nodeEnvironment(), { write: (t) => (screen += t), clear: () => (screen = '') });
  const outputs: string[] = [];
  try {
    for (const command of commands) {
      const from = screen.length;
      await shell.run(command);
      outputs.push(plain(screen.slice(from)));
    }
  } finally {
    await shell.dispose();
  }
  return outputs;
}
