import { nodeEnvironment as shellInNode } from '../../../src/deck/session-node.ts';
import { plain } from '../../../src/terminal/ansi.ts';
import { LineEditor } from '../../../src/terminal/line-editor.ts';
import { Shell } from '../../../src/terminal/shell.ts';
import type { ShellEnvironment } from '../../../src/terminal/types.ts';

// The shell as a page uses it, on the real runtime and the real modules from public/wasm/, read from disk.
export const nodeEnvironment: ShellEnvironment = {
  ...shellInNode(),
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
  let files: string[] = [];
  const write = (t: string): void => {
    screen += t;
    for (const w of [...watchers]) w();
  };
  editor = new LineEditor(shell, { write }, () => files);
  editor.prompt();
  return {
    shell,
    editor,
    screen: () => plain(screen),
    async type(keys: string): Promise<void> {
      files = ['README.md', ...(await nodeEnvironment.modules()).map((m) => m.file)];
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
