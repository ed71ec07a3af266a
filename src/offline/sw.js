// The service worker: keeps one complete, versioned copy of the built site so talks and lessons work offline, and
// never mixes two versions of it. src/integrations/service-worker.ts writes it to dist/sw.js with MANIFEST filled
// in (every built file, each with its content hash, and a version that changes with any of them). Plain JS: it is
// copied as is, not bundled. It also serves /vnet/<port>/..., the page's virtual network as a browser address.
/* eslint-env serviceworker */
const MANIFEST = /* MANIFEST */ { version: 'dev', pages: [], assets: [], hashes: {} };
const PREFIX = 'containerless-';
const CACHE = PREFIX + MANIFEST.version;
/** Where an install is assembled; it becomes CACHE only once every file arrived and matched its hash. */
const STAGING = PREFIX + 'staging-' + MANIFEST.version;
/** The site's base path ("/" or "/containerless/"): the worker's own folder. */
const BASE = new URL('./', self.location.href).pathname;
// MANIFEST lists addresses from the site's root (`/learn/wasi/`), whatever the base: the same build output is listed
// the same way. These two turn a listed address into the URL under BASE, and a requested path back into its address.
const urlOf = (address) => BASE + address.slice(1);
const addressOf = (pathname) => '/' + pathname.slice(BASE.length);
// On bad Wi-Fi a request can hang for a long time; after this long the offline copy answers instead.
const NETWORK_TIMEOUT_MS = 4000;
// The server answers `Vary: Origin`; module scripts send an Origin header the precache requests did not.
const MATCH = { ignoreVary: true, ignoreSearch: true };

/** A stored copy's address: the file plus its content hash, so two versions of one file never share a key. */
const keyOf = (address) => `${address}?v=${MANIFEST.hashes[address] ?? MANIFEST.version}`;

async function sha16(response) {
  const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

self.addEventListener('install', (event) => {
  // All or nothing, into a staging cache: a file that fails to download, or that is not the content this version
  // lists (the server already holds a newer deploy), fails the install, the staging copy is deleted, and the
  // previous version's complete cache keeps serving. `cache: 'reload'` skips the HTTP cache.
  event.waitUntil(
    (async () => {
      await caches.delete(STAGING);
      const staging = await caches.open(STAGING);
      let copying = false;
      try {
        const addresses = [...MANIFEST.pages, ...MANIFEST.assets];
        let next = 0;
        const worker = async () => {
          while (next < addresses.length) {
            const address = addresses[next++];
            const response = await fetch(new Request(urlOf(address), { cache: 'reload' }));
            if (!response.ok) throw new Error(`${address}: HTTP ${response.status}`);
            const expected = MANIFEST.hashes[address];
            if (expected && (await sha16(response)) !== expected) throw new Error(`${address}: not the content of version ${MANIFEST.version}`);
            await staging.put(keyOf(address), response);
          }
        };
        await Promise.all(Array.from({ length: 6 }, worker));
        copying = true;
        const complete = await caches.open(CACHE);
        for (const request of await staging.keys()) await complete.put(request, await staging.match(request));
      } catch (error) {
        // Only a half-copied cache of this version goes; the previous version's is never touched here.
        if (copying) await caches.delete(CACHE);
        throw error;
      } finally {
        await caches.delete(STAGING);
      }
    })(),
  );
  // No skipWaiting: pages opened with the previous version keep it until they close.
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

/** Pages this worker answered from its own copy: their later requests may take that same copy, and only those. */
const fromCopy = new Set();

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Outside BASE is another site on this host: not ours to answer.
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE) || url.pathname === BASE + 'sw.js') return;
  if (url.pathname.startsWith(BASE + 'vnet/')) return event.respondWith(virtualNetwork(event, url));
  // The workshop server's live API is never answered from the offline copy. Its probe, /api/workshop.json, is: offline,
  // the built file (no workshop) answers, so the page logs no failed request.
  if (url.pathname.startsWith(BASE + 'api/workshop/')) return;
  if (request.method !== 'GET') return;
  const address = addressOf(url.pathname);
  const version = url.searchParams.get('v');
  if (version !== null) {
    // A versioned address names its content: this copy if it is that content, else only the network.
    event.respondWith(versioned(request, address, version));
  } else if (address.startsWith('/_astro/') || address.startsWith('/pagefind/fragment/') || address.startsWith('/pagefind/index/')) {
    // Hashed build output never changes under the same name.
    event.respondWith(cacheFirst(request, address));
  } else event.respondWith(networkFirst(event, address));
});

async function copyOf(address) {
  const cache = await caches.open(CACHE);
  return cache.match(keyOf(address), { ignoreVary: true });
}

async function versioned(request, address, version) {
  if (MANIFEST.hashes[address] === version) {
    const copy = await copyOf(address);
    if (copy) return copy;
  }
  return fetch(request);
}

async function cacheFirst(request, address) {
  return (await copyOf(address)) ?? fetch(request);
}

// Pages and unversioned files: fresh when online. The stored copy answers when the network fails, or is too slow,
// and only where it cannot mix versions: a page (it comes with this version's files), or a file asked for by a
// page that this worker itself served from its copy. A page that came from the network may be a newer version,
// so its files wait for the network.
async function networkFirst(event, address) {
  const request = event.request;
  const navigate = request.mode === 'navigate';
  const sameVersion = navigate || fromCopy.has(event.clientId);
  const fromNetwork = fetch(request);
  fromNetwork.catch(() => {}); // a late failure after the timeout is not an error: the copy already answered
  let offline = false;
  try {
    const response = await Promise.race([fromNetwork, timeout(NETWORK_TIMEOUT_MS)]);
    return response;
  } catch (error) {
    offline = !(error instanceof TimeoutError);
  }
  // Offline, a page from the network could not have loaded now; after a timeout only same-version requests fall back.
  if (!sameVersion && !offline) return fromNetwork;
  const copy = navigate ? await pageCopy(address) : await copyOf(address);
  if (!copy) return fromNetwork;
  if (navigate && event.resultingClientId) fromCopy.add(event.resultingClientId);
  return copy;
}

async function pageCopy(address) {
  // /learn/wasi and /learn/wasi/index.html are the same page as /learn/wasi/.
  const path = address.replace(/index\.html$/, '');
  const page = (await copyOf(path)) ?? (await copyOf(path.endsWith('/') ? path : path + '/'));
  if (page) return page;
  const missing = await copyOf('/404.html');
  return missing ? new Response(missing.body, { status: 404, headers: missing.headers }) : undefined;
}

class TimeoutError extends Error {}
function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new TimeoutError('network timeout')), ms));
}

// /vnet/<port>/<path>: the request goes to an open page of this site that runs a guest on that port (or can start
// the course's server there), over a MessageChannel, and its answer comes back as this response. So a new tab or an
// <iframe> can show what the module answers, offline, from any static host.
async function virtualNetwork(event, url) {
  const match = /^vnet\/(\d{1,5})(\/.*)?$/.exec(url.pathname.slice(BASE.length));
  if (!match) return plain(400, 'Ask for /vnet/<port>/<path>, for example vnet/<port>/?starts_with=d');
  const port = Number(match[1]);
  const path = (match[2] ?? '/') + url.search;
  const body = event.request.method === 'GET' || event.request.method === 'HEAD' ? undefined : await event.request.text();
  const ask = { type: 'vnet-request', port, path, method: event.request.method, body };
  const pages = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).filter((c) => c.id !== event.resultingClientId);
  for (const page of pages) {
    const answer = await askPage(page, ask);
    if (answer && answer.type === 'vnet-response') {
      return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: { ...answer.headers, 'X-Served-By': `this page's virtual network, port ${port}` },
      });
    }
  }
  return plain(
    503,
    `Nothing answers on port ${port} of this site's virtual network: no open page of the course runs a server there.\n` +
      `Open a lesson with the word generator (for example ${BASE}learn/run-and-curl/) in another tab, then reload this one.`,
  );
}

function askPage(page, ask) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), 12_000);
    channel.port1.onmessage = (e) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    page.postMessage(ask, [channel.port2]);
  });
}

function plain(status, text) {
  return new Response(text + '\n', { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
