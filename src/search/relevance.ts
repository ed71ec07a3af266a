// Which pagefind results really match a query, and where on the page. Pure: tested in Node with recorded results.

export interface PagefindData {
  url: string;
  meta: { title?: string };
  excerpt: string;
  sub_results?: { url: string; title: string; excerpt: string }[];
}

export interface SearchHit {
  /** The section that matched best (`/learn/deploy/#call-it`), or the page. */
  url: string;
  title: string;
  /** The section's heading, when the hit lands on one. */
  section?: string;
  /** HTML: the matching text with <mark> around the words found, nothing else. */
  excerpt: string;
}

/** How a hit is named in a result list: the page's title, and the section's heading when it lands on one. */
export const hitHeading = (hit: Pick<SearchHit, 'title' | 'section'>): string => (hit.section ? `${hit.title} › ${hit.section}` : hit.title);

const normal = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');
const marks = (html: string) => [...html.matchAll(/<mark>([\s\S]*?)<\/mark>/g)].map((m) => normal(m[1] ?? '')).filter(Boolean);

/** The query's words, as pagefind would match them (at least two letters or digits). */
export function queryWords(query: string): string[] {
  return query.split(/\s+/).map(normal).filter((w) => w.length >= 2);
}

/**
 * Whether a marked word is one of the query's words, allowing for stems ("deploying" finds "deploy") but not
 * for pagefind's loose neighbours ("xyzzyq" is not "-X").
 */
export function isMatch(word: string, mark: string): boolean {
  const stem = word.slice(0, Math.max(2, Math.min(word.length, 5)));
  return mark.includes(stem) || (mark.length >= 4 && word.startsWith(mark));
}

const matches = (words: string[], html: string) => marks(html).filter((m) => words.some((w) => isMatch(w, m))).length;

/** Only tags pagefind adds (<mark>) survive; anything else is dropped (the excerpt goes into innerHTML). */
export const cleanExcerpt = (html: string): string => html.replace(/<(?!\/?mark>)[^>]*>/g, '');

export function relevantHits(query: string, results: readonly PagefindData[]): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const data of results) {
    const subs = data.sub_results ?? [];
    const best = subs.map((s) => ({ s, n: matches(words, s.excerpt) })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n)[0];
    const inTitle = words.some((w) => normal(data.meta.title ?? '').includes(w));
    if (!best && matches(words, data.excerpt) === 0 && !inTitle) continue;
    const page = data.url.replace(/\.html$/, '').replace(/\/index$/, '/');
    const target = best ? best.s.url.replace(/\.html(?=#|$)/, '').replace(/\/index(?=#|$)/, '/') : page;
    const onSection = best !== undefined && target.includes('#');
    hits.push({
      url: target,
      title: data.meta.title ?? page,
      ...(onSection ? { section: best.s.title } : {}),
      excerpt: cleanExcerpt(best ? best.s.excerpt : data.excerpt),
    });
  }
  return hits;
}
