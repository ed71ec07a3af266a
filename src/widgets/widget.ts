import { part } from '../client/dom.ts';

/**
 * How a widget begins its work (loading a module, starting a server, mounting a terminal):
 * - `visible`: when it comes near the viewport, on a page, so a page pays only for what the reader reaches;
 * - `slide`: when its slide is shown (src/deck/live.ts calls `slideShown` on `[data-live]` elements);
 * - `manual`: only when the reader asks (a button, a form).
 * Inside a deck it is always `slide`: reveal.js keeps distant slides in the DOM, and a talk must not start them all.
 */
export type StartPolicy = 'visible' | 'slide' | 'manual';

/** A status line's tone: an error is styled (and read by tests) as `[data-tone="error"]`. */
export type Tone = 'info' | 'error';

/**
 * The one base of the lesson widgets: their parts, their status line and their start policy. A widget says how it
 * starts on a page (`pageStart`), what starting does (`begin`), and wires its controls in `setup`.
 */
export abstract class Widget extends HTMLElement {
  /** The element name, for the message when the markup lacks a part. */
  protected abstract readonly tag: string;
  /** How it starts on a page; `data-manual-start` on the element overrides it. */
  protected pageStart: StartPolicy = 'manual';
  /** How near the viewport counts as visible. */
  protected visibleMargin = '100px';
  /** The status line (`role="status"`). */
  protected statusSelector = '.status';
  #observer: IntersectionObserver | undefined;

  get startPolicy(): StartPolicy {
    if (this.closest('.reveal')) return 'slide';
    return this.hasAttribute('data-manual-start') ? 'manual' : this.pageStart;
  }

  connectedCallback(): void {
    this.setup();
    if (this.startPolicy !== 'visible') return;
    this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.stopWatching();
      void this.begin();
    }, { rootMargin: this.visibleMargin });
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    this.teardown();
  }

  /** For decks: the slide holding this widget is shown. */
  slideShown(): void {
    if (this.startPolicy === 'slide') void this.begin();
  }

  /** Wires the controls; runs on every connect. */
  protected setup(): void {}

  /** Undoes what `setup` attached outside the element. */
  protected teardown(): void {}

  /** The widget's work; the start policy calls it once, a control may call it again. */
  protected begin(): unknown {
    return undefined;
  }

  /** Called by `begin` implementations: from now on coming into view no longer starts anything. */
  protected stopWatching(): void {
    this.#observer?.disconnect();
  }

  protected find<T extends Element = HTMLElement>(selector: string): T {
    return part<T>(this, selector, this.tag);
  }

  /** Writes the status line; an error is said in the error tone. */
  protected say(text: string, tone: Tone = 'info'): void {
    const status = this.find(this.statusSelector);
    status.textContent = text;
    status.dataset['tone'] = tone;
  }
}

/** Defines a widget's element once (a page may load its script twice, e.g. from two islands). */
export function defineWidget(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
