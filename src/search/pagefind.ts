// Loads the pagefind index the build writes to <base>/pagefind/ (after `astro build`), once per page, on first use,
// and turns its results into hits a reader can trust: only pages where a word of the query was really found
// (pagefind's fuzzy matching otherwise answers nonsense like "xyzzyq" with its nearest neighbour), each leading
// to the section that matched rather than the top of the page.
import { sitePath } from '../client/site-path.ts';
import { relevantHits, type PagefindData, type SearchHit } from './relevance.ts';

export type { SearchHit } from './relevance.ts';
export { hitHeading } from './relevance.ts';

interface PagefindResult {
  score: number;
  data(): Promise<PagefindData>;
}
interface Pagefind {
  init(): Promise<void>;
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

let loading: Promise<Pagefind> | undefined;

export function loadPagefind(): Promise<Pagefind> {
  // A variable URL: the bundler must not try to resolve a file that only exists after the build.
  const url = sitePath('/pagefind/pagefind.js');
  loading ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>)
    .then(async (pagefind) => {
      await pagefind.init();
      return pagefind;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

export async function search(query: string, limit = 8): Promise<SearchHit[]> {
  const pagefind = await loadPagefind();
  const { results } = await pagefind.search(query);
  // Read a few more than shown: some are dropped as not really matching.
  const data = await Promise.all(results.slice(0, limit * 2).map((r) => r.data()));
  return relevantHits(query, data).slice(0, limit);
}
