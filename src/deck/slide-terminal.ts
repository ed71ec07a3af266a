/**
 * `<deck-terminal>`: a terminal in a slide (src/deck/parts/SlideTerminal.astro).
 * - Presenting window: the site's `<containerless-terminal>`, cloned from its template and started when the slide is
 *   shown (never at page load); every command and its output is published to the speaker view and kept, so "Save this
 *   session" downloads it as a recording for slides/recordings/.
 * - Speaker view previews (`?receiver`): never start a runtime; they show what the presenting window printed and send
 *   the speaker's commands there to run.
 * - A replay plays the deck's recording at typing pace, pausable, under a "Replay" badge; `R` on the slide starts it.
 */
import { deckMode, type DeckMode } from './mode.ts';
import { deckMirror, type DeckMirror } from './mirror.ts';
import { parseRecording, replayFrames, type Exchange, type Recording, type ReplayFrame } from './recording.ts';
import { announce } from './announce.ts';
import type { LiveElement } from './live.ts';
import { GUEST_PORT } from '../course/facts.ts';

interface TerminalElement extends HTMLElement {
  start(): Promise<{ run(command: string): void; focus(): void }>;
}

type TerminalState = { welcome: string; exchanges: Exchange[] };
type TerminalCommand = { kind: 'run'; command: string };

const isCommand = (value: unknown): value is TerminalCommand =>
  typeof value === 'object' && value !== null && (value as TerminalCommand).kind === 'run' && typeof (value as TerminalCommand).command === 'string';

const transcript = (exchanges: readonly Exchange[]) => exchanges.map((e) => `$ ${e.command}\n${e.output}`).join('');

class DeckTerminal extends HTMLElement implements LiveElement {
  readonly receiverSafe = true;
  private mode: DeckMode = 'audience';
  private mirror: DeckMirror | undefined;
  private terminal: TerminalElement | undefined;
  private readonly exchanges: Exchange[] = [];
  private recording: Recording | undefined;
  private replay: { timer: number | undefined; frame: number; paused: boolean; frames: ReplayFrame[] } | undefined;

  private get terminalId(): string {
    return this.dataset['terminalId'] ?? 'slide-terminal';
  }

  private el<T extends HTMLElement>(selector: string): T | null {
    return this.querySelector<T>(selector);
  }

  connectedCallback(): void {
    this.mode = deckMode();
    this.dataset['mode'] = this.mode;
    try {
      this.recording = parseRecording(this.dataset['recording'] ?? '', 'the slide\'s recording');
    } catch {
      this.el('.replay')?.setAttribute('hidden', '');
    }
    if (this.mode === 'print') return;
    this.mirror = deckMirror();
    this.el('.replay')?.addEventListener('click', () => this.startReplay());
    this.el('.pause')?.addEventListener('click', () => this.togglePause());
    this.el('.live')?.addEventListener('click', () => this.stopReplay(true));
    this.el('.save')?.addEventListener('click', () => this.save());
    if (this.mode === 'receiver') this.becomeMirror(this.mirror);
    else this.becomeSource(this.mirror);
  }

  slideShown(): void {
    if (this.mode !== 'audience') return;
    void this.startTerminal().then((t) => t?.focus());
  }

  slideHidden(): void {
    this.stopReplay(false);
  }

  /** `R` on the slide: the reveal key binding calls this for the current slide's terminal. */
  replayKey(): void {
    if (this.replay) this.togglePause();
    else this.startReplay();
  }

  private async startTerminal(): Promise<{ run(command: string): void; focus(): void } | undefined> {
    if (!this.terminal) {
      const template = this.querySelector('template');
      const live = this.el('.deck-term-live');
      if (!template || !live) return undefined;
      live.append(template.content.cloneNode(true));
      this.terminal = live.querySelector<TerminalElement>('containerless-terminal') ?? undefined;
      if (this.terminal) await this.shareRunningServer(this.terminal);
      await customElements.whenDefined('containerless-terminal');
      // The slide just grew: reveal.js centres slides by their height, so it must measure again.
      this.dispatchEvent(new CustomEvent('deck:relayout', { bubbles: true }));
    }
    const started = await this.terminal?.start();
    this.dispatchEvent(new CustomEvent('deck:relayout', { bubbles: true }));
    return started;
  }

  /**
   * One network per page: when the live demo (or anything else on this page) already serves the guest port, the slide's
   * terminal curls that server instead of trying to start a second one, which would only print "address in use" on
   * stage. The terminal's own welcome says whose server answers (src/terminal/view/mount.ts).
   */
  private async shareRunningServer(terminal: TerminalElement): Promise<void> {
    const { holderOf } = await import('../client/page-network.ts');
    const holder = holderOf(GUEST_PORT);
    if (!holder) return;
    terminal.dataset['autorun'] = '[]';
  }

  private becomeSource(mirror: DeckMirror): void {
    this.addEventListener('containerless:exchange', (event) => {
      const { command, output } = (event as CustomEvent<Exchange>).detail;
      this.exchanges.push({ command, output });
      this.publish(mirror);
      // One announcement per result, in the deck's polite live region.
      const answer = output.trim().split('\n')[0] ?? '';
      if (/\bcurl\b/.test(command) && answer) announce(`Terminal: ${command} answered ${answer}`);
    });
    mirror.onCommand(this.terminalId, (command) => {
      if (!isCommand(command)) return;
      void this.startTerminal().then((t) => t?.run(command.command));
    });
    this.publish(mirror);
  }

  private publish(mirror: DeckMirror): void {
    const state: TerminalState = { welcome: '', exchanges: [...this.exchanges] };
    mirror.publish(this.terminalId, state);
  }

  private becomeMirror(mirror: DeckMirror): void {
    this.el('.deck-term-mirror')?.removeAttribute('hidden');
    for (const selector of ['.replay', '.save']) this.el(selector)?.setAttribute('hidden', '');
    const screen = this.el<HTMLPreElement>('.deck-term-mirror .deck-term-screen');
    mirror.onState(this.terminalId, (state) => {
      const { exchanges } = state as TerminalState;
      if (screen) {
        screen.textContent = transcript(exchanges) + '$ ';
        screen.scrollTop = screen.scrollHeight;
      }
    });
    this.el<HTMLFormElement>('.deck-term-send')?.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = (event.currentTarget as HTMLFormElement).elements.namedItem('command') as HTMLInputElement | null;
      const command = input?.value.trim() ?? '';
      if (command) mirror.command(this.terminalId, { kind: 'run', command } satisfies TerminalCommand);
    });
  }

  private startReplay(): void {
    if (!this.recording) return;
    this.stopReplay(false);
    this.el('.deck-term-live')?.setAttribute('hidden', '');
    this.el('.deck-term-mirror')?.setAttribute('hidden', '');
    this.el('.deck-term-replay')?.removeAttribute('hidden');
    this.el('.pause')?.removeAttribute('hidden');
    this.el('.live')?.removeAttribute('hidden');
    this.el('.replay')?.setAttribute('hidden', '');
    const screen = this.el<HTMLPreElement>('.deck-term-replay .deck-term-screen');
    if (screen) screen.textContent = '';
    this.dataset['replay'] = 'playing';
    announce(`Replay of a recorded session: ${this.recording.title}`);
    this.replay = { timer: undefined, frame: 0, paused: false, frames: replayFrames(this.recording) };
    this.step(screen);
  }

  private step(screen: HTMLPreElement | null): void {
    const replay = this.replay;
    if (!replay || replay.paused) return;
    const frame = replay.frames[replay.frame];
    if (!frame) {
      this.dataset['replay'] = 'done';
      this.el('.pause')?.setAttribute('hidden', '');
      if (this.recording) announce('Replay finished.');
      return;
    }
    replay.timer = window.setTimeout(() => {
      if (screen) {
        screen.textContent += frame.text;
        screen.scrollTop = screen.scrollHeight;
      }
      replay.frame += 1;
      this.step(screen);
    }, frame.delay);
  }

  private togglePause(): void {
    const replay = this.replay;
    if (!replay) return;
    replay.paused = !replay.paused;
    const button = this.el('.pause');
    if (button) button.textContent = replay.paused ? 'Resume' : 'Pause';
    this.dataset['replay'] = replay.paused ? 'paused' : 'playing';
    if (replay.paused) window.clearTimeout(replay.timer);
    else this.step(this.el<HTMLPreElement>('.deck-term-replay .deck-term-screen'));
  }

  private stopReplay(backToLive: boolean): void {
    if (this.replay) window.clearTimeout(this.replay.timer);
    this.replay = undefined;
    if (!backToLive && this.dataset['replay'] === undefined) return;
    delete this.dataset['replay'];
    this.el('.deck-term-replay')?.setAttribute('hidden', '');
    this.el(this.mode === 'receiver' ? '.deck-term-mirror' : '.deck-term-live')?.removeAttribute('hidden');
    for (const selector of ['.pause', '.live']) this.el(selector)?.setAttribute('hidden', '');
    this.el('.replay')?.removeAttribute('hidden');
    const pause = this.el('.pause');
    if (pause) pause.textContent = 'Pause';
    if (backToLive && this.mode === 'audience') void this.startTerminal().then((t) => t?.focus());
  }

  /** Downloads what this terminal ran, in the recording format; commit it to slides/recordings/ to replay it. */
  private save(): void {
    const recording: Recording = {
      title: 'Slide terminal session',
      recorded: new Date().toISOString().slice(0, 10),
      exchanges: this.exchanges,
    };
    if (recording.exchanges.length === 0) {
      announce('Nothing to save yet: run a command in the terminal first.');
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(recording, null, 2) + '\n'], { type: 'application/json' }));
    link.download = `${this.terminalId}-${recording.recorded}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    announce(`Saved ${recording.exchanges.length} commands as ${link.download}.`);
  }
}

if (!customElements.get('deck-terminal')) customElements.define('deck-terminal', DeckTerminal);
