// <word-generator-demo>: asks the page's word-generator server (src/client/word-generator.ts) for words and shows
// the exchange. What it shows is one typed `DemoView` (word-demo-state.ts); every change is drawn by `show` and
// announced as a `demo-view` event, which the deck sends to its speaker view (src/deck/word-demo.ts).
import { Widget, defineWidget } from './widget.ts';
import { initialView, withExchange, withState, type DemoView } from './word-demo-state.ts';
import { showTraceList } from './guest-output.ts';

type Runtime = ReturnType<typeof import('../client/word-generator.ts').wordGenerator>;

/** The event a demo fires with its new view. */
export const DEMO_VIEW_EVENT = 'demo-view';

export class WordGeneratorDemo extends Widget {
  protected readonly tag = 'word-generator-demo';
  protected override pageStart = 'visible' as const;
  protected override statusSelector = '.state';
  #runtime: Promise<Runtime> | undefined;
  #off: (() => void) | undefined;
  #view: DemoView | undefined;
  #busy = false;
  /** asked again while a request ran: ask once more when it ends (the button never goes disabled under the focus) */
  #again = false;

  /** What the demo shows now. */
  get view(): DemoView {
    this.#view ??= initialView(this.find<HTMLSelectElement>('.letter').value);
    return this.#view;
  }

  protected override setup(): void {
    this.find('.ask').addEventListener('click', () => void this.ask());
    this.find<HTMLSelectElement>('.letter').addEventListener('change', (e) => {
      this.#update({ ...this.view, letter: (e.target as HTMLSelectElement).value });
      if (this.#runtime) void this.ask();
    });
    this.find('.restart').addEventListener('click', () => void this.restart());
    this.find('.stop').addEventListener('click', () => void this.#runtime?.then((r) => r.stop()));
    this.find<HTMLInputElement>('.trace-on').addEventListener('change', (e) => {
      this.find('.trace').hidden = !(e.target as HTMLInputElement).checked;
    });
    // On a page the server starts while the page loads (its head preloads the module), so the first word comes as
    // soon as the demo is in view; in a deck nothing loads before the slide is shown.
    if (this.startPolicy === 'visible') void import('../client/word-generator.ts').then(({ startServerAhead }) => startServerAhead());
  }

  protected override teardown(): void {
    this.#off?.();
  }

  protected override begin(): Promise<void> {
    return this.ask();
  }

  /** Loads and starts the shared server (once per page) without asking for a word. */
  async start(): Promise<void> {
    const runtime = await this.#load();
    await runtime.start().catch(() => undefined);
  }

  #load(): Promise<Runtime> {
    this.stopWatching();
    this.#runtime ??= import('../client/word-generator.ts').then(({ wordGenerator }) => {
      const runtime = wordGenerator();
      this.#off = runtime.subscribe((state) => this.#update(withState(this.view, state)));
      return runtime;
    });
    return this.#runtime;
  }

  /** Asks for a word with the chosen letter (or `letter`, when it is one of the choices) and shows the exchange. */
  async ask(letter?: string): Promise<void> {
    const select = this.find<HTMLSelectElement>('.letter');
    if (letter !== undefined && [...select.options].some((o) => o.value === letter)) {
      select.value = letter;
      this.#update({ ...this.view, letter });
    }
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = true;
    this.setAttribute('aria-busy', 'true');
    try {
      const runtime = await this.#load();
      const withTrace = this.find<HTMLInputElement>('.trace-on').checked;
      const exchange = await runtime.ask(select.value || undefined, withTrace);
      this.#update(withExchange(this.view, exchange));
      if (withTrace) showTraceList(this.find('.trace'), exchange.trace);
    } catch (error) {
      const runtime = await this.#runtime;
      if (runtime?.state.kind === 'ready') this.#update({ ...this.view, status: { text: `The request failed: ${(error as Error).message}`, tone: 'error' } });
    } finally {
      this.#busy = false;
      this.removeAttribute('aria-busy');
      if (this.#again) {
        this.#again = false;
        void this.ask();
      }
    }
  }

  async restart(): Promise<void> {
    const runtime = await this.#load();
    await runtime.restart().catch(() => undefined);
    await this.ask();
  }

  #update(view: DemoView): void {
    this.#view = view;
    this.show(view);
    this.dispatchEvent(new CustomEvent<DemoView>(DEMO_VIEW_EVENT, { detail: view }));
  }

  /** Draws a view: this demo's own, or (in the deck's speaker view) the presenting window's. Starts nothing. */
  show(view: DemoView): void {
    const badge = this.find('.state-badge');
    badge.dataset['state'] = view.phase;
    badge.textContent = view.badge;
    this.say(view.status.text, view.status.tone);
    const select = this.find<HTMLSelectElement>('.letter');
    if (document.activeElement !== select) select.value = view.letter;
    this.find('.recover').hidden = !view.recover;
    this.find<HTMLButtonElement>('.stop').disabled = !view.canStop;
    // Where and how the guest runs, for readers of the page's markup and for tests.
    if (view.host) this.dataset['host'] = view.host;
    if (view.mode) this.dataset['mode'] = view.mode;
    const texts: [string, string][] = [
      ['.word', view.word], ['.cold', view.coldStart], ['.latency', view.latency], ['.size', view.size],
      ['.raw-request', view.rawRequest], ['.raw-response', view.rawResponse],
    ];
    for (const [selector, text] of texts) {
      const element = this.find(selector);
      if (element.textContent !== text) element.textContent = text;
    }
  }
}

defineWidget('word-generator-demo', WordGeneratorDemo);
