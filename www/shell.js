// The page shell's own start, apart from the app. A module that runs proves the page is served
// (browsers block module scripts opened from disk), so the "must be served" note goes. In a deployed
// build (dist/index.html carries <meta name="textlens-service-worker">) it registers the service
// worker that keeps the page working offline, and offers a reload when a new version is installed.

import { scriptURL } from './trusted.js';

document.getElementById('needs-server')?.remove();

const worker = document.querySelector('meta[name="textlens-service-worker"]')?.content;
if (worker && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
  // After load: the first visit's own downloads (the wasm above all) come first.
  if (document.readyState === 'complete') register(worker);
  else addEventListener('load', () => register(worker), { once: true });
}

async function register(path) {
  const sw = navigator.serviceWorker;
  let asked = false;
  // Fires on the first install too (the worker claims the page): reload only when asked.
  sw.addEventListener('controllerchange', () => { if (asked) location.reload(); });
  const offer = (waiting) => {
    if (document.getElementById('update-ready')) return;
    const zh = document.documentElement.lang.startsWith('zh');
    const bar = document.createElement('div');
    bar.id = 'update-ready';
    bar.className = 'update-ready';
    bar.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = zh ? 'textlens 有新版本。' : 'A new version of textlens is ready.';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = zh ? '重新载入' : 'Reload';
    button.addEventListener('click', () => { asked = true; waiting.postMessage({ type: 'skip-waiting' }); });
    bar.append(text, ' ', button);
    (document.querySelector('header') ?? document.body).append(bar);
  };
  try {
    // Trusted Types (the page's CSP): a script URL only through the page's one policy.
    const reg = await sw.register(scriptURL(new URL(path, document.baseURI)), { updateViaCache: 'none' });
    if (reg.waiting && sw.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const next = reg.installing;
      next?.addEventListener('statechange', () => {
        if (next.state === 'installed' && sw.controller) offer(next);
      });
    });
  } catch (err) {
    // The page works without it, only not offline.
    console.warn(`textlens: no offline copy (${err.message})`);
  }
}
