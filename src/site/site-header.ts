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
    if (open) this.querySelector<HTMLElement>('.tools input, nav a')?.focus();
  }
}
customElements.define('site-header', SiteHeader);
