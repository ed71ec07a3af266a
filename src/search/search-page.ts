// The search page (/search/?q=…): the full list of results for the words in its address. Its whole purpose, so the
// search code loads with it (the header's box loads it only when used).
import { part } from '../client/dom.ts';
import { hitHeading, search, type SearchHit } from './pagefind.ts';

export async function showSearchPage(page: ParentNode): Promise<void> {
  const query = new URLSearchParams(location.search).get('q')?.trim() ?? '';
  if (!query) return;
  const input = part<HTMLInputElement>(page, '#search-page-input', 'search page');
  const status = part(page, '.status', 'search page');
  const results = part<HTMLOListElement>(page, '.results', 'search page');
  input.value = query;
  status.textContent = 'Searching…';
  let hits: SearchHit[];
  try {
    hits = await search(query, 20);
  } catch {
    status.textContent = 'The search index is missing: it is built by `npm run build` (astro build, then pagefind).';
    return;
  }
  status.textContent = hits.length === 0 ? `No results: no lesson mentions “${query}”. Try another word, or browse the lessons.` : `${hits.length} result${hits.length === 1 ? '' : 's'} for “${query}”.`;
  results.replaceChildren(
    ...hits.map((hit) => {
      const li = document.createElement('li');
      const a = Object.assign(document.createElement('a'), { href: hit.url, textContent: hitHeading(hit) });
      const p = document.createElement('p');
      p.innerHTML = hit.excerpt; // only <mark> survives (src/search/relevance.ts)
      li.append(a, p);
      return li;
    }),
  );
}
