// The header's theme button: a two-state toggle over the reader's preference, kept in localStorage under the key
// ThemeInit.astro reads before first paint. No imports, so the build inlines it in the page: no extra request.

class ThemeToggle extends HTMLElement {
  connectedCallback() {
    const button = this.querySelector('button');
    if (!button) return;
    const sync = () => button.setAttribute('aria-pressed', String(document.documentElement.dataset['theme'] === 'dark'));
    sync();
    button.addEventListener('click', () => {
      const next = document.documentElement.dataset['theme'] === 'dark' ? 'light' : 'dark';
      document.documentElement.dataset['theme'] = next;
      try {
        localStorage.setItem('containerless:theme', next);
      } catch {
        // private mode: the choice lasts for this page
      }
      sync();
    });
  }
}
customElements.define('theme-toggle', ThemeToggle);
