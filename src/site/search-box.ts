// The header's search box once a reader uses it (site-search.ts loads this on first focus): results appear as a
// listbox under the box, usable with the arrow keys; Enter without a chosen result submits the form to the search page.
import { part } from '../client/dom.ts';
import { hitHeading, search, loadPagefind, type SearchHit } from '../search/pagefind.ts';

/** Wires the search box in `root` (a `<site-search>`); words typed before it loaded are searched at once. */
export function wireSearchBox(root: HTMLElement): void {
  new SearchBox(root).wire();
}

class SearchBox {
  #hits: SearchHit[] = [];
  #active = -1;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #query = 0;
  readonly #root: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #list: HTMLUListElement;
  readonly #status: HTMLElement;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#input = part<HTMLInputElement>(root, 'input', 'site-search');
    this.#list = part<HTMLUListElement>(root, '[role="listbox"]', 'site-search');
    this.#status = part(root, '[role="status"]', 'site-search');
  }

  wire() {
    const input = this.#input;
    void loadPagefind().catch(() => undefined);
    input.addEventListener('input', () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#run(), 150);
    });
    input.addEventListener('keydown', (event) => this.#key(event));
    this.#list.addEventListener('click', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
      const hit = this.#hits[Number(option?.dataset['index'])];
      if (hit) location.assign(hit.url);
    });
    document.addEventListener('click', (event) => {
      if (!this.#root.contains(event.target as Node)) this.#close();
    });
    if (input.value.trim().length >= 2) void this.#run();
  }

  #key(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (this.#hits.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.#select((this.#active + step + this.#hits.length) % this.#hits.length);
    } else if (event.key === 'Enter') {
      const hit = this.#hits[this.#active];
      if (hit) {
        event.preventDefault();
        location.assign(hit.url);
      }
    } else if (event.key === 'Escape') {
      if (!this.#list.hidden) event.preventDefault();
      this.#close();
    }
  }

  async #run() {
    const [input, list, status] = [this.#input, this.#list, this.#status];
    const query = input.value.trim();
    const ticket = ++this.#query;
    if (query.length < 2) return this.#close();
    let hits: SearchHit[];
    try {
      hits = await search(query);
    } catch {
      // No index (a dev server, or a page that may not run it): Enter still opens the search page.
      status.textContent = 'Press Enter to search.';
      return;
    }
    if (ticket !== this.#query) return; // a newer query is on its way
    this.#hits = hits;
    this.#active = -1;
    input.removeAttribute('aria-activedescendant');
    list.replaceChildren(
      ...hits.map((hit, i) => {
        const li = document.createElement('li');
        li.id = `site-search-option-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.dataset['index'] = String(i);
        const title = Object.assign(document.createElement('span'), { className: 'hit-title', textContent: hitHeading(hit) });
        const excerpt = document.createElement('span');
        excerpt.className = 'hit-excerpt';
        // Text from our own pages with <mark> around matches; every other tag was dropped (src/search/relevance.ts).
        excerpt.innerHTML = hit.excerpt;
        li.append(title, excerpt);
        return li;
      }),
    );
    if (hits.length === 0) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: `No results: no lesson mentions “${query}”. Try another word.` }));
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = hits.length === 0 ? 'No results.' : `${hits.length} result${hits.length === 1 ? '' : 's'}. Use the arrow keys to choose, Enter to open.`;
  }

  #select(index: number) {
    this.#active = index;
    for (const option of this.#list.querySelectorAll<HTMLElement>('[role="option"]')) {
      const on = option.dataset['index'] === String(index);
      option.setAttribute('aria-selected', String(on));
      if (on) {
        this.#input.setAttribute('aria-activedescendant', option.id);
        option.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  #close() {
    this.#list.hidden = true;
    this.#hits = [];
    this.#active = -1;
    this.#input.setAttribute('aria-expanded', 'false');
    this.#input.removeAttribute('aria-activedescendant');
  }
}
