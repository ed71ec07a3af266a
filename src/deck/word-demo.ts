/**
 * `<deck-word-demo>`: the deck's frame around the site's `<word-generator-demo>` widget.
 * - Presenting window: the widget boots the module itself when its slide is shown (its own `slideShown`); this frame
 *   publishes the widget's typed view (`DemoView`) after every change, and runs the curls the speaker view asks for.
 * - Speaker view previews (`?receiver`): the widget is never started (heavy iframes freeze reveal's speaker window);
 *   this frame draws the presenting window's view with the widget's own `show` and turns its controls into commands.
 * - Above the widget, two big figures for the back of the room: the module size and the cold start.
 */
import { deckMode, type DeckMode } from './mode.ts';
import { deckMirror, type DeckMirror } from './mirror.ts';
import { fetchModuleEntry } from './manifest.ts';
import { formatBytes } from './figures.ts';
import type { LiveElement } from './live.ts';
import { SERVER_MODULE } from '../course/facts.ts';
import { announce } from './announce.ts';
import { isDemoView, type DemoView } from '../widgets/word-demo-state.ts';
import { DEMO_VIEW_EVENT, type WordGeneratorDemo } from '../widgets/word-generator-demo.ts';

/** The demo's phase, as the frame's `data-phase` (read by tests and styles): waiting, starting, listening, failed. */
const PHASES: Record<DemoView['phase'], string> = { idle: 'waiting', starting: 'starting', ready: 'listening', stopped: 'failed', runaway: 'failed', error: 'failed' };

export type DemoCommand = { kind: 'curl'; letter: string } | { kind: 'restart' };

const isDemoCommand = (value: unknown): value is DemoCommand => {
  const command = value as Partial<DemoCommand> | null;
  if (typeof command !== 'object' || command === null) return false;
  return command.kind === 'restart' || (command.kind === 'curl' && typeof (command as { letter?: unknown }).letter === 'string');
};

class DeckWordDemo extends HTMLElement implements LiveElement {
  /** Safe to notify in the speaker view: it never starts anything there. */
  readonly receiverSafe = true;
  private mode: DeckMode = 'audience';
  private mirror: DeckMirror | undefined;
  private sizeRead = false;
  private lastWord = '';

  private get demoId(): string {
    return this.dataset['demo'] ?? 'word-generator';
  }

  private get widget(): WordGeneratorDemo | null {
    return this.querySelector<WordGeneratorDemo>('word-generator-demo');
  }

  connectedCallback(): void {
    this.mode = deckMode();
    this.dataset['mode'] = this.mode;
    this.dataset['phase'] = 'waiting';
    // On a slide, results are said once, by the deck's live region (src/deck/announce.ts), not by the widget's own.
    for (const live of this.querySelectorAll('[aria-live], [role="status"]')) {
      live.removeAttribute('aria-live');
      if (live.getAttribute('role') === 'status') live.removeAttribute('role');
    }
    if (this.mode === 'print') return;
    this.mirror = deckMirror();
    if (this.mode === 'receiver') this.becomeMirror(this.mirror);
    else this.becomeSource(this.mirror);
  }

  slideShown(): void {
    if (this.mode === 'audience') void this.readModuleSize();
  }

  private becomeSource(mirror: DeckMirror): void {
    const widget = this.widget;
    if (!widget) return;
    widget.addEventListener(DEMO_VIEW_EVENT, (event) => {
      const view = (event as CustomEvent<DemoView>).detail;
      this.showFrame(view);
      mirror.publish(this.demoId, view);
      if (view.answered && view.word !== this.lastWord) announce(`Word from the module: ${view.word}`);
      this.lastWord = view.word;
    });
    mirror.onCommand(this.demoId, (command) => {
      if (!isDemoCommand(command)) return;
      if (command.kind === 'restart') return void widget.restart();
      void widget.ask(command.letter);
    });
  }

  private becomeMirror(mirror: DeckMirror): void {
    // Controls become commands for the presenting window; nothing reaches the widget, so it never boots here.
    const intercept = (event: Event): void => {
      const target = event.target as HTMLElement | null;
      if (!target || target.closest('summary')) return;
      const letter = this.widget?.querySelector<HTMLSelectElement>('select.letter')?.value ?? '';
      if (event.type === 'change' && target.matches('select.letter')) mirror.command(this.demoId, { kind: 'curl', letter });
      else if (event.type === 'click' && target.closest('.ask')) mirror.command(this.demoId, { kind: 'curl', letter });
      else if (event.type === 'click' && target.closest('.restart')) mirror.command(this.demoId, { kind: 'restart' });
      else if (event.type !== 'click' || !target.closest('button, input')) return;
      event.preventDefault();
      event.stopPropagation();
    };
    this.addEventListener('click', intercept, true);
    this.addEventListener('change', intercept, true);
    const note = this.querySelector<HTMLElement>('.deck-demo-note');
    if (note) note.textContent = 'Speaker view: a mirror of the presenting window, where the module runs.';
    mirror.onState(this.demoId, (state) => {
      if (isDemoView(state)) this.apply(state);
    });
  }

  /** The receiver draws the presenting window's view with the widget's own `show`, which starts nothing. */
  private apply(view: DemoView): void {
    this.widget?.show(view);
    this.showFrame(view);
  }

  /** The frame around the widget: its phase, and the cold start as the big figure. */
  private showFrame(view: DemoView): void {
    this.dataset['phase'] = PHASES[view.phase];
    const figure = this.querySelector('[data-figure="cold"]');
    if (figure && view.coldStartMs !== null) figure.textContent = `${Math.round(view.coldStartMs)} ms`;
  }

  private async readModuleSize(): Promise<void> {
    if (this.sizeRead) return;
    this.sizeRead = true;
    const entry = await fetchModuleEntry(SERVER_MODULE).catch(() => undefined);
    const figure = this.querySelector('[data-figure="size"]');
    if (entry && figure) figure.textContent = formatBytes(entry.bytes);
  }
}

if (!customElements.get('deck-word-demo')) customElements.define('deck-word-demo', DeckWordDemo);
