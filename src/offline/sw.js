// The service worker: keeps one complete, versioned copy of the built site so talks and lessons work offline.
// src/integrations/service-worker.ts writes it to dist/sw.js with MANIFEST filled in (every built file and a
// content hash as the version). Plain JS: it is copied as is, not bundled.
/* eslint-env serviceworker */
const MANIFEST = /* MANIFEST */ { version: 'dev', pages: [], assets: [] };
const PREFIX = 'containerless-';
const CACHE = PREFIX + MANIFEST.version;
// On bad Wi-Fi a request can hang for a long time; after this long the offline copy answers instead.
const NETWORK_TIMEOUT_MS = 4000;
// The server answers `Vary: Origin`; module scripts send an Origin header the precache requests did not.
// A static site ignores query strings (`?q=`, the search index's `?ts=` cache buster): same file, same copy.
const MATCH = { ignoreVary: true, ignoreSearch: true };

self.addEventListener('install', (event) => {
  // addAll is all-or-nothing: if one file fails, this version is not installed and the previous one stays.
  // `cache: 'reload'` skips the HTTP cache, so the copy is exactly what the server holds now.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll([...MANIFEST.pages, ...MANIFEST.assets].map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
  // No skipWaiting: pages opened with the previous version keep it (their lazily loaded files stay available)
  // until they close; the next visit then starts on the new version.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'status') {
    event.waitUntil(
      caches
        .open(CACHE)
        .then((cache) => cache.keys())
        .then((keys) =>
          event.source?.postMessage({
            type: 'status',
            version: MANIFEST.version,
            cached: keys.length,
            expected: MANIFEST.pages.length + MANIFEST.assets.length,
          }),
        ),
    );
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  // The workshop server's live API is never answered from the offline copy. Its probe, /api/workshop.json, is: offline,
  // the built file (no workshop) answers, so the page logs no failed request.
  if (url.pathname.startsWith('/api/workshop/')) return;
  // Hashed build output never changes under the same name: the copy is always right.
  if (url.pathname.startsWith('/_astro/')) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request, url));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, MATCH)) ?? fetch(request);
}

// Pages and unhashed files (modules, manifest, favicon): fresh when online, this version's copy when not.
// Network answers are not written to the cache: the cache changes only as a whole, at install, so an offline
// page never mixes versions.
async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request);
  fromNetwork.catch(() => {}); // a late failure after the timeout is not an error: the copy already answered
  const fallback = () => offlineCopy(cache, request, url);
  try {
    return await Promise.race([fromNetwork, timeout(NETWORK_TIMEOUT_MS)]);
  } catch {
    const copy = await fallback();
    // Nothing cached (not precached, or never installed): wait for the network after all.
    return copy ?? fromNetwork;
  }
}

async function offlineCopy(cache, request, url) {
  const exact = await cache.match(request, MATCH);
  if (exact) return exact;
  if (request.mode !== 'navigate') return undefined;
  // /learn/wasi and /learn/wasi/index.html are the same page as /learn/wasi/.
  const path = url.pathname.replace(/index\.html$/, '');
  const page = await cache.match(path.endsWith('/') ? path : path + '/', MATCH);
  if (page) return page;
  const missing = await cache.match('/404.html', MATCH);
  return missing ? new Response(missing.body, { status: 404, headers: missing.headers }) : undefined;
}

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('network timeout')), ms));
}
