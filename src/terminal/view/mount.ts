import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { pageManifest, pageModule } from '../../client/modules.ts';
import { pageRuntimeMode } from '../../client/runtime-mode.ts';
import { workerHost } from '../../runtime/host/index.ts';
import { holderOf, labelServer, pageNetwork } from '../../client/page-network.ts';
import { answerVirtualNetwork } from '../../client/vnet-answer.ts';
import { GUEST_PORT } from '../../course/facts.ts';
import { cyan, dim, plain } from '../ansi.ts';
import { LineEditor } from '../line-editor.ts';
import { Shell } from '../shell.ts';
import { ScreenFeed } from '../screen-feed.ts';
import type { ShellEnvironment } from '../types.ts';
import { routeTerminalStyles } from './csp-styles.ts';

// The xterm.js screen over the shell. Loaded only when a terminal comes into view or is asked to run something,
// so pages without a terminal (and readers who never scroll to one) never download xterm or the runtime.

/** What the terminal did with a command it was asked to run. */
export type RunReport = { ran: true; status: number } | { ran: false; reason: string };

export interface MountedTerminal {
  /** Runs each line of `command`; resolves when they ended, or at once when the terminal refused them. */
  run(command: string): Promise<RunReport>;
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
  /** Every command that ran to its end (typed or run from a step), for steps that check themselves. */
  onRan?: (ran: { line: string; status: number; output: string }) => void;
  /** Text size in CSS pixels (a slide terminal reads from the back of a room); 14 when left out. */
  fontSize?: number | undefined;
  /** Told of each command and what it printed (without colours): the slide terminal's mirror and recorder. */
  onExchange?: ((command: string, output: string) => void) | undefined;
  /** Adds the in-page Kubernetes model's commands (lessons 6-8); loaded only then. */
  kube?: boolean;
}

/** lines the screen keeps above its rows */
const SCROLLBACK = 2000;

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
  const kube = options.kube ? (await import('../../kube/page.ts')).pageKubeTerminal() : undefined;
  const environment: ShellEnvironment = {
    loadModule: (file) => pageModule(file),
    modules: async () => (await pageManifest()).map(({ file, bytes, role }) => ({ file, bytes, role })),
    stepLink: (id) => options.stepLinks[id],
    // Each guest in its own Worker: a module that loops is stopped after 5 s and the page never freezes.
    // On the page's one network: the demo's server is this terminal's localhost:8090 too.
    createHost: () => {
      const host = workerHost({ mode: pageRuntimeMode(), network: pageNetwork(), holderOf, label: labelServer });
      return kube ? kube.wrapHost(host) : host;
    },
  };
  routeTerminalStyles();
  const term = new Terminal({
    screenReaderMode: true,
    convertEol: true,
    cursorBlink: false,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace',
    fontSize: options.fontSize ?? 14,
    // Room below the baseline, or underscores (word_generator) are clipped away.
    lineHeight: 1.2,
    rows: 16,
    scrollback: SCROLLBACK,
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
  // In small pieces, long lines cut, never more waiting than the screen keeps: a guest's output never holds up the
  // page (src/terminal/screen-feed.ts). 200 rows is more than any screen this terminal is fitted to.
  const screen = new ScreenFeed({ write: (piece, parsed) => term.write(piece, parsed) }, { keepLines: SCROLLBACK + 200 });
  const shell = new Shell(
    environment,
    {
      write: (text) => editor.output(text),
      clear: () => {
        screen.discard();
        term.clear();
      },
    },
    kube,
  );
  if (options.onRan) shell.watch(options.onRan);
  // Servers started here answer /vnet/<port>/ in other tabs too (src/client/vnet-answer.ts).
  answerVirtualNetwork();
  // The slide terminal's mirror and recorder hear of each exchange through the same watch, without colours.
  if (options.onExchange) {
    const report = options.onExchange;
    shell.watch((ran) => report(ran.line, plain(ran.output)));
  }
  let files: string[] = ['README.md'];
  void pageManifest().then((m) => (files = ['README.md', ...m.map((x) => x.file)]), () => undefined);
  editor = new LineEditor(shell, { write: (text) => screen.write(text) }, () => files);
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Escape') {
      // This Escape only leaves the terminal: on a slide, the deck must not also see it (it would open the overview).
      event.stopPropagation();
      options.onEscape();
      return false;
    }
    const key = event.key.toLowerCase();
    // Paste keys go to the browser, whose paste event xterm turns into one onData string; the line editor
    // strips control characters from it (src/terminal/line-editor.ts `printable`).
    const paste = (key === 'v' && (event.ctrlKey || event.metaKey) && !event.altKey) || (event.key === 'Insert' && event.shiftKey);
    if (paste) return false;
    // Ctrl+C interrupts, as in every terminal; Ctrl+Shift+C (and ⌘C) copies the selection.
    if (key === 'c' && ((event.ctrlKey && event.shiftKey) || event.metaKey)) {
      const selection = term.getSelection();
      if (selection) void navigator.clipboard?.writeText(selection).catch(() => undefined);
      event.preventDefault();
      return false;
    }
    return true;
  });
  term.onData((data) => editor.handle(data));
  screen.write(`${options.welcome ?? 'A terminal in your browser, on the project\'s own WASI runtime.'}\n`);
  if (kube?.notice) screen.write(dim(`(${kube.notice})\n`));
  // One network per page: a server some other part of the page started is this terminal's localhost too.
  const holder = holderOf(GUEST_PORT);
  if (holder) screen.write(dim(`Already listening on port ${GUEST_PORT}: ${holder}. curl reaches it from here.\n`));
  screen.write(dim(`Type ${cyan('help')} for commands. Tab completes; Ctrl+V pastes; Esc leaves the terminal.\n`));
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
    run: async (command) => {
      if (shell.holding) {
        const reason = 'a server holds the terminal\'s prompt; press Ctrl+C in the terminal to stop it (or start servers with &), then run it again';
        editor.output(dim(`(Not run: ${reason}.)\n`));
        return { ran: false, reason };
      }
      for (const line of command.split('\n').filter((l) => l.trim() !== '')) editor.submit(line);
      await editor.whenIdle();
      return { ran: true, status: shell.lastStatus };
    },
    // Focus without scrolling: "Run here" must never move the page under the learner.
    focus: () => (textarea ? textarea.focus({ preventScroll: true }) : term.focus()),
    dispose: () => {
      resize.disconnect();
      themeWatch.disconnect();
      void shell.dispose();
      term.dispose();
    },
  };
}
