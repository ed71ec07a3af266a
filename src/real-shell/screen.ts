// The page side of the real shell: its own xterm screen, wired to `jsh` in the WebContainer. Loaded only when a
// reader clicks "Open a real shell"; the built-in terminal beside it is untouched and keeps working.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { openRealShell } from './boot.ts';
import { sitePath } from '../client/site-path.ts';

export interface OpenedRealShell {
  dispose(): void;
}

const base = sitePath('/');

async function fetchFile(path: string): Promise<Uint8Array> {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(`could not download ${path} from this site (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Boots the WebContainer and shows its shell in `host`. Rejects with a RealShellError; `host` is left empty then. */
export async function showRealShell(host: HTMLElement, timeoutMs?: number): Promise<OpenedRealShell> {
  const css = getComputedStyle(host);
  const term = new Terminal({
    convertEol: false,
    screenReaderMode: true,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono') || 'monospace',
    fontSize: 14,
    rows: 16,
    theme: { background: css.getPropertyValue('--bg-sunken').trim() || '#111', foreground: css.getPropertyValue('--fg').trim() || '#eee' },
    minimumContrastRatio: 4.5,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  host.querySelector('textarea')?.setAttribute('aria-label', 'Real shell input (jsh in a WebContainer)');
  try {
    fit.fit();
  } catch {
    // not laid out yet: the resize observer fits it
  }
  let opened;
  try {
    opened = await openRealShell({ fetchFile, cols: term.cols, rows: term.rows, ...(timeoutMs ? { timeoutMs } : {}) });
  } catch (error) {
    term.dispose();
    host.replaceChildren();
    throw error;
  }
  const { shell } = opened;
  void shell.output.pipeTo(new WritableStream({ write: (data) => term.write(data) })).catch(() => undefined);
  const input = shell.input.getWriter();
  term.onData((data) => void input.write(data).catch(() => undefined));
  const resize = new ResizeObserver(() => {
    try {
      fit.fit();
      shell.resize({ cols: term.cols, rows: term.rows });
    } catch {
      // hidden: fits again when shown
    }
  });
  resize.observe(host);
  void shell.exit.then((code) => term.write(`\r\n[jsh exited with ${code}. Reload the page to open a new real shell.]\r\n`));
  term.focus();
  return {
    dispose: () => {
      resize.disconnect();
      shell.kill();
      term.dispose();
    },
  };
}
