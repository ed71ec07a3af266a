// Loads the pagefind index the build writes to /pagefind/ (after `astro build`), once per page, on first use.

export interface SearchHit {
  url: string;
  title: string;
  /** HTML: the matching text with <mark> around the words found */
  excerpt: string;
}

interface PagefindResult {
  data(): Promise<{ url: string; meta: { title?: string }; excerpt: string }>;
}
interface Pagefind {
  init(): Promise<void>;
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

let loading: Promise<Pagefind> | undefined;

export function loadPagefind(): Promise<Pagefind> {
  // A variable URL: the bundler must not try to resolve a file that only exists after the build.
  const url = `${import.meta.env.BASE_URL.replace(/\/$/, '')}/pagefind/pagefind.js`;
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
  const data = await Promise.all(results.slice(0, limit).map((r) => r.data()));
  return data.map((d) => ({ url: d.url.replace(/\.html$/, '').replace(/\/index$/, '/'), title: d.meta.title ?? d.url, excerpt: d.excerpt }));
}
