// <containerless-terminal>: the in-page shell's element. It mounts xterm.js and the shell (src/terminal/view/) when
// the reader comes near it (or when told, on a slide), and runs the commands "Run here" buttons send it.
import type { MountedTerminal } from '../terminal/view/mount.ts';
import { Widget, defineWidget } from './widget.ts';
import { onRunHere, type RunDetail } from './run-here.ts';

class ContainerlessTerminal extends Widget {
  protected readonly tag = 'containerless-terminal';
  protected override pageStart = 'visible' as const;
  protected override visibleMargin = '200px';
  protected override statusSelector = '.error';
  #mounted: Promise<MountedTerminal> | undefined;
  #offRun: (() => void) | undefined;

  protected override setup(): void {
    this.#offRun = onRunHere((event) => this.#run(event));
    this.querySelector('button.start')?.addEventListener('click', () => void this.start().then((t) => t.focus()));
  }

  protected override teardown(): void {
    this.#offRun?.();
    void this.#mounted?.then((t) => t.dispose());
  }

  protected override begin(): Promise<MountedTerminal> {
    return this.start();
  }

  /** Loads xterm and the shell (once) and shows the prompt. */
  start(): Promise<MountedTerminal> {
    this.stopWatching();
    if (this.#mounted) return this.#mounted;
    const screen = this.find('.screen');
    const frame = this.find('.frame');
    this.querySelector('button.start')?.remove();
    const mounting = import('../terminal/view/mount.ts').then(({ mountTerminal }) =>
      mountTerminal({
        screen,
        welcome: this.dataset['welcome'],
        autorun: JSON.parse(this.dataset['autorun'] ?? '[]') as string[],
        stepLinks: JSON.parse(this.dataset['stepLinks'] ?? '{}') as Record<string, string>,
        onEscape: () => frame.focus(),
        // Steps on the page check themselves against what the terminal actually did (guided-step.ts).
        onRan: (ran) => document.dispatchEvent(new CustomEvent('containerless:terminal-ran', { detail: ran })),
        fontSize: this.dataset['fontSize'] ? Number(this.dataset['fontSize']) : undefined,
        // Each command and what it printed, for whoever listens (a slide's mirror and recorder).
        onExchange: (command, output) =>
          this.dispatchEvent(new CustomEvent('containerless:exchange', { bubbles: true, detail: { command, output } })),
        kube: this.dataset['kube'] !== undefined,
      }),
    );
    mounting.then(
      () => this.setAttribute('data-ready', ''),
      (error: unknown) => {
        this.#mounted = undefined;
        this.find('.error').hidden = false;
        this.say(`The terminal could not start: ${(error as Error).message}. Reload the page to try again.`, 'error');
      },
    );
    this.#mounted = mounting;
    return mounting;
  }

  /** Whether a "Run here" is for this terminal: its own id, or, with none named, the first on the page. */
  #isMine(detail: RunDetail): boolean {
    if (detail.terminal) return detail.terminal === this.dataset['terminal'];
    return document.querySelector('containerless-terminal') === this;
  }

  #run(event: CustomEvent<RunDetail>): void {
    const detail = event.detail;
    if (!detail || typeof detail.command !== 'string' || !this.#isMine(detail)) return;
    event.preventDefault(); // tells the button that a terminal took it
    // Beside its steps (Workbench) the terminal is already in view and the page must not move; a terminal
    // placed elsewhere and wholly off screen is brought into view.
    const box = this.getBoundingClientRect();
    if (box.bottom < 0 || box.top > innerHeight) this.scrollIntoView({ block: 'nearest' });
    void this.start().then(async (t) => {
      t.focus();
      const report = await t.run(detail.command);
      detail.report?.(report);
      // The step that asked hears how it went (a rehearsal in the page; the real check stays on the learner's machine).
      if (detail.step && report.ran) document.dispatchEvent(new CustomEvent('containerless:ran', { detail: { step: detail.step, status: report.status } }));
    }, (error: unknown) => detail.report?.({ ran: false, reason: `the terminal could not start (${(error as Error).message})` }));
  }
}

defineWidget('containerless-terminal', ContainerlessTerminal);
