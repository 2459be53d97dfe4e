// The service worker of a deployed textlens (dist/sw.js, written by tools/dist.mjs from this file):
// it precaches one version of the whole app — page, scripts, worker, wasm — and serves it from that
// cache, so the page works offline after one visit. A new deployment installs beside the old one
// and takes over only when no page runs the old version (or the person presses "Reload"), so a page
// never mixes old scripts with a new wasm. Relative URLs throughout: it works under any sub-path.

// Filled in by tools/dist.mjs; from www/ as is, this worker caches nothing.
const VERSION = 'dev';
const FILES = [];

const PREFIX = 'textlens-';
const CACHE = `${PREFIX}${VERSION}`;
const scope = () => self.registration.scope;

/** Fetches `path` from the host, checks it is this version's file, and stores it in the cache. */
async function precache(cache, [path, sha256]) {
  const url = new URL(path, scope());
  const res = await fetch(url, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const body = await res.arrayBuffer();
  const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', body))]
    .map((b) => b.toString(16).padStart(2, '0')).join('');
  // The host already serves another version (or a proxy altered the file): do not install a mix.
  if (digest !== sha256) throw new Error(`${path}: not the file of version ${VERSION}`);
  // Served from the cache with the right type, whatever the host said (e.g. .wasm as octet-stream,
  // which breaks WebAssembly.instantiateStreaming).
  const headers = { 'content-type': typeOf(path) ?? res.headers.get('content-type') ?? 'application/octet-stream' };
  await cache.put(url, new Response(body, { headers }));
}

function typeOf(path) {
  const ext = path.slice(path.lastIndexOf('.') + 1);
  return {
    html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8', wasm: 'application/wasm', json: 'application/json; charset=utf-8',
    txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8', svg: 'image/svg+xml', png: 'image/png',
  }[ext];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      for (const file of FILES) await precache(cache, file);
    } catch (err) {
      await caches.delete(CACHE);
      throw err;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The page's "Reload" on a new version: take over now; the page reloads on `controllerchange`.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope())) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // The page is cached as both `./` and `./index.html`; `?query` (page options) is ignored.
    const hit = await cache.match(request, { ignoreSearch: true });
    return hit ?? fetch(request);
  })());
});
