// The header's menu button: below 64rem it shows the folded search and theme (and below 36rem the links).
class SiteHeader extends HTMLElement {
  #button: HTMLButtonElement | null = null;
  readonly #onDocumentClick = (event: MouseEvent) => {
    if (!this.contains(event.target as Node)) this.#set(false);
  };
  readonly #onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || this.dataset['menu'] !== 'open') return;
    this.#set(false);
    this.#button?.focus();
  };

  connectedCallback() {
    this.#button = this.querySelector<HTMLButtonElement>('.menu-toggle');
    this.#button?.addEventListener('click', () => this.#set(this.dataset['menu'] !== 'open'));
    document.addEventListener('click', this.#onDocumentClick);
    this.addEventListener('keydown', this.#onKey);
  }

  disconnectedCallback() {
    document.removeEventListener('click', this.#onDocumentClick);
  }

  #set(open: boolean) {
    this.dataset['menu'] = open ? 'open' : 'closed';
    this.#button?.setAttribute('aria-expanded', String(open));
    if (!open) return;
    // Focus the first thing the menu revealed: the search box when only the tools fold, the first link when all do.
    const tools = this.querySelector<HTMLElement>('.tools');
    const toolsOnly = tools !== null && getComputedStyle(tools).position === 'absolute';
    (toolsOnly ? tools.querySelector<HTMLElement>('input') : this.querySelector<HTMLElement>('nav a'))?.focus();
  }
}
customElements.define('site-header', SiteHeader);
