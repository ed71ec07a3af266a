// Search results a reader can trust: nonsense finds nothing, a hit leads to the section that matched, and its
// excerpt carries no markup but <mark>. Results recorded from the built site's pagefind index.
import { describe, expect, test } from 'vitest';
import { cleanExcerpt, hitHeading, relevantHits, type PagefindData } from '../../../src/search/relevance.ts';

const xyzzyq: PagefindData[] = [
  {
    url: '/learn/run-and-curl/',
    meta: { title: 'Run it and curl it' },
    excerpt: 'from a to z, for example /?starts_with=d. Hint: Try a path it does not know (404) or <mark>-X</mark> POST (405 with an Allow header).',
    sub_results: [{ url: '/learn/run-and-curl/#step-page-curl-bad-request-title', title: 'Send a bad request', excerpt: 'or <mark>-X</mark> POST' }],
  },
];

const runtimeclass: PagefindData[] = [
  {
    url: '/learn/deploy/',
    meta: { title: 'Deploy it and call it' },
    excerpt: 'registry with the image, the <mark>RuntimeClass);</mark> On your machine',
    sub_results: [
      { url: '/learn/deploy/', title: 'Deploy it and call it', excerpt: 'Lesson 8 of 10 · about 25 min.' },
      { url: '/learn/deploy/#objectives-title', title: 'You will', excerpt: 'the registry with the image, the <mark>RuntimeClass);</mark>' },
    ],
  },
  {
    url: '/learn/whats-next/',
    meta: { title: "What's next" },
    excerpt: 'real cluster, <mark>runtime-class-manager</mark> can install',
    sub_results: [
      { url: '/learn/whats-next/#what-you-built', title: 'What you built', excerpt: 'an 80 KB image layer, a shim, a <mark>RuntimeC' },
      { url: '/learn/whats-next/#the-wasmtime-track', title: 'The Wasmtime track', excerpt: '<mark>runtime-class-manager</mark> can <mark>runtimeclass</mark>' },
    ],
  },
];

describe('search relevance', () => {
  test('a nonsense word matched only by a loose neighbour gives no results', () => {
    expect(relevantHits('xyzzyq', xyzzyq)).toEqual([]);
    expect(relevantHits('  ', runtimeclass)).toEqual([]);
  });

  test('a hit lands on the section with the most matches, and names it', () => {
    const hits = relevantHits('RuntimeClass', runtimeclass);
    expect(hits.map((h) => h.url)).toEqual(['/learn/deploy/#objectives-title', '/learn/whats-next/#the-wasmtime-track']);
    expect(hits[1]?.section).toBe('The Wasmtime track');
  });

  test('excerpts keep <mark> and nothing else', () => {
    expect(cleanExcerpt('a <mark>b</mark> <img src=x onerror=alert(1)><script>c</script>')).toBe('a <mark>b</mark> c');
  });
});

describe('how a hit is named in the result lists', () => {
  test('a hit on a section names the page and the section', () => {
    expect(hitHeading({ title: 'Run it and curl it', section: 'Send a bad request' })).toBe('Run it and curl it › Send a bad request');
  });
  test('a hit on the page itself names the page only', () => {
    expect(hitHeading({ title: 'Deploy it and call it' })).toBe('Deploy it and call it');
  });
});
