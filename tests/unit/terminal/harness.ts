import { readFileSync } from 'node:fs';
import { compileModule, type GuestModule } from '../../../src/runtime/index.ts';
import { plain } from '../../../src/terminal/ansi.ts';
import { LineEditor } from '../../../src/terminal/line-editor.ts';
import { Shell } from '../../../src/terminal/shell.ts';
import type { ModuleFile, ShellEnvironment } from '../../../src/terminal/types.ts';

// The shell as a page uses it, on the real runtime and the real modules from public/wasm/, read from disk.

const wasmDir = new URL('../../../public/wasm/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', wasmDir), 'utf8')) as { modules: { file: string; bytes: number; role: string }[] };
const compiled = new Map<string, Promise<GuestModule>>();

export const nodeEnvironment: ShellEnvironment = {
  loadModule: (file) => {
    let guest = compiled.get(file);
    if (!guest) {
      guest = compileModule(new Uint8Array(readFileSync(new URL(file, wasmDir))), file);
      compiled.set(file, guest);
    }
    return guest;
  },
  modules: async (): Promise<ModuleFile[]> => manifest.modules.map(({ file, bytes, role }) => ({ file, bytes, role })),
  stepLink: (id) => (id === 'build-module' ? `/learn/build/#step-${id}` : undefined),
};

/** A shell whose screen is a string; `run` returns what one command printed, without colours. */
export function testShell(environment: ShellEnvironment = nodeEnvironment) {
  let screen = '';
  const shell = new Shell(environment, { write: (t) => (screen += t), clear: () => (screen = '') });
  return {
    shell,
    screen: () => plain(screen),
    async run(line: string): Promise<{ out: string; status: number }> {
      const from = screen.length;
      const status = await shell.run(line);
      return { out: plain(screen.slice(from)), status };
    },
  };
}

/** A line editor over a shell, for typing keys. */
export function testEditor() {
  let screen = '';
  let editor: LineEditor;
  const watchers = new Set<() => void>();
  const shell = new Shell(nodeEnvironment, { write: (t) => editor.output(t), clear: () => (screen = '') });
  const write = (t: string): void => {
    screen += t;
    for (const w of [...watchers]) w();
  };
  editor = new LineEditor(shell, { write }, () => manifest.modules.map((m) => m.file).concat('README.md'));
  editor.prompt();
  return {
    shell,
    editor,
    screen: () => plain(screen),
    async type(keys: string): Promise<void> {
      for (const k of keys.match(/\x1b\[[0-9]*[A-Za-z~]|[\s\S]/g) ?? []) editor.handle(k);
      await editor.whenIdle();
    },
    /** Resolves once the screen shows `text`, whenever the shell writes it (a server's log line, say). */
    shows(text: string): Promise<void> {
      return new Promise((resolve) => {
        const check = (): void => {
          if (!plain(screen).includes(text)) return;
          watchers.delete(check);
          resolve();
        };
        watchers.add(check);
        check();
      });
    },
  };
}
