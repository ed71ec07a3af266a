/**
 * `<deck-word-demo>`: the deck's frame around the site's `<word-generator-demo>` widget.
 * - Presenting window: the widget boots the module itself when its slide is shown (its own `slideShown`); this frame
 *   publishes what the widget shows after every change, and runs the curls the speaker view asks for.
 * - Speaker view previews (`?receiver`): the widget is never started (heavy iframes freeze reveal's speaker window);
 *   this frame writes the presenting window's state into it and turns its controls into commands.
 * - Above the widget, two big figures for the back of the room: the module size and the cold start.
 */
import { deckMode, type DeckMode } from './mode.ts';
import { deckMirror, type DeckMirror } from './mirror.ts';
import { fetchModuleEntry } from './manifest.ts';
import { formatBytes } from './figures.ts';
import type { LiveElement } from './live.ts';
import { SERVER_MODULE } from '../course/facts.ts';
import { announce } from './announce.ts';

/** What the widget shows, as text per element: the whole state a preview needs to look the same. */
const MIRRORED_TEXT = ['.state-badge', '.word', '.state', '.cold', '.latency', '.size', '.raw-request', '.raw-response'] as const;

export interface WidgetSnapshot {
  texts: Record<string, string>;
  badge: string;
  tone: string;
  letter: string;
  recoverHidden: boolean;
}

/** The widget's state, as the frame's `data-phase` (read by tests and styles): waiting, starting, listening, failed. */
const PHASES: Record<string, string> = { idle: 'waiting', starting: 'starting', ready: 'listening', stopped: 'failed', runaway: 'failed', error: 'failed' };

export type DemoCommand = { kind: 'curl'; letter: string } | { kind: 'restart' };

const isDemoCommand = (value: unknown): value is DemoCommand => {
  const command = value as Partial<DemoCommand> | null;
  if (typeof command !== 'object' || command === null) return false;
  return command.kind === 'restart' || (command.kind === 'curl' && typeof (command as { letter?: unknown }).letter === 'string');
};

/** The widget's public methods this frame uses. */
interface WordGeneratorWidget extends HTMLElement {
  ask(): Promise<void>;
  restart(): Promise<void>;
}

class DeckWordDemo extends HTMLElement implements LiveElement {
  /** Safe to notify in the speaker view: it never starts anything there. */
  readonly receiverSafe = true;
  private mode: DeckMode = 'audience';
  private mirror: DeckMirror | undefined;
  private sizeRead = false;
  private publishQueued = false;
  private lastWord = '';

  private get demoId(): string {
    return this.dataset['demo'] ?? 'word-generator';
  }

  private get widget(): WordGeneratorWidget | null {
    return this.querySelector<WordGeneratorWidget>('word-generator-demo');
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
    const queue = (): void => {
      if (this.publishQueued) return;
      this.publishQueued = true;
      requestAnimationFrame(() => {
        this.publishQueued = false;
        const snapshot = this.snapshot(widget);
        this.showColdStart(snapshot.texts['.cold'] ?? '');
        this.dataset['phase'] = PHASES[snapshot.badge] ?? 'waiting';
        mirror.publish(this.demoId, snapshot);
        const word = snapshot.texts['.word']?.trim() ?? '';
        if (word && word !== this.lastWord && /^[a-z]/i.test(word)) announce(`Word from the module: ${word}`);
        this.lastWord = word;
      });
    };
    new MutationObserver(queue).observe(widget, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state', 'data-tone', 'hidden'],
    });
    widget.addEventListener('change', queue);
    mirror.onCommand(this.demoId, (command) => {
      if (!isDemoCommand(command)) return;
      if (command.kind === 'restart') return void widget.restart();
      const select = widget.querySelector<HTMLSelectElement>('select.letter');
      if (select && [...select.options].some((o) => o.value === command.letter)) select.value = command.letter;
      void widget.ask();
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
    mirror.onState(this.demoId, (state) => this.apply(state as WidgetSnapshot));
  }

  private snapshot(widget: HTMLElement): WidgetSnapshot {
    const texts: Record<string, string> = {};
    for (const selector of MIRRORED_TEXT) texts[selector] = widget.querySelector(selector)?.textContent ?? '';
    return {
      texts,
      badge: widget.querySelector<HTMLElement>('.state-badge')?.dataset['state'] ?? '',
      tone: widget.querySelector<HTMLElement>('.state')?.dataset['tone'] ?? '',
      letter: widget.querySelector<HTMLSelectElement>('select.letter')?.value ?? '',
      recoverHidden: widget.querySelector('.recover')?.hasAttribute('hidden') ?? true,
    };
  }

  private apply(state: WidgetSnapshot): void {
    const widget = this.widget;
    if (!widget) return;
    for (const [selector, text] of Object.entries(state.texts)) {
      const element = widget.querySelector(selector);
      if (element && element.textContent !== text) element.textContent = text;
    }
    const badge = widget.querySelector<HTMLElement>('.state-badge');
    if (badge) badge.dataset['state'] = state.badge;
    const status = widget.querySelector<HTMLElement>('.state');
    if (status) status.dataset['tone'] = state.tone;
    const select = widget.querySelector<HTMLSelectElement>('select.letter');
    if (select && document.activeElement !== select) select.value = state.letter;
    const recover = widget.querySelector<HTMLElement>('.recover');
    if (recover) recover.hidden = state.recoverHidden;
    this.showColdStart(state.texts['.cold'] ?? '');
    this.dataset['phase'] = PHASES[state.badge] ?? 'waiting';
  }

  /** The widget writes "133.0 ms (download …)": the big figure shows the total. */
  private showColdStart(text: string): void {
    const total = /^\s*([\d.]+)\s*ms/.exec(text)?.[1];
    const figure = this.querySelector('[data-figure="cold"]');
    if (figure && total) figure.textContent = `${Math.round(Number(total))} ms`;
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
