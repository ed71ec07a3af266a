import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { pageManifest, pageModule } from '../../client/modules.ts';
import { pageRuntimeMode } from '../../client/runtime-mode.ts';
import { workerHost } from '../../runtime/host/index.ts';
import { cyan, dim } from '../ansi.ts';
import { LineEditor } from '../line-editor.ts';
import { Shell } from '../shell.ts';
import type { ShellEnvironment } from '../types.ts';
import { routeTerminalStyles } from './csp-styles.ts';

// The xterm.js screen over the shell. Loaded only when a terminal comes into view or is asked to run something,
// so pages without a terminal (and readers who never scroll to one) never download xterm or the runtime.

export interface MountedTerminal {
  run(command: string): void;
  focus(): void;
  dispose(): void;
}

export interface MountOptions {
  screen: HTMLElement;
  welcome: string | undefined;
  autorun: readonly string[];
  stepLinks: Record<string, string>;
  /** The key that leaves the terminal (Tab completes inside it), so keyboard users are never trapped. */
  onEscape: () => void;
}

function themeFrom(el: HTMLElement) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const dark = document.documentElement.dataset['theme'] === 'dark';
  return {
    background: v('--bg-sunken', dark ? '#0b0d11' : '#f1f2f6'),
    foreground: v('--fg', dark ? '#e8e9ee' : '#1b1d24'),
    cursor: v('--accent', '#5b21b6'),
    selectionBackground: dark ? '#3b3363' : '#c7d2fe',
    // ANSI colours chosen for contrast on both backgrounds (WCAG AA against --bg-sunken).
    red: dark ? '#ff8a80' : '#b42318',
    green: dark ? '#6ee7a0' : '#116329',
    yellow: dark ? '#fbbf5a' : '#7a4100',
    cyan: dark ? '#7dd3fc' : '#075985',
    brightBlack: dark ? '#a9adbd' : '#4b5061',
  };
}

export async function mountTerminal(options: MountOptions): Promise<MountedTerminal> {
  const environment: ShellEnvironment = {
    loadModule: (file) => pageModule(file),
    modules: async () => (await pageManifest()).map(({ file, bytes, role }) => ({ file, bytes, role })),
    stepLink: (id) => options.stepLinks[id],
    // Each guest in its own Worker: a module that loops is stopped after 5 s and the page never freezes.
    createHost: () => workerHost({ mode: pageRuntimeMode() }),
  };
  routeTerminalStyles();
  const term = new Terminal({
    screenReaderMode: true,
    convertEol: true,
    cursorBlink: false,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace',
    fontSize: 14,
    // Room below the baseline, or underscores (word_generator) are clipped away.
    lineHeight: 1.2,
    rows: 16,
    scrollback: 2000,
    theme: themeFrom(options.screen),
    // Dim text (used for hints) must stay readable, so it is not drawn with reduced contrast.
    minimumContrastRatio: 4.5,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  options.screen.replaceChildren();
  term.open(options.screen);
  const textarea = options.screen.querySelector('textarea');
  textarea?.setAttribute('aria-label', 'Terminal input: type a command and press Enter');
  let editor: LineEditor;
  const shell = new Shell(environment, {
    write: (text) => editor.output(text),
    clear: () => term.clear(),
  });
  let files: string[] = ['README.md'];
  void pageManifest().then((m) => (files = ['README.md', ...m.map((x) => x.file)]), () => undefined);
  editor = new LineEditor(shell, { write: (text) => term.write(text) }, () => files);
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.key === 'Escape') {
      options.onEscape();
      return false;
    }
    return true;
  });
  term.onData((data) => editor.handle(data));
  term.write(`${options.welcome ?? 'A terminal in your browser, on the project\'s own WASI runtime.'}\n`);
  term.write(dim(`Type ${cyan('help')} for commands. Tab completes; Esc leaves the terminal.\n`));
  editor.prompt();
  const refit = () => {
    try {
      fit.fit();
    } catch {
      // hidden (e.g. a folded section): fits again when it shows
    }
  };
  refit();
  const resize = new ResizeObserver(refit);
  resize.observe(options.screen);
  const themeWatch = new MutationObserver(() => (term.options.theme = themeFrom(options.screen)));
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  for (const line of options.autorun) editor.submit(line);
  return {
    run: (command) => {
      for (const line of command.split('\n').filter((l) => l.trim() !== '')) editor.submit(line);
    },
    focus: () => term.focus(),
    dispose: () => {
      resize.disconnect();
      themeWatch.disconnect();
      void shell.dispose();
      term.dispose();
    },
  };
}
