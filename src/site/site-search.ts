// <site-search>: the header's search box. Without JavaScript it is a plain form that opens the search page. Its
// listbox of results, the search code and pagefind's index load when the reader first focuses the box (search-box.ts),
// so a page load fetches none of them.

class SiteSearch extends HTMLElement {
  connectedCallback() {
    const input = this.querySelector('input');
    if (!input) return;
    const wire = () =>
      void import('./search-box.ts').then(
        (m) => m.wireSearchBox(this),
        // Not loaded (offline before the site was saved, or a failed download): the form still opens the search page.
        () => {
          const status = this.querySelector('[role="status"]');
          if (status) status.textContent = 'Results cannot be shown here right now: press Enter to open the search page.';
        },
      );
    // Focused before this ran (a fast click while the page loads): wire it now.
    if (document.activeElement === input) wire();
    else input.addEventListener('focus', wire, { once: true });
  }
}
if (!customElements.get('site-search')) customElements.define('site-search', SiteSearch);
